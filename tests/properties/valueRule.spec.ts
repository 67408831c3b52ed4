/**
 * Each customer's own value, against a brute-force search: on random small portfolios, no set of
 * customers to contact (within the capacity) expects more than the value rule's, and the rule's
 * expected profit is the sum, customer by customer, of what each decision expects.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ValueRanking,
  WHOLE_VALUE,
  expectedGainWithValue,
  retentionBenefit,
  type ValueShare,
} from '../../src/core/decision/customerValue';
import { ExpectedProfitCurve } from '../../src/core/decision/expectedProfit';
import { DEFAULT_PAYOFFS, type Payoffs } from '../../src/core/decision/profit';
import { applyDecisionRule } from '../../src/core/decision/decisionRule';

const customers = fc.array(
  fc.record({
    p: fc.integer({ min: 0, max: 20 }).map((k) => k / 20),
    value: fc.oneof(fc.integer({ min: 0, max: 2000 }), fc.constant(Number.NaN), fc.constant(0)),
  }),
  { minLength: 0, maxLength: 9 },
);
const payoffs: fc.Arbitrary<Payoffs> = fc.record({
  tp: fc.integer({ min: 0, max: 200 }),
  fp: fc.integer({ min: -50, max: 0 }),
  fn: fc.integer({ min: -50, max: 0 }),
  tn: fc.integer({ min: 0, max: 5 }),
});
const shares: fc.Arbitrary<ValueShare> = fc.record({
  share: fc.integer({ min: 0, max: 20 }).map((k) => k / 20),
  cap: fc.option(fc.integer({ min: 0, max: 500 }), { nil: null }),
});

/** Expected R$ of one decision for one customer, straight from the payoffs. */
function expectedOf(
  p: number,
  value: number,
  contacted: boolean,
  flat: Payoffs,
  rule: ValueShare,
): number {
  const tp = Number.isFinite(value)
    ? rule.cap === null
      ? rule.share * value
      : Math.min(rule.share * value, rule.cap)
    : flat.tp;
  return contacted ? p * tp + (1 - p) * flat.fp : p * flat.fn + (1 - p) * flat.tn;
}

/** The largest expected R$ over every set of at most `capacity` customers contacted. */
function bruteForceBest(
  rows: { p: number; value: number }[],
  flat: Payoffs,
  rule: ValueShare,
  capacity: number | null,
): number {
  let best = Number.NEGATIVE_INFINITY;
  for (let mask = 0; mask < 1 << rows.length; mask++) {
    let size = 0;
    for (let m = mask; m > 0; m >>= 1) size += m & 1;
    if (capacity !== null && size > capacity) continue;
    let total = 0;
    rows.forEach((row, i) => {
      total += expectedOf(row.p, row.value, ((mask >> i) & 1) === 1, flat, rule);
    });
    best = Math.max(best, total);
  }
  return best;
}

describe("the value rule (each customer's own value)", () => {
  it('expects as much as the best set of contacts a brute-force search finds, with or without a capacity', () => {
    fc.assert(
      fc.property(
        customers,
        payoffs,
        shares,
        fc.option(fc.integer({ min: 0, max: 9 }), { nil: null }),
        (rows, flat, rule, capacity) => {
          const ranking = new ValueRanking(
            rows.map((r) => r.p),
            rows.map((r) => r.value),
            flat,
            rule,
          );
          const chosen = ranking.best(capacity);
          expect(chosen.expectedProfit).toBeCloseTo(bruteForceBest(rows, flat, rule, capacity), 6);
          // The contacts are the first `contacted` in gain order, and each has a positive gain.
          const contacted = new Set(ranking.order.slice(0, chosen.contacted));
          let direct = 0;
          rows.forEach((row, i) => {
            direct += expectedOf(row.p, row.value, contacted.has(i), flat, rule);
            if (contacted.has(i)) {
              expect(expectedGainWithValue(row.p, row.value, flat, rule)).toBeGreaterThan(0);
            }
          });
          expect(chosen.expectedProfit).toBeCloseTo(direct, 6);
          if (capacity !== null) expect(chosen.contacted).toBeLessThanOrEqual(capacity);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('contacts as the flat rule does when every customer is worth the flat benefit', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.integer({ min: 0, max: 1000 }).map((k) => k / 1000),
          { maxLength: 80 },
        ),
        (probabilities) => {
          const ranking = new ValueRanking(
            probabilities,
            probabilities.map(() => 90),
            DEFAULT_PAYOFFS,
            WHOLE_VALUE,
          );
          const flat = applyDecisionRule(
            new ExpectedProfitCurve(probabilities),
            DEFAULT_PAYOFFS,
            null,
            null,
          );
          // The flat rule also contacts a gain of exactly 0 (p = 0.1); it adds nothing.
          const atBreakEven = probabilities.filter((p) => p === 0.1).length;
          expect(flat.contacted - ranking.positive).toBe(atBreakEven);
          expect(ranking.best(null).expectedProfit).toBeCloseTo(flat.expectedProfit, 6);
        },
      ),
    );
  });
});

describe("a customer's retention benefit", () => {
  it('is the share of the value, at most the cap, and the flat benefit when the value is missing', () => {
    expect(retentionBenefit(1000, DEFAULT_PAYOFFS, { share: 0.2, cap: null })).toBe(200);
    expect(retentionBenefit(1000, DEFAULT_PAYOFFS, { share: 0.2, cap: 150 })).toBe(150);
    expect(retentionBenefit(Number.NaN, DEFAULT_PAYOFFS, { share: 0.2, cap: 150 })).toBe(90);
  });

  it('ranks a likely churner with an empty account below a less likely one with a large balance', () => {
    // 0.6·(0 − 0) + 0.4·(−10) = −4 against 0.3·2,000 − 0.7·10 = 593.
    const ranking = new ValueRanking([0.6, 0.3], [0, 2000], DEFAULT_PAYOFFS, WHOLE_VALUE);
    expect([...ranking.order]).toEqual([1, 0]);
    expect(ranking.positive).toBe(1);
    // Leaving the other alone costs nothing (FN = TN = 0): 593 in all.
    expect(ranking.best(null).expectedProfit).toBeCloseTo(593, 10);
  });

  it("gives the expected profit's interval from each contact's own benefit", () => {
    // Contact the one worth 2,000: variance (2,000 + 10)²·0.21; the other, left, adds (0 − 0)².
    const ranking = new ValueRanking([0.6, 0.3], [0, 2000], DEFAULT_PAYOFFS, WHOLE_VALUE);
    const [low, high] = ranking.profitInterval(1);
    expect((high - low) / 2).toBeCloseTo(1.6448536 * 2010 * Math.sqrt(0.21), 3);
  });
});
