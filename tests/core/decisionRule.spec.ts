/**
 * The decision rule (whom to contact) under every combination of payoffs, capacity and a hand-set
 * threshold, against a brute-force search over every threshold on random portfolios.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyDecisionRule,
  CONTACT_NOBODY,
  expectedGainThreshold,
  payoffProblems,
} from '../../src/core/decision/decisionRule';
import { ExpectedProfitCurve } from '../../src/core/decision/expectedProfit';
import { DEFAULT_PAYOFFS, type Payoffs } from '../../src/core/decision/profit';

/** Probabilities on a coarse grid (ties are common) or anywhere in [0, 1]. */
const portfolio = fc.array(
  fc.oneof(
    fc.integer({ min: 0, max: 20 }).map((k) => k / 20),
    fc.double({ min: 0, max: 1, noNaN: true }),
  ),
  { minLength: 0, maxLength: 40 },
);
const anyPayoffs: fc.Arbitrary<Payoffs> = fc.record({
  tp: fc.integer({ min: -50, max: 200 }),
  fp: fc.integer({ min: -60, max: 10 }),
  fn: fc.integer({ min: -50, max: 10 }),
  tn: fc.integer({ min: -10, max: 10 }),
});
const capacity = fc.option(fc.integer({ min: 0, max: 45 }), { nil: null });
const gridProbability = fc.integer({ min: 0, max: 20 }).map((k) => k / 20);
const hand = fc.option(gridProbability, { nil: null });

/** Expected R$ gain of contacting a customer of probability p over leaving them alone. */
const gainOf = (p: number, payoffs: Payoffs) =>
  p * (payoffs.tp - payoffs.fn) + (1 - p) * (payoffs.fp - payoffs.tn);

/** Contacting everyone at or above t, counted and summed one customer at a time. */
function bruteForceAt(ps: number[], t: number, payoffs: Payoffs) {
  let contacted = 0;
  let expected = 0;
  for (const p of ps) {
    if (p >= t) {
      contacted++;
      expected += p * payoffs.tp + (1 - p) * payoffs.fp;
    } else {
      expected += p * payoffs.fn + (1 - p) * payoffs.tn;
    }
  }
  return { contacted, expected };
}

/** Every cut a threshold can make: at each distinct probability, and nobody. */
const candidateThresholds = (ps: number[]) => [...new Set(ps), CONTACT_NOBODY];

describe('the threshold where contacting starts to pay', () => {
  it('is 0.1 for the bank’s default payoffs and follows edited ones', () => {
    expect(expectedGainThreshold(DEFAULT_PAYOFFS)).toBeCloseTo(0.1, 15);
    // TP 150, a contact costing 15: 15 / (150 + 15).
    expect(expectedGainThreshold({ tp: 150, fp: -15, fn: 0, tn: 0 })).toBeCloseTo(15 / 165, 15);
    // A churner missed costs 20: 15 / (170 + 15).
    expect(expectedGainThreshold({ tp: 150, fp: -15, fn: -20, tn: 0 })).toBeCloseTo(15 / 185, 15);
    // Contacts that cost nothing: everybody; a retained churner that loses: nobody.
    expect(expectedGainThreshold({ tp: 90, fp: 0, fn: 0, tn: 0 })).toBe(0);
    expect(expectedGainThreshold({ tp: -5, fp: -10, fn: 0, tn: 0 })).toBe(CONTACT_NOBODY);
  });

  it('flags a matrix where a wasted contact pays or a retained churner loses', () => {
    expect(payoffProblems(DEFAULT_PAYOFFS)).toEqual([]);
    // "15" typed as the FP payoff instead of a cost: a needless contact earns R$ 15.
    expect(payoffProblems({ tp: 90, fp: 15, fn: 0, tn: 0 })).toEqual([
      { code: 'wasted-contact-pays' },
    ]);
    expect(payoffProblems({ tp: -90, fp: -10, fn: 0, tn: 0 })).toEqual([
      { code: 'retained-churner-loses' },
    ]);
  });
});

