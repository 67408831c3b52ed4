import { describe, expect, it } from 'vitest';
import { ExpectedProfitCurve } from '../../src/core/decision/expectedProfit';
import { DEFAULT_PAYOFFS, type Payoffs } from '../../src/core/decision/profit';
import { createRng } from '../../src/core/rng';
import { normalQuantile } from '../../src/core/stats';

describe("the standard normal's quantile", () => {
  it('matches scipy.stats.norm.ppf', () => {
    // scipy 1.x: norm.ppf([0.95, 0.01, 0.999, 0.3])
    expect(normalQuantile(0.95)).toBeCloseTo(1.64485363, 7);
    expect(normalQuantile(0.01)).toBeCloseTo(-2.32634787, 7);
    expect(normalQuantile(0.999)).toBeCloseTo(3.09023231, 7);
    expect(normalQuantile(0.3)).toBeCloseTo(-0.52440051, 7);
    expect(normalQuantile(0.5)).toBe(0);
  });
  it('is ∓Infinity at 0 and 1 and NaN outside', () => {
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(normalQuantile(1)).toBe(Infinity);
    expect(normalQuantile(1.2)).toBeNaN();
    expect(normalQuantile(Number.NaN)).toBeNaN();
  });
});

describe("the portfolio's expected profit interval", () => {
  it('is the expected profit ± 1.645 standard deviations of the independent outcomes', () => {
    // Probabilities 0.9, 0.5, 0.2, 0.1 with the first two contacted, at R$ 90 / −R$ 10:
    // mean 0.9·90 − 0.1·10 + 0.5·90 − 0.5·10 = 120; variance 100²·(0.09 + 0.25) = 3,400.
    const curve = new ExpectedProfitCurve([0.1, 0.9, 0.2, 0.5]);
    const [low, high] = curve.profitInterval(2, DEFAULT_PAYOFFS);
    const half = 1.6448536 * Math.sqrt(3400);
    expect(low).toBeCloseTo(120 - half, 4);
    expect(high).toBeCloseTo(120 + half, 4);
  });

  it('counts the uncontacted customers when missing a churner costs something', () => {
    const payoffs: Payoffs = { tp: 90, fp: -10, fn: -50, tn: 0 };
    const curve = new ExpectedProfitCurve([0.1, 0.9, 0.2, 0.5]);
    // Contacted 0.9: mean 80, var 100²·0.09; the rest: mean −50·0.8 = −40, var 50²·(0.25+0.16+0.09).
    const [low, high] = curve.profitInterval(1, payoffs);
    const half = 1.6448536 * Math.sqrt(900 + 2500 * 0.5);
    expect((low + high) / 2).toBeCloseTo(40, 8);
    expect(high - low).toBeCloseTo(2 * half, 4);
  });

  it('holds the realised profit about 90% of the time on simulated portfolios', () => {
    const rng = createRng(7);
    const probabilities = Array.from({ length: 2000 }, () => rng.next() ** 3);
    const curve = new ExpectedProfitCurve(probabilities);
    const contacted = curve.best(DEFAULT_PAYOFFS).contacted;
    const [low, high] = curve.profitInterval(contacted, DEFAULT_PAYOFFS);
    const sorted = [...probabilities].sort((a, b) => b - a);
    let inside = 0;
    const trials = 2000;
    for (let trial = 0; trial < trials; trial++) {
      let profit = 0;
      for (let i = 0; i < contacted; i++) profit += rng.next() < (sorted[i] ?? 0) ? 90 : -10;
      if (profit >= low && profit <= high) inside++;
    }
    expect(inside / trials).toBeGreaterThan(0.87);
    expect(inside / trials).toBeLessThan(0.93);
  });

  it('is [0, 0] on an empty portfolio and NaN at a level outside (0, 1)', () => {
    expect(new ExpectedProfitCurve([]).profitInterval(0, DEFAULT_PAYOFFS)).toEqual([0, 0]);
    expect(new ExpectedProfitCurve([0.5]).profitInterval(1, DEFAULT_PAYOFFS, 1)).toEqual([
      Number.NaN,
      Number.NaN,
    ]);
  });
});
