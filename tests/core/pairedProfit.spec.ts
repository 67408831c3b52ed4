import { describe, expect, it } from 'vitest';
import {
  contactsAt,
  pairedProfitDifference,
  profitOfContacts,
} from '../../src/core/decision/pairedProfit';
import { DEFAULT_PAYOFFS } from '../../src/core/decision/profit';
import { createRng } from '../../src/core/rng';

/** The bootstrap's definition: n rows drawn one by one, with replacement, per resample. */
function rowByRowBootstrap(
  difference: readonly number[],
  resamples: number,
): { interval: [number, number]; probabilityAWins: number } {
  const rng = createRng(77);
  const totals: number[] = [];
  for (let r = 0; r < resamples; r++) {
    let total = 0;
    for (let i = 0; i < difference.length; i++)
      total += difference[rng.int(difference.length)] ?? 0;
    totals.push(total);
  }
  totals.sort((x, y) => x - y);
  const at = (q: number) => {
    const position = q * (totals.length - 1);
    const lo = Math.floor(position);
    return (totals[lo] ?? 0) + ((totals[lo + 1] ?? 0) - (totals[lo] ?? 0)) * (position - lo);
  };
  return {
    interval: [at(0.05), at(0.95)],
    probabilityAWins: totals.filter((t) => t > 0).length / resamples,
  };
}

/** 3,000 rows: a tenth churners; A and B disagree on about a fifth of them. */
function disagreement(): { a: number[]; b: number[]; labels: number[]; benefits: number[] } {
  const rng = createRng(8);
  const labels = Array.from({ length: 3000 }, (_, i) => (i % 10 === 0 ? 1 : 0));
  const a = labels.map((y) => (rng.next() < (y === 1 ? 0.6 : 0.12) ? 1 : 0));
  const b = labels.map((y) => (rng.next() < (y === 1 ? 0.5 : 0.08) ? 1 : 0));
  const benefits = labels.map(() => 40 + Math.round(rng.next() * 10_000) / 100);
  return { a, b, labels, benefits };
}

describe('the paired bootstrap of a profit difference', () => {
  const labels = Array.from({ length: 400 }, (_, i) => (i % 10 === 0 ? 1 : 0));

  it('gives the observed difference exactly: A finds 10 more churners at 5 more false alarms', () => {
    const a = labels.map((y, i) => (y === 1 && i < 200 ? 1 : i >= 395 ? 1 : 0));
    const b = labels.map((y, i) => (y === 1 && i < 100 ? 1 : 0));
    const d = pairedProfitDifference(a, b, labels, DEFAULT_PAYOFFS, { resamples: 500, seed: 3 });
    expect(d.observed).toBe(10 * 90 - 5 * 10);
    expect(d.observed).toBe(
      profitOfContacts(a, labels, DEFAULT_PAYOFFS) - profitOfContacts(b, labels, DEFAULT_PAYOFFS),
    );
    // A: 20 churners found, 5 false alarms; B: 10 churners found.
    expect(profitOfContacts(a, labels, DEFAULT_PAYOFFS)).toBe(20 * 90 - 5 * 10);
    expect(d.interval[0]).toBeLessThan(d.observed);
    expect(d.interval[1]).toBeGreaterThan(d.observed);
    expect(d.probabilityAWins).toBe(1);
  });

  it('has no spread when both models decide alike, and A never wins', () => {
    const same = labels.map((_, i) => (i % 3 === 0 ? 1 : 0));
    const d = pairedProfitDifference(same, same, labels, DEFAULT_PAYOFFS, { resamples: 100 });
    expect(d).toEqual({ observed: 0, interval: [0, 0], probabilityAWins: 0, resamples: 100 });
  });

  it('wins about half the time when the models trade one churner for another', () => {
    // A catches churners 0…99's churners, B 100…199's: same expected profit, wide interval.
    const a = labels.map((y, i) => (y === 1 && i < 100 ? 1 : 0));
    const b = labels.map((y, i) => (y === 1 && i >= 100 && i < 200 ? 1 : 0));
    const d = pairedProfitDifference(a, b, labels, DEFAULT_PAYOFFS, { resamples: 2000, seed: 9 });
    expect(d.observed).toBe(0);
    expect(d.probabilityAWins).toBeGreaterThan(0.35);
    expect(d.probabilityAWins).toBeLessThan(0.55);
    expect(d.interval[0]).toBeLessThan(-200);
    expect(d.interval[1]).toBeGreaterThan(200);
  });

  it('draws what drawing every row one by one draws, for the payoffs and for each customer’s own value', () => {
    const { a, b, labels, benefits } = disagreement();
    const payoffs = DEFAULT_PAYOFFS;
    for (const own of [undefined, benefits]) {
      const d = pairedProfitDifference(a, b, labels, payoffs, {
        resamples: 3000,
        seed: 4,
        ...(own === undefined ? {} : { benefits: own }),
      });
      const difference = labels.map((y, i) => {
        const value = (contact: number) =>
          contact === 1 ? (y === 1 ? (own?.[i] ?? payoffs.tp) : payoffs.fp) : 0;
        return value(a[i] ?? 0) - value(b[i] ?? 0);
      });
      const reference = rowByRowBootstrap(difference, 3000);
      // With 3,000 resamples each edge is within about 4% of the interval's width of its
      // percentile, and each share of wins within about 0.009 of its probability.
      const width = reference.interval[1] - reference.interval[0];
      expect(Math.abs(d.interval[0] - reference.interval[0])).toBeLessThan(0.2 * width);
      expect(Math.abs(d.interval[1] - reference.interval[1])).toBeLessThan(0.2 * width);
      expect(Math.abs(d.probabilityAWins - reference.probabilityAWins)).toBeLessThan(0.04);
    }
  });

  it('contacts customers at or above the threshold, and no one on NaN', () => {
    expect(Array.from(contactsAt([0.1, 0.05, 0.2, Number.NaN], 0.1))).toEqual([1, 0, 1, 0]);
    expect(pairedProfitDifference([], [], [], DEFAULT_PAYOFFS).resamples).toBe(0);
  });
});
