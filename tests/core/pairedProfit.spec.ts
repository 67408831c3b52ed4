import { describe, expect, it } from 'vitest';
import {
  contactsAt,
  pairedProfitDifference,
  profitOfContacts,
} from '../../src/core/decision/pairedProfit';
import { DEFAULT_PAYOFFS } from '../../src/core/decision/profit';

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

  it('contacts customers at or above the threshold, and no one on NaN', () => {
    expect(Array.from(contactsAt([0.1, 0.05, 0.2, Number.NaN], 0.1))).toEqual([1, 0, 1, 0]);
    expect(pairedProfitDifference([], [], [], DEFAULT_PAYOFFS).resamples).toBe(0);
  });
});
