/**
 * Profit with an uncertain value of a retained churner (EMPC after Verbraken et al. 2013): checked
 * on cases worked by hand, and against a brute-force reference that counts every threshold
 * directly on the rows, with no ProfitCurve.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_PAYOFFS, ProfitCurve } from '../../src/core/decision/profit';
import { createRng } from '../../src/core/rng';
import { expectedMaximumProfit, expectedProfitAt } from '../../src/core/decision/uncertainValue';

/** Both figures at once, as the app shows them. */
const uncertainValueFigures = (
  curve: ProfitCurve,
  payoffs: typeof DEFAULT_PAYOFFS,
  range: [number, number],
  threshold: number,
  steps = 200,
) => ({
  ...expectedMaximumProfit(curve, payoffs, range, steps),
  expectedAtThreshold: expectedProfitAt(curve, payoffs, range, threshold),
});

describe('profit when the value of a retained churner is uncertain', () => {
  it('is the value itself when the model ranks the churner first', () => {
    // Contacting the churner alone earns the value v at any v > 0: EMPC = mean v = 90.
    const curve = ProfitCurve.fromScores([0.9, 0.1], [1, 0]);
    const figures = uncertainValueFigures(curve, DEFAULT_PAYOFFS, [60, 120], 0.5);
    expect(figures.expectedMaximum).toBeCloseTo(90, 9);
    expect(figures.expectedContactedAtMaximum).toBe(1);
    expect(figures.expectedAtThreshold).toBeCloseTo(90, 9);
  });

  it('pays for the loyal customer ranked above the churner', () => {
    // Loyal at 0.9, churner at 0.5: contacting both earns v − 10 (> 0 here), so EMPC = 90 − 10.
    const curve = ProfitCurve.fromScores([0.9, 0.5], [0, 1]);
    const figures = uncertainValueFigures(curve, DEFAULT_PAYOFFS, [120, 60], 0.95);
    expect(figures.expectedMaximum).toBeCloseTo(80, 9);
    expect(figures.expectedContactedAtMaximum).toBe(2);
    expect(figures.expectedAtThreshold).toBe(0);
  });

  it('matches a brute-force mean of the best profit over the value, on 400 scored rows', () => {
    const rng = createRng(11);
    const labels = Array.from({ length: 400 }, () => (rng.next() < 0.1 ? 1 : 0));
    const scores = labels.map((y) => Math.round((0.3 * y + rng.next() * 0.7) * 100) / 100);
    const payoffs = { tp: 90, fp: -10, fn: -5, tn: 1 };
    const bruteBest = (value: number) => {
      let best = -Infinity;
      for (const t of [...new Set(scores), 2]) {
        let profit = 0;
        scores.forEach((s, i) => {
          const contacted = s >= t;
          const churner = labels[i] === 1;
          profit += contacted ? (churner ? value : payoffs.fp) : churner ? payoffs.fn : payoffs.tn;
        });
        best = Math.max(best, profit);
      }
      return best;
    };
    const steps = 50;
    let reference = 0;
    for (let i = 0; i < steps; i++) reference += bruteBest(30 + ((i + 0.5) / steps) * 120);
    reference /= steps;
    const figures = uncertainValueFigures(
      ProfitCurve.fromScores(scores, labels),
      payoffs,
      [30, 150],
      0.5,
      steps,
    );
    expect(figures.expectedMaximum).toBeCloseTo(reference, 6);
    // At a fixed threshold, the mean value's profit (the profit is linear in the value).
    const atHalf = (value: number) =>
      scores.reduce((sum, s, i) => {
        const churner = labels[i] === 1;
        return (
          sum + (s >= 0.5 ? (churner ? value : payoffs.fp) : churner ? payoffs.fn : payoffs.tn)
        );
      }, 0);
    expect(figures.expectedAtThreshold).toBeCloseTo((atHalf(30) + atHalf(150)) / 2, 9);
  });

  it('contacts fewer customers where two cuts earn the same', () => {
    // At a value of 90, the churner at 0.9 alone earns 90, and adding the ten at 0.5 (one churner)
    // earns 90 more and loses 90: the smaller cut is taken. Above 90 the larger one earns more.
    const curve = ProfitCurve.fromScores(
      [0.9, ...Array<number>(10).fill(0.5)],
      [1, 1, ...Array<number>(9).fill(0)],
    );
    expect(expectedMaximumProfit(curve, DEFAULT_PAYOFFS, [90, 90])).toEqual({
      expectedMaximum: 90,
      expectedContactedAtMaximum: 1,
    });
    expect(expectedMaximumProfit(curve, DEFAULT_PAYOFFS, [100, 100])).toEqual({
      expectedMaximum: 110,
      expectedContactedAtMaximum: 11,
    });
  });

  it('takes, at every value, the cut ProfitCurve.best takes: on 30 random sets full of ties', () => {
    const rng = createRng(5);
    for (let set = 0; set < 30; set++) {
      const n = 1 + rng.int(300);
      const scores = Array.from({ length: n }, () => Math.round(rng.next() * 20) / 20);
      const labels = scores.map((p) => (rng.next() < p ? 1 : 0));
      const curve = ProfitCurve.fromScores(scores, labels);
      const payoffs = { tp: 0, fp: -1 - rng.int(30), fn: -rng.int(5), tn: rng.int(3) };
      const low = -20 + rng.int(100);
      const range: [number, number] = [low, low + rng.int(200)];
      const steps = 1 + rng.int(60);
      let maximum = 0;
      let contacted = 0;
      const count = range[0] === range[1] ? 1 : steps;
      for (let i = 0; i < count; i++) {
        const value = range[0] + ((i + 0.5) / count) * (range[1] - range[0]);
        const best = curve.best({ ...payoffs, tp: value });
        maximum += best.profit;
        contacted += best.contacted;
      }
      expect(expectedMaximumProfit(curve, payoffs, range, steps)).toEqual({
        expectedMaximum: maximum / count,
        expectedContactedAtMaximum: contacted / count,
      });
    }
  });

  it('gives NaN for a bound that is not a number, and zeros on no rows', () => {
    const nan = uncertainValueFigures(
      ProfitCurve.fromScores([0.5], [1]),
      DEFAULT_PAYOFFS,
      [Number.NaN, 100],
      0.5,
    );
    expect(nan.expectedMaximum).toBeNaN();
    const empty = uncertainValueFigures(
      ProfitCurve.fromScores([], []),
      DEFAULT_PAYOFFS,
      [60, 120],
      0.5,
    );
    expect([empty.expectedMaximum, empty.expectedAtThreshold]).toEqual([0, 0]);
  });
});
