/**
 * The candidate against the champion on the same customers, each model's profit out of sample at
 * its own threshold under the run's payoffs. Which rows depends on what each saw:
 * - a champion trained on every row of the same file: the candidate's rows (every row, or its test
 *   rows), the champion's recorded out-of-fold probabilities against the candidate's own;
 * - a champion with a test split of the same file, a candidate out of fold: the champion's test rows
 *   (the split redone from its seed and share), its recorded probabilities against the candidate's;
 * - otherwise the champion scores the candidate's rows: its test rows, which the candidate never
 *   saw, or every row, out of fold for the candidate, when the champion was trained on another file
 *   (the candidate's threshold was then chosen on those rows, the champion's was not).
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
  const recorded = own.outOfSample;
  const sameFile = own.data.hash === metrics.data.hash;
  // A champion trained on every row of this file has a recorded out-of-fold probability for each
  // (at its table row); so does the candidate at `comparison.rows`, out of fold or held out.
  if (sameFile && recorded.source === 'out-of-fold') {
    const rows = comparison.rows;
    const fits =
      recorded.scores.length === metrics.data.rowsUsed &&
      Array.from(rows).every((row, i) => recorded.labels[row] === comparison.labels[i]);
    if (!fits) return null;
    return {
      candidate: candidateProfit(outcome),
      champion: profitAt(
        Float32Array.from(rows, (row) => recorded.scores[row] ?? 0),
        comparison.labels,
        own.threshold.threshold,
        payoffs,
      ),
      rows: rows.length,
    };
  }
  // A champion with a test split of this file, against a candidate out of fold: its test rows.
  if (sameFile && comparison.source === 'out-of-fold') {
    const rows = stratifiedSplit(comparison.labels, own.split.testFraction, own.split.seed).heldOut;
    const labels = Uint8Array.from(rows, (row) => comparison.labels[row] ?? 0);
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
  // Otherwise the champion scores the candidate's rows: its test rows, or, when the champion was
  // trained on another file, every row.
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
