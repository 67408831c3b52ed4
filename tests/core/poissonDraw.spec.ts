import { describe, expect, it } from 'vitest';
import { logGamma } from '../../src/core/logGamma';
import { poissonDraw } from '../../src/core/poissonDraw';
import { createRng } from '../../src/core/rng';

/** Share of `draws` equal to each k, and the draws' average. */
function frequencies(
  mean: number,
  draws: number,
  seed: number,
): { shares: Map<number, number>; average: number } {
  const rng = createRng(seed);
  const counts = new Map<number, number>();
  let sum = 0;
  for (let i = 0; i < draws; i++) {
    const k = poissonDraw(rng, mean);
    counts.set(k, (counts.get(k) ?? 0) + 1);
    sum += k;
  }
  return { shares: new Map([...counts].map(([k, c]) => [k, c / draws])), average: sum / draws };
}

/** |observed − expected| in standard errors of a share estimated from `draws` draws. */
const standardErrors = (observed: number, expected: number, draws: number) =>
  Math.abs(observed - expected) / Math.sqrt((expected * (1 - expected)) / draws);

describe('ln Γ', () => {
  it("matches Python's math.lgamma", () => {
    expect(logGamma(0.5)).toBeCloseTo(0.5723649429247004, 12);
    expect(logGamma(3.5)).toBeCloseTo(1.2009736023470738, 12);
    expect(logGamma(10)).toBeCloseTo(12.801827480081467, 12);
    expect(logGamma(101)).toBeCloseTo(363.73937555556347, 9);
    expect(logGamma(60001)).toBeCloseTo(600132.410462097, 6);
  });

  it('is 0 at 1 and 2, and NaN where Γ has no logarithm to give', () => {
    expect(logGamma(1)).toBe(0);
    expect(logGamma(2)).toBe(0);
    expect(logGamma(0)).toBeNaN();
    expect(logGamma(-3)).toBeNaN();
    expect(logGamma(Number.NaN)).toBeNaN();
  });
});

describe('a Poisson draw', () => {
  it('draws small means with the probabilities of scipy.stats.poisson.pmf (mean 4)', () => {
    const draws = 200_000;
    const { shares, average } = frequencies(4, draws, 11);
    // The average's standard error is √(4 / 200,000) ≈ 0.0045.
    expect(Math.abs(average - 4)).toBeLessThan(0.02);
    // scipy.stats.poisson.pmf([0, 2, 4, 8], 4)
    const pmf: [number, number][] = [
      [0, 0.01831563888873418],
      [2, 0.14652511110987348],
      [4, 0.1953668148131647],
      [8, 0.0297701813048632],
    ];
    for (const [k, p] of pmf) expect(standardErrors(shares.get(k) ?? 0, p, draws)).toBeLessThan(4);
  });

  it('draws means of 10 and up, by rejection, with the probabilities of scipy.stats.poisson.pmf (mean 20)', () => {
    const draws = 200_000;
    const { shares, average } = frequencies(20, draws, 12);
    // The average's standard error is √(20 / 200,000) = 0.01.
    expect(Math.abs(average - 20)).toBeLessThan(0.04);
    // scipy.stats.poisson.pmf([10, 15, 20, 25, 30], 20)
    const pmf: [number, number][] = [
      [10, 0.00581630651834513],
      [15, 0.051648853531758326],
      [20, 0.0888353173920848],
      [25, 0.04458764910826764],
      [30, 0.008343536245635014],
    ];
    for (const [k, p] of pmf) expect(standardErrors(shares.get(k) ?? 0, p, draws)).toBeLessThan(4);
  });

  it('has the mean and variance of its mean, for a count as large as a portfolio', () => {
    const rng = createRng(13);
    const mean = 60_860;
    const draws = Array.from({ length: 20_000 }, () => poissonDraw(rng, mean));
    const average = draws.reduce((s, k) => s + k, 0) / draws.length;
    const variance = draws.reduce((s, k) => s + (k - average) ** 2, 0) / (draws.length - 1);
    expect(draws.every(Number.isInteger)).toBe(true);
    // The average's standard error is √(60,860 / 20,000) ≈ 1.7; the variance's is about 1% of it.
    expect(Math.abs(average - mean)).toBeLessThan(7);
    expect(variance / mean).toBeGreaterThan(0.95);
    expect(variance / mean).toBeLessThan(1.05);
  });

  it('gives 0 for a mean of 0, a negative mean or NaN, and repeats itself from the same seed', () => {
    const rng = createRng(1);
    expect(poissonDraw(rng, 0)).toBe(0);
    expect(poissonDraw(rng, -2)).toBe(0);
    expect(poissonDraw(rng, Number.NaN)).toBe(0);
    const a = createRng(5);
    const b = createRng(5);
    const means = [0.3, 9.5, 10, 250, 1e6];
    expect(means.map((m) => poissonDraw(a, m))).toEqual(means.map((m) => poissonDraw(b, m)));
  });
});
