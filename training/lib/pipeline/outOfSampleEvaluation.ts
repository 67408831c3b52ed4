/**
 * The threshold and out-of-sample stages: the threshold chosen on the out-of-fold probabilities,
 * then the figures the training reports. With a test split they are the shipped model's (and the
 * logistic baseline's, at its own out-of-fold threshold) on the test rows, which no part of the
 * model saw. Without one, every row trains the shipped model, and the figures are every
 * development row's out of fold: its fold model's logit, calibrated by the map fitted on the other
 * folds, and the logistic regression of its fold.
 */
import { rocAuc } from '../../../src/core/metrics';
import { evaluate, predictLogistic, type EvaluationReport } from '../../../src/core/evaluation';
import { chooseThreshold, type Payoffs, type ThresholdChoice } from '../../../src/core/decision';
import type { OutOfSampleSource } from '../../../src/core/modelFiles';
import { predictProbabilities } from '../../../src/model/network';
import type { TrainingProgress } from './config';
import type { CrossFitted } from './crossFit';
import { selectRows } from './encodedRows';

/** Most rows the scoring time is measured on. */
const TIMED_ROWS = 10_000;

export interface OutOfSampleEvaluation {
  readonly threshold: ThresholdChoice;
  readonly logisticThreshold: ThresholdChoice;
  readonly developmentLabels: Uint8Array;
  /** 'test': held-out rows; 'out-of-fold': every development row, scored by the fold model that did not train on it. */
  readonly source: OutOfSampleSource;
  /** The rows the figures come from (table rows), in the order of scores and labels. */
  readonly rows: Uint32Array;
  readonly labels: Uint8Array;
  /** Each of those rows' probability, out of sample. */
  readonly scores: Float32Array;
  /**
   * Measured time to score one customer with the shipped model (TF.js on the encoded rows, a
   * second pass so that graph set-up is left out), in microseconds, on the test rows or up to
   * 10,000 development rows; null for no rows.
   */
  readonly scoringMicrosecondsPerCustomer: number | null;
  /** The unquantised model's ROC AUC on the same rows, or null when the model is not quantised. */
  readonly unquantizedAuc: number | null;
  readonly test: EvaluationReport;
  readonly logisticTest: EvaluationReport;
}

/**
 * Chooses the thresholds and reports on `test` (table rows), or on every development row out of
 * fold when `test` is empty. Disposes `fitted.unquantized` when it is not the shipped model.
 */
export function evaluateOutOfSample(
  fitted: CrossFitted,
  labels: Uint8Array,
  development: Uint32Array,
  test: Uint32Array,
  settings: { readonly payoffs: Payoffs; readonly seed: number },
  progress: TrainingProgress,
): OutOfSampleEvaluation {
  const { model, matrix, width } = fitted;
  const pick = (rows: Uint32Array) => Uint8Array.from(rows, (row) => labels[row] ?? 0);
  const developmentLabels = pick(development);

  progress.stage('choosing the threshold on the out-of-fold probabilities');
  const threshold = chooseThreshold(fitted.outOfFold, developmentLabels, settings.payoffs, {
    seed: settings.seed,
  });
  const logisticThreshold = chooseThreshold(
    fitted.logisticOutOfFold,
    developmentLabels,
    settings.payoffs,
    { seed: settings.seed },
  );
  const heldOut = test.length > 0;
  const timedRows = heldOut ? test : development.subarray(0, TIMED_ROWS);
  const timedMatrix = selectRows(matrix, width, timedRows);
  const shippedScores = predictProbabilities(model, timedMatrix, width);
  const started = performance.now();
  predictProbabilities(model, timedMatrix, width);
  const scoringMicrosecondsPerCustomer =
    timedRows.length === 0 ? null : ((performance.now() - started) * 1000) / timedRows.length;

  const rows = heldOut ? test : development;
  const rowLabels = heldOut ? pick(test) : developmentLabels;
  const scores = heldOut ? shippedScores : Float32Array.from(fitted.calibration.crossFitted);
  const quantized = fitted.unquantized !== model;
  const unquantizedAuc = !quantized
    ? null
    : heldOut
      ? rocAuc(predictProbabilities(fitted.unquantized, timedMatrix, width), rowLabels)
      : fitted.unquantizedOutOfFoldAuc;
  if (quantized) fitted.unquantized.dispose();
  const logisticScores = heldOut
    ? predictLogistic(fitted.logistic, matrix, width, test)
    : fitted.logisticOutOfFold;
  return {
    threshold,
    logisticThreshold,
    developmentLabels,
    source: heldOut ? 'test' : 'out-of-fold',
    rows,
    labels: rowLabels,
    scores,
    scoringMicrosecondsPerCustomer,
    unquantizedAuc,
    test: evaluate(scores, rowLabels, threshold.threshold, settings.payoffs),
    logisticTest: evaluate(
      logisticScores,
      rowLabels,
      logisticThreshold.threshold,
      settings.payoffs,
    ),
  };
}
