import { describe, expect, it } from 'vitest';
import type * as tf from '@tensorflow/tfjs';
import type { ModelMetrics } from '../../src/core/modelFiles';
import type { PreprocessSpec } from '../../src/core/preprocess';
import type { TrainingOutcome } from '../../training/lib/pipeline';
import { stratifiedSplit } from '../../training/lib/split';
import {
  candidateProfit,
  profitsOnSameRows,
  type ComparedModel,
} from '../../training/tracking/championComparison';

// Ten customers, four churners; the candidate trained on all of them, figures out of fold.
const labels = Uint8Array.from([1, 0, 0, 1, 0, 0, 1, 0, 1, 0]);
const scores = Float32Array.from([0.9, 0.05, 0.2, 0.6, 0.02, 0.3, 0.08, 0.5, 0.7, 0.01]);
const payoffs = { tp: 90, fp: -10, fn: 0, tn: 0 };
const candidate = {
  comparison: {
    table: null,
    source: 'out-of-fold',
    rows: Uint32Array.from(labels.keys()),
    labels,
    scores,
  },
  metrics: { data: { hash: 'file-1', rowsUsed: 10 }, payoffs, threshold: { threshold: 0.25 } },
} as unknown as TrainingOutcome;
const championOf = (metrics: object): ComparedModel => ({
  spec: null as unknown as PreprocessSpec,
  model: null as unknown as tf.LayersModel,
  metrics: metrics as ModelMetrics,
});

describe("the candidate against the champion on the same file's rows", () => {
  it("takes the candidate's own out-of-fold profit at its threshold", () => {
    // Above 0.25: rows 0, 3, 5, 7, 8: three churners, two loyal.
    expect(candidateProfit(candidate)).toBe(3 * 90 - 2 * 10);
  });

  it('reads a champion trained out of fold from its recorded probabilities, on every row', () => {
    const champion = championOf({
      data: { hash: 'file-1' },
      threshold: { threshold: 0.5 },
      split: { seed: 42, testFraction: 0 },
      outOfSample: {
        source: 'out-of-fold',
        scores: Array.from(scores),
        labels: Array.from(labels),
      },
    });
    // At 0.5: rows 0, 3, 7, 8: three churners, one loyal.
    expect(profitsOnSameRows(candidate, champion)).toEqual({
      candidate: 250,
      champion: 260,
      rows: 10,
    });
  });

  it('measures a champion with a test split on its test rows, redone from its seed and share', () => {
    const held = stratifiedSplit(labels, 0.4, 7).heldOut;
    expect(held).toHaveLength(4);
    const recorded = Array.from(held, () => 0.99);
    const champion = championOf({
      data: { hash: 'file-1' },
      threshold: { threshold: 0.5 },
      split: { seed: 7, testFraction: 0.4 },
      outOfSample: { source: 'test', scores: recorded, labels: Array.from(held, (r) => labels[r]) },
    });
    const churners = Array.from(held, (r) => labels[r] ?? 0).reduce((a, b) => a + b, 0);
    const candidateOnHeld = Array.from(held).reduce(
      (sum, r) => sum + ((scores[r] ?? 0) >= 0.25 ? (labels[r] === 1 ? 90 : -10) : 0),
      0,
    );
    expect(profitsOnSameRows(candidate, champion)).toEqual({
      candidate: candidateOnHeld,
      // The champion contacts all four: its churners earn 90, the others cost 10.
      champion: churners * 90 - (4 - churners) * 10,
      rows: 4,
    });
  });

  it("reads a champion trained on every row at a candidate's test rows, from its recorded probabilities", () => {
    const heldOutCandidate = {
      comparison: {
        table: null,
        source: 'test',
        rows: Uint32Array.of(0, 3, 5, 9),
        labels: Uint8Array.of(1, 1, 0, 0),
        scores: Float32Array.of(0.2, 0.9, 0.8, 0.1),
      },
      metrics: { data: { hash: 'file-1', rowsUsed: 10 }, payoffs, threshold: { threshold: 0.5 } },
    } as unknown as TrainingOutcome;
    const champion = championOf({
      data: { hash: 'file-1' },
      threshold: { threshold: 0.25 },
      split: { seed: 42, testFraction: 0 },
      outOfSample: {
        source: 'out-of-fold',
        scores: Array.from(scores),
        labels: Array.from(labels),
      },
    });
    // Candidate above 0.5: rows 3 (churner) and 5 (loyal). Champion above 0.25 at rows 0, 3, 5, 9
    // (0.9, 0.6, 0.3, 0.01): rows 0 and 3 (churners) and 5 (loyal).
    expect(profitsOnSameRows(heldOutCandidate, champion)).toEqual({
      candidate: 80,
      champion: 170,
      rows: 4,
    });
  });

  it("refuses a champion whose recorded rows are not this file's", () => {
    const champion = championOf({
      data: { hash: 'file-1' },
      threshold: { threshold: 0.5 },
      split: { seed: 42, testFraction: 0 },
      outOfSample: { source: 'out-of-fold', scores: [0.5, 0.5], labels: [1, 0] },
    });
    expect(profitsOnSameRows(candidate, champion)).toBeNull();
  });
});