describe('the decision rule on random portfolios, against a brute-force search', () => {
  it('contacts exactly the customers at or above its threshold, and never more than the capacity', () => {
    fc.assert(
      fc.property(portfolio, anyPayoffs, capacity, hand, (ps, payoffs, cap, own) => {
        const rule = applyDecisionRule(new ExpectedProfitCurve(ps), payoffs, cap, own);
        const direct = bruteForceAt(ps, rule.threshold, payoffs);
        expect(rule.contacted).toBe(direct.contacted);
        expect(rule.expectedProfit).toBeCloseTo(direct.expected, 6);
        if (cap !== null) expect(rule.contacted).toBeLessThanOrEqual(cap);
        expect(rule.basis).toBe(own === null ? 'expected-gain' : 'hand');
      }),
      { numRuns: 500 },
    );
  });

  it('by default, earns the most any threshold within the capacity earns, contacting no customer of negative expected gain', () => {
    fc.assert(
      fc.property(portfolio, anyPayoffs, capacity, (ps, payoffs, cap) => {
        // Where the gain rises with the probability, a threshold can follow it (sound payoffs).
        fc.pre(payoffs.tp - payoffs.fn + payoffs.tn - payoffs.fp > 0);
        const rule = applyDecisionRule(new ExpectedProfitCurve(ps), payoffs, cap, null);
        let best = -Infinity;
        for (const t of candidateThresholds(ps)) {
          const at = bruteForceAt(ps, t, payoffs);
          if (cap === null || at.contacted <= cap) best = Math.max(best, at.expected);
        }
        expect(rule.expectedProfit).toBeCloseTo(best, 6);
        for (const p of ps)
          if (p >= rule.threshold) expect(gainOf(p, payoffs)).toBeGreaterThan(-1e-9);
      }),
      { numRuns: 1000 },
    );
  });

  it('with a hand-set threshold, contacts everyone at or above it, or the most that fit the capacity with ties together', () => {
    fc.assert(
      fc.property(portfolio, anyPayoffs, capacity, gridProbability, (ps, payoffs, cap, own) => {
        const rule = applyDecisionRule(new ExpectedProfitCurve(ps), payoffs, cap, own);
        const wanted = bruteForceAt(ps, own, payoffs).contacted;
        let expected = wanted;
        if (cap !== null && wanted > cap) {
          expected = 0;
          for (const t of candidateThresholds(ps)) {
            const contacted = bruteForceAt(ps, t, payoffs).contacted;
            if (contacted <= cap) expected = Math.max(expected, contacted);
          }
        }
        expect(rule.contacted).toBe(expected);
        expect(rule.limitedByCapacity).toBe(expected < wanted);
        if (rule.limitedByCapacity) expect(rule.threshold).toBeGreaterThan(own);
        else expect(rule.threshold).toBe(own);
      }),
      { numRuns: 1000 },
    );
  });

  it('under payoffs where the gain falls with the probability, contacts everybody or nobody', () => {
    fc.assert(
      fc.property(portfolio, anyPayoffs, (ps, payoffs) => {
        fc.pre(payoffs.tp - payoffs.fn + payoffs.tn - payoffs.fp < 0);
        const rule = applyDecisionRule(new ExpectedProfitCurve(ps), payoffs, null, null);
        expect([0, ps.length]).toContain(rule.contacted);
        expect(payoffProblems(payoffs).length).toBeGreaterThan(0);
      }),
      { numRuns: 300 },
    );
  });

  it('under a capacity of 300 on 5,000 customers, contacts the 300 most likely when more than 300 would pay', () => {
    const ps = Array.from({ length: 5000 }, (_, i) => ((i * 7919) % 5000) / 5000);
    const rule = applyDecisionRule(new ExpectedProfitCurve(ps), DEFAULT_PAYOFFS, 300, null);
    expect(rule.contacted).toBe(300);
    expect(rule.limitedByCapacity).toBe(true);
    expect(rule.threshold).toBeCloseTo((4700 / 5000 + 4699 / 5000) / 2, 12);
    const free = applyDecisionRule(new ExpectedProfitCurve(ps), DEFAULT_PAYOFFS, null, null);
    expect(free.threshold).toBeCloseTo(0.1, 15);
    expect(free.contacted).toBe(4500);
  });
});
