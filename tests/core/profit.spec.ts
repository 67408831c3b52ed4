import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  breakEvenThreshold,
  DEFAULT_PAYOFFS,
  descendingScoreOrder,
  expectedValueOfContact,
  expectedValueOfSkip,
  ProfitCurve,
  profitBaselines,
  type Payoffs,
} from '../../src/core/decision/profit';
import { createRng } from '../../src/core/rng';
import { quantileSorted } from '../../src/core/stats';
import { chooseThreshold } from '../../src/core/decision/threshold';

interface Counted {
  threshold: number;
  tp: number;
  fp: number;
  fn: number;
  tn: number;
  profit: number;
}
interface Golden {
  scores: number[];
  labels: number[];
  profit_at: Counted[];
  profit_at_custom: Counted[];
  best_default: Counted;
  best_custom: Counted;
  best_capacity_20: Counted;
  payoffs_custom: Payoffs;
}
// Profits counted by numpy, brute force, in tests/fixtures/make_golden.py.
const golden = JSON.parse(
  readFileSync(new URL('../fixtures/golden-metrics.json', import.meta.url), 'utf8'),
) as Golden;
const curve = ProfitCurve.fromScores(golden.scores, golden.labels);

describe('the profit curve', () => {
  it('gives numpy’s confusion counts and R$ at every threshold, default payoffs (90·TP − 10·FP)', () => {
    for (const expected of golden.profit_at) {
      const got = curve.at(expected.threshold, DEFAULT_PAYOFFS);
      expect({ tp: got.tp, fp: got.fp, fn: got.fn, tn: got.tn, profit: got.profit }).toEqual({
        tp: expected.tp,
        fp: expected.fp,
        fn: expected.fn,
        tn: expected.tn,
        profit: expected.profit,
      });
    }
  });

  it('re-prices the same curve for an edited payoff matrix without rebuilding it', () => {
    for (const expected of golden.profit_at_custom) {
      expect(curve.at(expected.threshold, golden.payoffs_custom).profit).toBeCloseTo(
        expected.profit,
        9,
      );
    }
  });

  it('finds the same best profit as a brute-force search, with and without a capacity limit', () => {
    const best = curve.best(DEFAULT_PAYOFFS);
    expect(best.profit).toBe(golden.best_default.profit);
    expect(best.tp + best.fp).toBe(golden.best_default.tp + golden.best_default.fp);
    // The chosen threshold contacts exactly the best group: re-querying it gives the same profit.
    expect(curve.at(best.threshold, DEFAULT_PAYOFFS).profit).toBe(best.profit);
    expect(curve.best(golden.payoffs_custom).profit).toBeCloseTo(golden.best_custom.profit, 9);
    const capped = curve.best(DEFAULT_PAYOFFS, 20);
    expect(capped.contacted).toBeLessThanOrEqual(20);
    expect(capped.profit).toBe(golden.best_capacity_20.profit);
  });

  it('answers threshold queries like a full recount on random data', () => {
    const rng = createRng(5);
    const scores = Array.from({ length: 2000 }, () => Math.round(rng.next() * 200) / 200);
    const labels = scores.map((s) => (rng.next() < s * 0.5 ? 1 : 0));
    const random = ProfitCurve.fromScores(scores, labels);
    for (const t of [0, 0.013, 0.1, 0.25, 0.5, 0.77, 1, 1.5]) {
      let tp = 0;
      let fp = 0;
      scores.forEach((s, i) => {
        if (s >= t) {
          if (labels[i] === 1) tp++;
          else fp++;
        }
      });
      expect(random.at(t, DEFAULT_PAYOFFS).profit).toBe(90 * tp - 10 * fp);
    }
  });

  it('lists points from nobody to everybody contacted, thinned on request', () => {
    const points = curve.points(DEFAULT_PAYOFFS, 11);
    expect(points).toHaveLength(11);
    expect(points[0]?.contacted).toBe(0);
    expect(points.at(-1)?.contacted).toBe(400);
  });

  it('leaves out rows without a score', () => {
    const withGaps = ProfitCurve.fromScores([0.9, Number.NaN, 0.4, Number.NaN], [1, 1, 0, 0]);
    expect(withGaps.total).toBe(2);
    expect(withGaps.positives).toBe(1);
    expect(withGaps.at(0, DEFAULT_PAYOFFS)).toMatchObject({
      tp: 1,
      fp: 1,
      fn: 0,
      tn: 0,
      profit: 80,
    });
  });

  it('is empty and worth nothing for no customers', () => {
    const empty = ProfitCurve.fromScores([], []);
    expect(empty.best(DEFAULT_PAYOFFS)).toMatchObject({ contacted: 0, profit: 0 });
    expect(empty.at(0.5, DEFAULT_PAYOFFS).profit).toBe(0);
  });
});

