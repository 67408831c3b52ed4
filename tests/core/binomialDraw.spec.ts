import { describe, expect, it } from 'vitest';
import { binomialDraw } from '../../src/core/binomialDraw';
import { createRng } from '../../src/core/rng';

/** Share of 200,000 draws equal to each k, and the draws' average. */
function frequencies(
  trials: number,
  p: number,
  seed: number,
): { shares: Map<number, number>; average: number } {
  const draws = 200_000;
  const rng = createRng(seed);
  const counts = new Map<number, number>();
  let sum = 0;
  for (let i = 0; i < draws; i++) {
    const k = binomialDraw(rng, trials, p);
    counts.set(k, (counts.get(k) ?? 0) + 1);
    sum += k;
  }
  return { shares: new Map([...counts].map(([k, c]) => [k, c / draws])), average: sum / draws };
}

/** Each share within 4 standard errors of scipy's probability, for 200,000 draws. */
function expectShares(shares: Map<number, number>, pmf: readonly (readonly [number, number])[]) {
  for (const [k, p] of pmf) {
    const standardError = Math.sqrt((p * (1 - p)) / 200_000);
    expect(Math.abs((shares.get(k) ?? 0) - p)).toBeLessThan(4 * standardError);
  }
}

describe('a binomial draw', () => {
  it('draws small means, by inversion, with the probabilities of scipy.stats.binom.pmf (30 trials at 0.2)', () => {
    const { shares, average } = frequencies(30, 0.2, 21);
    expect(Math.abs(average - 6)).toBeLessThan(0.02);
    expectShares(shares, [
      [2, 0.03365649481807134],
      [6, 0.17945748213541912],
      [10, 0.03547089295332892],
    ]);
  });

  it('draws means of 10 and up, by rejection, with the probabilities of scipy.stats.binom.pmf (1,000 trials at 0.3; 40 at 0.4)', () => {
    const large = frequencies(1000, 0.3, 22);
    // The average's standard error is √(210 / 200,000) ≈ 0.032.
    expect(Math.abs(large.average - 300)).toBeLessThan(0.13);
    expectShares(large.shares, [
      [280, 0.010700779097633686],
      [300, 0.027521003821268382],
      [320, 0.010552746584612326],
    ]);
    const small = frequencies(40, 0.4, 23);
    expect(Math.abs(small.average - 16)).toBeLessThan(0.04);
    expectShares(small.shares, [
      [10, 0.019649856590840495],
      [16, 0.12791152438482012],
      [22, 0.020257216589413922],
    ]);
  });

  it('draws a probability above ½ as the trials less the failures (scipy.stats.binom.pmf, 50 trials at 0.9)', () => {
    const { shares, average } = frequencies(50, 0.9, 24);
    expect(Math.abs(average - 45)).toBeLessThan(0.02);
    expectShares(shares, [
      [42, 0.06427787788318405],
      [45, 0.18492460089521537],
      [48, 0.07794289665391542],
    ]);
  });

  it("has a portfolio's mean and variance: 60,860 picks at 0.07", () => {
    const rng = createRng(25);
    const draws = Array.from({ length: 20_000 }, () => binomialDraw(rng, 60_860, 0.07));
    const average = draws.reduce((s, k) => s + k, 0) / draws.length;
    const variance = draws.reduce((s, k) => s + (k - average) ** 2, 0) / (draws.length - 1);
    const mean = 60_860 * 0.07;
    const expectedVariance = mean * 0.93;
    expect(draws.every((k) => Number.isInteger(k) && k >= 0 && k <= 60_860)).toBe(true);
    expect(Math.abs(average - mean)).toBeLessThan(4 * Math.sqrt(expectedVariance / 20_000));
    expect(variance / expectedVariance).toBeGreaterThan(0.95);
    expect(variance / expectedVariance).toBeLessThan(1.05);
  });

  it('gives 0 without trials or chance, every trial at a certainty, and repeats itself from the same seed', () => {
    const rng = createRng(1);
    expect(binomialDraw(rng, 0, 0.5)).toBe(0);
    expect(binomialDraw(rng, 10, 0)).toBe(0);
    expect(binomialDraw(rng, 10, Number.NaN)).toBe(0);
    expect(binomialDraw(rng, 10, 1)).toBe(10);
    const a = createRng(5);
    const b = createRng(5);
    const cases: [number, number][] = [
      [3, 0.5],
      [100, 0.05],
      [100, 0.5],
      [1e6, 0.01],
    ];
    expect(cases.map(([n, p]) => binomialDraw(a, n, p))).toEqual(
      cases.map(([n, p]) => binomialDraw(b, n, p)),
    );
  });
});
