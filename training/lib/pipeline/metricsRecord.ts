/**
 * The shape of metrics.json, built from the stages' outputs: the data, the split, the model and
 * its members, the threshold, the out-of-fold and test figures, and the test scores themselves.
 */
import { basename } from 'node:path';
import { averagePrecision, logLoss, rocAuc } from '../../../src/core/metrics';
import { METRICS_FORMAT, type ModelMetrics } from '../../../src/core/modelFiles';
import { breakEvenThreshold } from '../../../src/core/decision';
import { meanNonZeroCells, sparseMultiplyAdds } from '../modelBudget';
import { comparisonsPerCustomer } from '../treeMember';
import type { TrainingConfig } from './config';
import type { CrossFitted } from './crossFit';
import type { LabelledFile } from './labelledFile';
import type { OutOfSampleEvaluation } from './outOfSampleEvaluation';

export interface MetricsInputs {
  readonly config: TrainingConfig;
  readonly file: LabelledFile;
  readonly development: Uint32Array;
  readonly test: Uint32Array;
  readonly fitted: CrossFitted;
  readonly evaluation: OutOfSampleEvaluation;
  /** When the record is made (ISO 8601); now by default. */
  readonly createdAt?: string;
}

/** metrics.json of a training run (format METRICS_FORMAT, version 1). */
export function metricsRecordOf(inputs: MetricsInputs): ModelMetrics {
  const { config, file, development, test, fitted, evaluation } = inputs;
  const { table } = file;
  const { developmentLabels, threshold } = evaluation;
  const cells = meanNonZeroCells(table, development);
  const calibration = fitted.calibration.map;
  const shippedTrees = fitted.trees !== null && fitted.trees.share > 0 ? fitted.trees : null;
  return {
    format: METRICS_FORMAT,
    version: 1,
    createdAt: inputs.createdAt ?? new Date().toISOString(),
    schemaHash: fitted.spec.schemaHash,
    data: {
      file: basename(config.dataPath),
      hash: file.textHash,
      rowsRead: table.rowsRead,
      rowsUsed: file.labels.length,
      rowsSkipped: table.issues.length,
      positives: file.positives,
      columns: table.columns.length,
      target: file.target,
    },
    payoffs: config.payoffs,
    split: {
      seed: config.seed,
      testFraction: config.testFraction,
      validationFraction: 0,
      trainRows: development.length,
      validationRows: 0,
      testRows: test.length,
      folds: config.folds,
    },
    model: {
      kind: 'cross-fitted-mlp',
      inputWidth: fitted.width,
      hidden: config.network.hidden,
      towers: fitted.outcomes.map((outcome, tower) => ({
        seed: fitted.tasks[tower]?.options.seed ?? 0,
        fold: Math.floor(tower / config.towers),
        bestEpoch: outcome.bestEpoch,
        epochsRun: outcome.history.length,
        validationAuc: outcome.history[outcome.bestEpoch - 1]?.valAuc ?? Number.NaN,
        loops: outcome.loops,
        history: outcome.history,
      })),
      learningRate: config.learningRate,
      batchSize: config.batchSize,
      maxSteps: config.maxSteps,
      maxEpochs: Math.max(...fitted.tasks.map((task) => task.options.maxEpochs)),
      patience: config.patience,
      backend: fitted.backend,
      trainingSeconds: fitted.trainingSeconds,
      refit: null,
      linearShare: config.linearShare,
      crossFit: {
        folds: config.folds,
        towersPerFold: config.towers,
        outOfFoldAuc: rocAuc(fitted.outOfFold, developmentLabels),
        outOfFoldLogLoss: logLoss(fitted.outOfFold, developmentLabels),
        calibration: {
          method: calibration.method,
          knots: calibration.method === 'isotonic' ? calibration.x.length : 0,
          crossValidatedLogLoss: fitted.calibration.crossValidatedLogLoss,
        },
      },
      trees:
        fitted.trees === null
          ? null
          : {
              kind: fitted.trees.member.kind,
              share: fitted.trees.share,
              chosenFrom: fitted.trees.aucByShare,
              kindsWeighed: fitted.trees.weighed.map((w) => ({
                kind: w.kind,
                share: w.share,
                auc: w.blendAuc,
                chosenFrom: w.aucByShare,
              })),
              depth: fitted.trees.member.trees.depth,
              treesPerFold: fitted.trees.treesPerFold,
              refitTrees: fitted.trees.refitTrees,
              columns: fitted.trees.columns,
              learningRate:
                fitted.trees.member.kind === 'oblivious'
                  ? config.trees.boosting.learningRate
                  : config.distillation.boosting.learningRate,
              outOfFoldAuc: fitted.trees.outOfFoldAuc,
              networkOutOfFoldAuc: fitted.trees.networkOutOfFoldAuc,
            },
      teacher:
        fitted.teacher === null
          ? null
          : {
              share: fitted.teacher.share,
              logitWeight: config.distillation.logitWeight,
              logitWeightPerFold: fitted.teacher.logitWeightPerFold,
              depth: config.distillation.boosting.depth,
              learningRate: config.distillation.boosting.learningRate,
              minChildHessian: fitted.teacher.minChildHessian,
              minChildHessianChosenFrom: fitted.teacher.heldLogLossByHessian,
              treesPerFold: fitted.teacher.treesPerFold,
              columns: fitted.teacher.columns,
              outOfFoldAuc: fitted.teacher.outOfFoldAuc,
            },
      quantization: config.quantize
        ? { dtype: 'uint8', unquantizedTestAuc: evaluation.unquantizedAuc ?? Number.NaN }
        : null,
      budget: {
        meanNonZeroCells: cells,
        multiplyAddsPerCustomer: sparseMultiplyAdds(
          {
            towers: fitted.outcomes.length,
            hidden: config.network.hidden,
            linear: config.linearShare > 0,
            calibrationKnots: calibration.method === 'isotonic' ? calibration.x.length : 0,
            treeColumns: shippedTrees === null ? 0 : shippedTrees.columns,
          },
          cells,
        ),
        weightBytes: fitted.weightBytes,
        treeComparisons: shippedTrees === null ? 0 : comparisonsPerCustomer(shippedTrees.member),
        scoringMicrosecondsPerCustomer: evaluation.scoringMicrosecondsPerCustomer,
      },
    },
    threshold: {
      ...threshold,
      source: 'out-of-fold',
      method: `median over ${threshold.resamples} bootstrap resamples of the ${development.length} development rows' out-of-fold probabilities of the profit-maximising threshold`,
      breakEven: breakEvenThreshold(config.payoffs),
    },
    validation: {
      auc: rocAuc(fitted.outOfFold, developmentLabels),
      prAuc: averagePrecision(fitted.outOfFold, developmentLabels),
      rows: development.length,
    },
    test: evaluation.test,
    logisticBaseline: {
      ...evaluation.logisticTest,
      threshold: evaluation.logisticThreshold.threshold,
    },
    outOfSample: {
      source: evaluation.source,
      scores: Array.from(evaluation.scores, Math.fround),
      labels: Array.from(evaluation.labels),
    },
  };
}