describe('the profit curve from a shared order', () => {
  it('orders rows by descending score, ties by row, without the rows that have no score', () => {
    expect(Array.from(descendingScoreOrder([0.2, Number.NaN, 0.7, 0.2, 0.9]))).toEqual([
      4, 2, 0, 3,
    ]);
    expect(descendingScoreOrder([]).length).toBe(0);
  });

  it("builds every subset's curve from one sort: numpy's counts, as if each subset were sorted alone", () => {
    const order = descendingScoreOrder(golden.scores);
    expect(ProfitCurve.fromOrdered(order, golden.scores, golden.labels)).toEqual(curve);
    const rng = createRng(11);
    const n = 500;
    // Scores in hundredths (many ties), some missing; subsets keep the shared order.
    const scores = Float32Array.from({ length: n }, () =>
      rng.next() < 0.05 ? Number.NaN : Math.round(rng.next() * 100) / 100,
    );
    const labels = Uint8Array.from(scores, (p) => (rng.next() < p ? 1 : 0));
    const shared = descendingScoreOrder(scores);
    for (const keep of [(i: number) => i % 3 === 0, (i: number) => labels[i] === 1, () => true]) {
      const rows = Array.from({ length: n }, (_, i) => i).filter(keep);
      const alone = ProfitCurve.fromScores(
        rows.map((i) => scores[i] ?? 0),
        rows.map((i) => labels[i] ?? 0),
      );
      expect(ProfitCurve.fromOrdered(shared.filter(keep), scores, labels)).toEqual(alone);
    }
  });

  it('is empty for no rows, and leaves out indices beyond the labels', () => {
    expect(ProfitCurve.fromOrdered([], [0.5], [1]).total).toBe(0);
    expect(ProfitCurve.fromOrdered([1, 0], [0.4, 0.8], [1]).total).toBe(1);
  });
});

describe('expected value and baselines', () => {
  it('values contacting a customer at p·TP + (1−p)·FP and leaving one at p·FN + (1−p)·TN', () => {
    expect(expectedValueOfContact(0.3, DEFAULT_PAYOFFS)).toBeCloseTo(20, 12);
    expect(expectedValueOfContact(0.1, DEFAULT_PAYOFFS)).toBeCloseTo(0, 12);
    expect(expectedValueOfSkip(0.3, { tp: 90, fp: -10, fn: -50, tn: 2 })).toBeCloseTo(-13.6, 12);
  });
  it('breaks even at 10% churn probability with the default payoffs', () => {
    expect(breakEvenThreshold(DEFAULT_PAYOFFS)).toBeCloseTo(0.1, 15);
    expect(breakEvenThreshold({ tp: 50, fp: -20, fn: -5, tn: 1 })).toBeCloseTo(21 / 76, 15);
    expect(breakEvenThreshold({ tp: -1, fp: -1, fn: 0, tn: 0 })).toBe(1);
  });
  it('prices contacting everyone, no one, a random pick and the ideal', () => {
    expect(profitBaselines(1000, 40, 100, DEFAULT_PAYOFFS)).toEqual({
      everyone: 40 * 90 - 960 * 10,
      noOne: 0,
      random: 0.1 * (40 * 90 - 960 * 10),
      ideal: 3600,
    });
  });
});

describe('choosing the threshold on validation rows', () => {
  it('is reproducible for a seed and lands where the validation profit peaks', () => {
    const a = chooseThreshold(golden.scores, golden.labels, DEFAULT_PAYOFFS, { seed: 3 });
    const b = chooseThreshold(golden.scores, golden.labels, DEFAULT_PAYOFFS, { seed: 3 });
    expect(a).toEqual(b);
    expect(a.spread[0]).toBeLessThanOrEqual(a.threshold);
    expect(a.spread[1]).toBeGreaterThanOrEqual(a.threshold);
    const atChoice = curve.at(a.threshold, DEFAULT_PAYOFFS).profit;
    expect(atChoice).toBeGreaterThan(0.8 * golden.best_default.profit);
  });
  it('with no resampling is the plain best threshold', () => {
    const plain = chooseThreshold(golden.scores, golden.labels, DEFAULT_PAYOFFS, { resamples: 0 });
    expect(curve.at(plain.threshold, DEFAULT_PAYOFFS).profit).toBe(golden.best_default.profit);
  });
  it("takes, for each bootstrap resample, the best threshold of that resample's own profit curve", () => {
    // The definition, one resample at a time: draw n rows with replacement, build the curve, take
    // its best threshold; the median and the 10th and 90th percentiles of those.
    const byDefinition = (
      scores: readonly number[],
      labels: readonly number[],
      payoffs: Payoffs,
      seed: number,
      resamples: number,
    ) => {
      const rng = createRng(seed);
      const n = scores.length;
      const picks = Array.from({ length: resamples }, () => {
        const drawn = Array.from({ length: n }, () => rng.int(n));
        const curveOfSample = ProfitCurve.fromScores(
          drawn.map((j) => scores[j] ?? 0),
          drawn.map((j) => labels[j] ?? 0),
        );
        return curveOfSample.best(payoffs).threshold;
      }).sort((a, b) => a - b);
      return picks;
    };
    const rng = createRng(11);
    // Scores on a coarse grid, so that many customers share a score, and a few at 0 and 1.
    const scores = Array.from({ length: 700 }, (_, i) =>
      i % 97 === 0 ? 1 : i % 89 === 0 ? 0 : Math.round(rng.next() * 40) / 40,
    );
    const labels = scores.map((s) => (rng.next() < s * 0.5 ? 1 : 0));
    for (const payoffs of [
      DEFAULT_PAYOFFS,
      golden.payoffs_custom,
      { tp: 5, fp: -50, fn: 0, tn: 0 },
      // Even payoffs: adding a group often leaves the profit unchanged, a tie.
      { tp: 10, fp: -10, fn: 0, tn: 0 },
    ]) {
      const picks = byDefinition(scores, labels, payoffs, 5, 41);
      const choice = chooseThreshold(scores, labels, payoffs, { seed: 5, resamples: 41 });
      expect(choice.threshold).toBe(picks[20]);
      expect(choice.spread).toEqual([quantileSorted(picks, 0.1), quantileSorted(picks, 0.9)]);
    }
  });
});
