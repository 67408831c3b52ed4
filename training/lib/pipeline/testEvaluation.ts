/**
 * The threshold and test stages: the threshold chosen on the out-of-fold probabilities, then the
 * shipped model (and the logistic baseline, at its own out-of-fold threshold) measured on the
 * test rows, which no part of the model saw.
 */
import { rocAuc } from '../../../src/core/metrics';
import { evaluate, predictLogistic, type EvaluationReport } from '../../../src/core/evaluation';
import { chooseThreshold, type Payoffs, type ThresholdChoice } from '../../../src/core/decision';
import { predictProbabilities } from '../../../src/model/network';
import type { TrainingProgress } from './config';
import type { CrossFitted } from './crossFit';
import { selectRows } from './encodedRows';

export interface TestEvaluation {
  readonly threshold: ThresholdChoice;
  readonly logisticThreshold: ThresholdChoice;
  readonly developmentLabels: Uint8Array;
  readonly testLabels: Uint8Array;
  /** The shipped model's probability of each test row. */
  readonly testScores: Float32Array;
  /**
   * Measured time to score one test row with the shipped model (TF.js on the encoded rows, a
   * second pass so that graph set-up is left out), in microseconds; null for no test rows.
   */
  readonly scoringMicrosecondsPerCustomer: number | null;
  /** The unquantised model's test ROC AUC, or null when the model is not quantised. */
  readonly unquantizedTestAuc: number | null;
  readonly test: EvaluationReport;
  readonly logisticTest: EvaluationReport;
}

/**
 * Chooses the thresholds and evaluates on `test` (table rows). Disposes `fitted.unquantized` when
 * it is not the shipped model.
 */
export function evaluateOnTest(
  fitted: CrossFitted,
  labels: Uint8Array,
  development: Uint32Array,
  test: Uint32Array,
  settings: { readonly payoffs: Payoffs; readonly seed: number },
  progress: TrainingProgress,
): TestEvaluation {
  const { model, matrix, width } = fitted;
  const pick = (rows: Uint32Array) => Uint8Array.from(rows, (row) => labels[row] ?? 0);
  const developmentLabels = pick(development);
  const testLabels = pick(test);

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
  const testMatrix = selectRows(matrix, width, test);
  const testScores = predictProbabilities(model, testMatrix, width);
  const started = performance.now();
  predictProbabilities(model, testMatrix, width);
  const scoringMicrosecondsPerCustomer =
    test.length === 0 ? null : ((performance.now() - started) * 1000) / test.length;
  const unquantizedTestAuc =
    fitted.unquantized === model
      ? null
      : rocAuc(predictProbabilities(fitted.unquantized, testMatrix, width), testLabels);
  if (fitted.unquantized !== model) fitted.unquantized.dispose();
  return {
    threshold,
    logisticThreshold,
    developmentLabels,
    testLabels,
    testScores,
    scoringMicrosecondsPerCustomer,
    unquantizedTestAuc,
    test: evaluate(testScores, testLabels, threshold.threshold, settings.payoffs),
    logisticTest: evaluate(
      predictLogistic(fitted.logistic, matrix, width, test),
      testLabels,
      logisticThreshold.threshold,
      settings.payoffs,
    ),
  };
}
