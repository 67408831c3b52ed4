/**
 * Properties of the profit curve on random scores, labels and payoffs, against a direct count:
 * the confusion matrix at any threshold, its R$ value, and the best threshold with and without a
 * capacity limit.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ProfitCurve, profitOf, type Payoffs } from '../../src/core/decision/profit';

/** Scores on a coarse grid, so that ties (many customers at one score) are common. */
const scored = fc.array(
  fc.record({
    score: fc.integer({ min: 0, max: 20 }).map((k) => k / 20),
    label: fc.constantFrom(0, 1),
  }),
  { minLength: 1, maxLength: 60 },
);
const payoffs: fc.Arbitrary<Payoffs> = fc.record({
  tp: fc.integer({ min: 0, max: 200 }),
  fp: fc.integer({ min: -50, max: 0 }),
  fn: fc.integer({ min: -50, max: 0 }),
  tn: fc.integer({ min: 0, max: 5 }),
});

/** The confusion matrix at a threshold, counted one customer at a time. */
function countAt(rows: { score: number; label: number }[], threshold: number) {
  const counts = { tp: 0, fp: 0, fn: 0, tn: 0 };
  for (const { score, label } of rows) {
    if (score >= threshold) counts[label === 1 ? 'tp' : 'fp']++;
    else counts[label === 1 ? 'fn' : 'tn']++;
  }
  return counts;
}

const curveOf = (rows: { score: number; label: number }[]) =>
  ProfitCurve.fromScores(
    rows.map((r) => r.score),
    rows.map((r) => r.label),
  );

describe('the profit curve', () => {
  it('has, at every threshold, the confusion matrix and R$ profit of a direct count', () => {
    fc.assert(
      fc.property(scored, payoffs, fc.integer({ min: 0, max: 21 }), (rows, p, k) => {
        const threshold = k / 20;
        const at = curveOf(rows).at(threshold, p);
        const counts = countAt(rows, threshold);
        expect({ tp: at.tp, fp: at.fp, fn: at.fn, tn: at.tn }).toEqual(counts);
        expect(at.contacted).toBe(counts.tp + counts.fp);
        expect(at.profit).toBeCloseTo(profitOf(counts, p), 9);
      }),
      { numRuns: 400 },
    );
  });

  it('finds a best threshold that no threshold beats, within the capacity when there is one', () => {
    fc.assert(
      fc.property(
        scored,
        payoffs,
        fc.option(fc.integer({ min: 0, max: 60 })),
        (rows, p, capacity) => {
          const curve = curveOf(rows);
          const best = curve.best(p, capacity ?? Number.POSITIVE_INFINITY);
          // The best threshold's own figures are those of a direct count there.
          expect(best.profit).toBeCloseTo(profitOf(countAt(rows, best.threshold), p), 9);
          if (capacity !== null) expect(best.contacted).toBeLessThanOrEqual(capacity);
          for (let k = 0; k <= 21; k++) {
            const counts = countAt(rows, k / 20);
            if (capacity !== null && counts.tp + counts.fp > capacity) continue;
            expect(best.profit).toBeGreaterThanOrEqual(profitOf(counts, p) - 1e-9);
          }
        },
      ),
      { numRuns: 400 },
    );
  });
});
