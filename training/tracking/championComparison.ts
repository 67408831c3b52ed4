/**
 * The candidate against the champion on the same customers, each model's profit out of sample at
 * its own threshold under the run's payoffs. Which rows depends on what each saw:
 * - a candidate with a test split: its test rows, which it never saw, with both models scoring them;
 * - a candidate trained on every row (figures out of fold) and a champion trained on another file:
 *   every row, the candidate's out of fold, the champion scoring them;
 * - the same file, both out of fold: every row, each model's own out-of-fold probabilities;
 * - the same file, a champion with a test split: the champion's test rows (the split is redone from
 *   its seed and share), its recorded probabilities against the candidate's out of fold.
 */
import type * as tf from '@tensorflow/tfjs';
import { ProfitCurve, type Payoffs } from '../../src/core/decision';
import type { ModelMetrics } from '../../src/core/modelFiles';
import { encodeTable, type PreprocessSpec } from '../../src/core/preprocess';
import { predictProbabilities } from '../../src/model/network';
import type { TrainingOutcome } from '../lib/pipeline';
import { stratifiedSplit } from '../lib/split';

export interface SameRowsProfits {
  /** R$ at each model's own threshold. */
  readonly candidate: number;
  readonly champion: number;
  readonly rows: number;
}

/** A model as the comparison reads it: its treatment, network and metrics.json. */
export interface ComparedModel {
  readonly spec: PreprocessSpec;
  readonly model: tf.LayersModel;
  readonly metrics: ModelMetrics;
}

const profitAt = (scores: ArrayLike<number>, labels: ArrayLike<number>, t: number, p: Payoffs) =>
  ProfitCurve.fromScores(scores, labels).at(t, p).profit;

/** R$ of the candidate on its own figures' rows (its test rows, or every row out of fold). */
export function candidateProfit(outcome: TrainingOutcome): number {
  const { comparison, metrics } = outcome;
  return profitAt(
    comparison.scores,
    comparison.labels,
    metrics.threshold.threshold,
    metrics.payoffs,
  );
}

/**
 * Both profits on rows neither model saw, or that each scored out of fold; null when the champion
 * cannot read this file's columns or its recorded rows do not match this file's.
 */
export function profitsOnSameRows(
  outcome: TrainingOutcome,
  champion: ComparedModel,
): SameRowsProfits | null {
  const { comparison, metrics } = outcome;
  const payoffs = metrics.payoffs;
  const own = champion.metrics;
  const sameFile = comparison.source === 'out-of-fold' && own.data.hash === metrics.data.hash;
  if (!sameFile) {
    const encoded = encodeTable(champion.spec, comparison.table, comparison.rows);
    if (!encoded.ok) return null;
    const scores = predictProbabilities(
      champion.model,
      encoded.value,
      champion.spec.outputNames.length,
    );
    return {
      candidate: candidateProfit(outcome),
      champion: profitAt(scores, comparison.labels, own.threshold.threshold, payoffs),
      rows: comparison.rows.length,
    };
  }
  // comparison.rows are every row of the table, in order: row r's out-of-fold score is at r.
  const rows =
    own.outOfSample.source === 'out-of-fold'
      ? comparison.rows
      : stratifiedSplit(comparison.labels, own.split.testFraction, own.split.seed).heldOut;
  const labels = Uint8Array.from(rows, (row) => comparison.labels[row] ?? 0);
  const recorded = own.outOfSample;
  if (
    recorded.scores.length !== rows.length ||
    recorded.labels.some((label, i) => label !== labels[i])
  ) {
    return null;
  }
  return {
    candidate: profitAt(
      Float32Array.from(rows, (row) => comparison.scores[row] ?? 0),
      labels,
      metrics.threshold.threshold,
      payoffs,
    ),
    champion: profitAt(recorded.scores, labels, own.threshold.threshold, payoffs),
    rows: rows.length,
  };
}
