import { describe, expect, it } from 'vitest';
import { bootstrapProfitBand } from '../../src/core/decision/curves';
import { DEFAULT_PAYOFFS } from '../../src/core/decision/profit';
import { createRng } from '../../src/core/rng';

/** The band's definition, row by row: every row weighted by its own Poisson(1) draw. */
function rowByRowBand(
  scores: readonly number[],
  labels: readonly number[],
  thresholds: readonly number[],
  resamples: number,
): { low: number[]; high: number[] } {
  const rng = createRng(99);
  const poissonOne = () => {
    let k = 0;
    let product = rng.next();
    while (product > Math.exp(-1)) {
      k++;
      product *= rng.next();
    }
    return k;
  };
  const profits = thresholds.map(() => [] as number[]);
  for (let r = 0; r < resamples; r++) {
    const weights = scores.map(poissonOne);
    thresholds.forEach((t, g) => {
      let profit = 0;
      scores.forEach((s, i) => {
        if (s >= t) profit += (weights[i] ?? 0) * (labels[i] === 1 ? 90 : -10);
      });
      profits[g]?.push(profit);
    });
  }
  const pick = (values: number[], q: number) => {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.floor(q * sorted.length)] ?? 0;
  };
  return { low: profits.map((p) => pick(p, 0.05)), high: profits.map((p) => pick(p, 0.95)) };
}

/** 3,000 rows, a tenth churners, churners scoring higher on average. */
function fixture(): { scores: number[]; labels: number[] } {
  const rng = createRng(3);
  const labels = Array.from({ length: 3000 }, (_, i) => (i % 10 === 0 ? 1 : 0));
  const scores = labels.map((y) => Math.min(1, rng.next() * 0.6 + y * rng.next() * 0.4));
  return { scores, labels };
}

describe("the profit curve's bootstrap band", () => {
  it('draws what resampling every row draws: the same 5th and 95th percentiles at every threshold', () => {
    const { scores, labels } = fixture();
    const thresholds = [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];
    const band = bootstrapProfitBand(scores, labels, thresholds, DEFAULT_PAYOFFS, 3000);
    const reference = rowByRowBand(scores, labels, thresholds, 3000);
    thresholds.forEach((_, g) => {
      // Each edge, estimated from 3,000 resamples, has a standard error of about 4% of the band's
      // width; the two estimates are independent.
      const width = (reference.high[g] ?? 0) - (reference.low[g] ?? 0);
      expect(Math.abs((band.low[g] ?? 0) - (reference.low[g] ?? 0))).toBeLessThan(0.2 * width);
      expect(Math.abs((band.high[g] ?? 0) - (reference.high[g] ?? 0))).toBeLessThan(0.2 * width);
    });
  });

  it('is R$ 90·Poisson(churners) − R$ 10·Poisson(others) where every row is contacted', () => {
    // 300 churners and 2,700 others: mean 0, standard deviation √(90²·300 + 10²·2,700) ≈ 1,643,
    // skewness 0.049, so the 5th and 95th percentiles sit near ∓1.645·1,643 + 23 (Cornish–Fisher).
    const labels = Array.from({ length: 3000 }, (_, i) => (i % 10 === 0 ? 1 : 0));
    const scores = labels.map((_, i) => (i % 7) / 7);
    const band = bootstrapProfitBand(scores, labels, [0, 2], DEFAULT_PAYOFFS, 4000);
    const half = 1.6448536 * Math.sqrt(90 * 90 * 300 + 10 * 10 * 2700);
    // 4,000 resamples put each edge within about 55 of its percentile.
    expect(band.low[0]).toBeGreaterThan(-half + 23 - 220);
    expect(band.low[0]).toBeLessThan(-half + 23 + 220);
    expect(band.high[0]).toBeGreaterThan(half + 23 - 220);
    expect(band.high[0]).toBeLessThan(half + 23 + 220);
    // Above every score nobody is contacted, and the default payoffs earn nothing either way.
    expect(band.low[1]).toBe(0);
    expect(band.high[1]).toBe(0);
  });

  it('gives each threshold the same band whatever order the grid comes in', () => {
    const { scores, labels } = fixture();
    const ascending = [0.05, 0.25, 0.5, 0.75];
    const descending = [...ascending].reverse();
    const up = bootstrapProfitBand(scores, labels, ascending, DEFAULT_PAYOFFS, 200);
    const down = bootstrapProfitBand(scores, labels, descending, DEFAULT_PAYOFFS, 200);
    expect(down.low).toEqual([...up.low].reverse());
    expect(down.high).toEqual([...up.high].reverse());
    expect(up.low[0]).toBeLessThan(up.high[0] ?? 0);
  });

  it('contacts a row whose score is the threshold, never one without a score, and gives zeros without rows and nothing without thresholds', () => {
    // One churner at 0.5, weighted by Poisson(1): its 95th percentile is 3, R$ 270.
    expect(bootstrapProfitBand([0.5], [1], [0.5], DEFAULT_PAYOFFS, 2000).high).toEqual([270]);
    const churnerWithoutScore = bootstrapProfitBand([Number.NaN], [1], [0], DEFAULT_PAYOFFS, 200);
    expect(churnerWithoutScore.high).toEqual([0]);
    expect(bootstrapProfitBand([], [], [0.2, 0.5], DEFAULT_PAYOFFS)).toEqual({
      low: [0, 0],
      high: [0, 0],
    });
    expect(bootstrapProfitBand([0.4], [1], [], DEFAULT_PAYOFFS)).toEqual({ low: [], high: [] });
  });
});
