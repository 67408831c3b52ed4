/**
 * The training run: load → treat → split → fit preprocessing on training rows → train towers with
 * early stopping on validation → choose the threshold on validation → evaluate on test → export.
 */
import { blendWeights } from '../../src/core/ensembleBlend';
import { describeHeaderProblem } from '../../src/core/fileProblems';
import { basename } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { evaluate } from '../../src/core/evaluation';
import { fitLogistic, predictLogistic, type LogisticModel } from '../../src/core/logistic';
import { rocAuc, averagePrecision } from '../../src/core/metrics';
import { METRICS_FORMAT, type ModelMetrics } from '../../src/core/modelMetrics';
import {
  encodeTable,
  fitPreprocess,
  type PreprocessOptions,
  type PreprocessSpec,
} from '../../src/core/preprocess';
import { breakEvenThreshold, type Payoffs } from '../../src/core/profit';
import { stratifiedSplit } from '../../src/core/split';
import { describeTargetProblem, resolveTarget } from '../../src/core/target';
import { chooseThreshold } from '../../src/core/threshold';
import type { ColumnarTable, RowIssue } from '../../src/core/table';
import type { TargetMapping } from '../../src/core/target';
import type { TowerOutcome } from './towerProtocol';
import {
  buildScoringModel,
  predictProbabilities,
  type NetworkConfig,
} from '../../src/model/network';
import type { EpochLog, TowerOptions } from '../../src/model/train';
import { DataFileError, loadTable } from './csvFile';
import { renderModelCard } from './modelCard';
import { toSharedMatrix, trainTowers } from './towers';
import { initTensorflow } from './tfNode';

export interface TrainingConfig {
  readonly dataPath: string;
  readonly idColumn: string;
  readonly targetColumn: string;
  readonly positive?: string | undefined;
  readonly exclude: readonly string[];
  readonly seed: number;
  readonly towers: number;
  readonly network: NetworkConfig;
  readonly learningRate: number;
  readonly batchSize: number;
  readonly maxEpochs: number;
  readonly patience: number;
  readonly testFraction: number;
  readonly validationFraction: number;
  readonly payoffs: Payoffs;
  readonly threads: number;
  /** Share of the logistic regression in the ensemble's probability (0 leaves it out). */
  readonly linearShare: number;
  /** Train the shipped towers again on every labelled row for their best epoch counts. */
  readonly refit: boolean;
  readonly preprocess?: PreprocessOptions;
}

/** The defaults of `npm run train`, shared with the benchmarks so that they measure the same thing. */
export const DEFAULT_TRAINING = {
  seed: 42,
  towers: 3,
  learningRate: 3e-4,
  batchSize: 512,
  maxEpochs: 60,
  patience: 8,
  testFraction: 0.15,
  validationFraction: 0.15,
  refit: true,
  linearShare: 0.25,
} as const;

export interface TrainingOutcome {
  readonly model: tf.LayersModel;
  readonly spec: PreprocessSpec;
  readonly metrics: ModelMetrics;
  readonly card: string;
  readonly issues: readonly RowIssue[];
  /** The validation rows, kept so that another model can be measured on exactly the same rows. */
  readonly validation: {
    readonly table: ColumnarTable;
    readonly rows: Uint32Array;
    readonly labels: Uint8Array;
  };
}

export interface TrainingProgress {
  stage(message: string): void;
  epoch(tower: number, log: EpochLog): void;
}

/** Runs a whole training. Data problems in rows are reported in `issues`; an unusable file throws. */
export async function runTraining(
  config: TrainingConfig,
  progress: TrainingProgress,
): Promise<TrainingOutcome> {
  const started = Date.now();
  progress.stage(`reading ${config.dataPath}`);
  const { table, textHash } = await loadTable(config.dataPath, {
    idColumn: config.idColumn,
    targetColumn: config.targetColumn,
    exclude: config.exclude,
  });
  const target = resolveTarget(config.targetColumn, table.targets ?? [], config.positive);
  if (!target.ok)
    throw new DataFileError(`${config.dataPath}: ${describeTargetProblem(target.problem)}`);
  const labels = target.value.labels;
  const n = labels.length;
  const positives = labels.reduce((sum, label) => sum + label, 0);
  if (positives < 10 || n - positives < 10) {
    throw new DataFileError(
      `${config.dataPath}: too few rows of one class to train (${positives} positive, ${n - positives} negative)`,
    );
  }

  const { kept: development, heldOut: test } = stratifiedSplit(
    labels,
    config.testFraction,
    config.seed,
  );
  const { kept: train, heldOut: validation } = stratifiedSplit(
    labels,
    config.validationFraction,
    config.seed + 1,
    development,
  );
  const fitted = await fitEnsemble(
    table,
    labels,
    train,
    validation,
    {
      ...config,
      target: target.value.mapping,
      refitRows: config.refit ? Uint32Array.from({ length: n }, (_, i) => i) : undefined,
    },
    progress,
  );
  const { spec, model, evaluationModel, outcomes, backend, trainingSeconds, validationScores } =
    fitted;
  const { matrix, width } = fitted;
  const towerOptions = fitted.towerOptions;

  const logistic = fitted.logistic;
  const pick = (rows: Uint32Array) => Uint8Array.from(rows, (row) => labels[row] ?? 0);
  const validationLabels = pick(validation);
  const testLabels = pick(test);
  const logisticValidation = predictLogistic(logistic, matrix, width, validation);
  const logisticThreshold = chooseThreshold(logisticValidation, validationLabels, config.payoffs, {
    seed: config.seed,
  });
  const logisticTest = evaluate(
    predictLogistic(logistic, matrix, width, test),
    testLabels,
    logisticThreshold.threshold,
    config.payoffs,
  );

  const threshold = chooseThreshold(validationScores, validationLabels, config.payoffs, {
    seed: config.seed,
  });
  const testScores = predictProbabilities(evaluationModel, selectRows(matrix, width, test), width);
  if (evaluationModel !== model) evaluationModel.dispose();
  const testReport = evaluate(testScores, testLabels, threshold.threshold, config.payoffs);

  const metrics: ModelMetrics = {
    format: METRICS_FORMAT,
    version: 1,
    createdAt: new Date().toISOString(),
    schemaHash: spec.schemaHash,
    data: {
      file: basename(config.dataPath),
      hash: textHash,
      rowsRead: table.rowsRead,
      rowsUsed: n,
      rowsSkipped: table.issues.length,
      positives,
      columns: table.columns.length,
      target: target.value.mapping,
    },
    payoffs: config.payoffs,
    split: {
      seed: config.seed,
      testFraction: config.testFraction,
      validationFraction: config.validationFraction,
      trainRows: train.length,
      validationRows: validation.length,
      testRows: test.length,
    },
    model: {
      kind: 'mlp-ensemble',
      inputWidth: width,
      hidden: config.network.hidden,
      towers: outcomes.map((outcome, tower) => ({
        seed: towerOptions[tower]?.seed ?? 0,
        bestEpoch: outcome.bestEpoch,
        epochsRun: outcome.history.length,
        validationAuc: outcome.history[outcome.bestEpoch - 1]?.valAuc ?? Number.NaN,
        history: outcome.history,
      })),
      learningRate: config.learningRate,
      batchSize: config.batchSize,
      maxEpochs: config.maxEpochs,
      patience: config.patience,
      backend,
      trainingSeconds,
      refit: fitted.refit,
      linearShare: config.linearShare,
    },
    threshold: {
      ...threshold,
      source: 'validation',
      method: `median over ${threshold.resamples} bootstrap resamples of the validation rows of the profit-maximising threshold`,
      breakEven: breakEvenThreshold(config.payoffs),
    },
    validation: {
      auc: rocAuc(validationScores, validationLabels),
      prAuc: averagePrecision(validationScores, validationLabels),
      rows: validation.length,
    },
    test: testReport,
    logisticBaseline: { ...logisticTest, threshold: logisticThreshold.threshold },
    outOfSample: { source: 'test', scores: Array.from(testScores), labels: Array.from(testLabels) },
  };
  const card = renderModelCard(metrics, spec, (Date.now() - started) / 1000);
  return {
    model,
    spec,
    metrics,
    card,
    issues: table.issues,
    validation: { table, rows: validation, labels: validationLabels },
  };
}

export interface FittedEnsemble {
  readonly spec: PreprocessSpec;
  /** The model to ship: refitted on refitRows when they were given, else evaluationModel. */
  readonly model: tf.LayersModel;
  /** The towers as early-stopped on validation, trained on trainRows only: the one evaluated. */
  readonly evaluationModel: tf.LayersModel;
  /** Rows and epochs of the refit, or null when the shipped model is the evaluated one. */
  readonly refit: { rows: number; epochs: number[]; seconds: number } | null;
  /** Every row of the table encoded with the spec (shared memory), rows × width. */
  readonly matrix: Float32Array;
  readonly width: number;
  readonly outcomes: TowerOutcome[];
  readonly towerOptions: TowerOptions[];
  /** The logistic regression fitted on trainRows: the baseline, and the ensemble's linear member. */
  readonly logistic: LogisticModel;
  /** The ensemble's probabilities on the validation rows, each tower at its best epoch. */
  readonly validationScores: Float64Array;
  readonly backend: string;
  readonly trainingSeconds: number;
}

/**
 * Fits the preprocessing on trainRows, then the towers with early stopping on validationRows, and
 * assembles the scoring model. With refitRows, each tower is then trained again from its seed on
 * those rows for its best number of epochs, so that the shipped model learns from every labelled
 * row while its figures still come from rows it never saw. Shared by the training CLI and the
 * cross-validation benchmark.
 */
export async function fitEnsemble(
  table: ColumnarTable,
  labels: Uint8Array,
  train: Uint32Array,
  validation: Uint32Array,
  config: Omit<
    TrainingConfig,
    | 'dataPath'
    | 'testFraction'
    | 'validationFraction'
    | 'payoffs'
    | 'exclude'
    | 'idColumn'
    | 'targetColumn'
    | 'refit'
  > & { idColumn: string; target: TargetMapping; refitRows?: Uint32Array | undefined },
  progress: TrainingProgress,
): Promise<FittedEnsemble> {
  progress.stage(
    `treating ${table.columns.length} columns, fitted on ${train.length} training rows`,
  );
  const spec = fitPreprocess(table, train, config.idColumn, config.target, config.preprocess);
  const all = Uint32Array.from({ length: labels.length }, (_, i) => i);
  const encoded = encodeTable(spec, table, all);
  if (!encoded.ok) throw new DataFileError(describeHeaderProblem(encoded.problem));
  const width = spec.outputNames.length;
  const matrix = toSharedMatrix(encoded.value);

  progress.stage(
    `training ${config.towers} towers on ${train.length} rows (${width} inputs), early stopping on ${validation.length} validation rows`,
  );
  const backend = await initTensorflow();
  const towerOptions: TowerOptions[] = Array.from({ length: config.towers }, (_, tower) => ({
    network: config.network,
    seed: config.seed * 1000 + tower + 1,
    learningRate: config.learningRate,
    batchSize: config.batchSize,
    maxEpochs: config.maxEpochs,
    patience: config.patience,
  }));
  const trainingStarted = Date.now();
  const outcomes = await trainTowers(
    { matrix, width, labels, trainRows: train, validationRows: validation },
    towerOptions,
    config.threads,
    (tower, log) => {
      progress.epoch(tower, log);
    },
  );
  const trainingSeconds = (Date.now() - trainingStarted) / 1000;
  progress.stage('fitting the logistic regression (baseline and linear member)');
  const logistic = fitLogistic(matrix, width, labels, train, { seed: config.seed });
  const assemble = (trained: TowerOutcome[], linear: LogisticModel) => {
    const towerWeights = trained.map((outcome) =>
      outcome.weights.map((w) => tf.tensor(w.values, w.shape)),
    );
    const member =
      config.linearShare > 0
        ? {
            weights: Float32Array.from(linear.weights),
            bias: linear.bias,
            share: config.linearShare,
          }
        : null;
    const assembled = buildScoringModel(width, config.network, towerWeights, member);
    towerWeights.flat().forEach((t) => {
      t.dispose();
    });
    return assembled;
  };
  const evaluationModel = assemble(outcomes, logistic);
  let model = evaluationModel;
  let refit: FittedEnsemble['refit'] = null;
  if (config.refitRows !== undefined && config.refitRows.length > 0) {
    const epochs = outcomes.map((outcome) => outcome.bestEpoch);
    progress.stage(
      `refitting the towers on all ${config.refitRows.length} labelled rows for ${epochs.join('/')} epochs`,
    );
    const refitStarted = Date.now();
    const refitted = await trainTowers(
      { matrix, width, labels, trainRows: config.refitRows, validationRows: new Uint32Array(0) },
      towerOptions.map((options, tower) => ({ ...options, maxEpochs: epochs[tower] ?? 1 })),
      config.threads,
      (tower, log) => {
        progress.epoch(tower, log);
      },
    );
    const refitLogistic =
      config.linearShare > 0
        ? fitLogistic(matrix, width, labels, config.refitRows, { seed: config.seed })
        : logistic;
    model = assemble(refitted, refitLogistic);
    refit = { rows: config.refitRows.length, epochs, seconds: (Date.now() - refitStarted) / 1000 };
  }
  // The ensemble's validation probabilities, blended exactly as the scoring model blends them.
  const validationScores = new Float64Array(validation.length);
  const blend = blendWeights(outcomes.length, config.linearShare);
  for (const outcome of outcomes) {
    outcome.validationScores.forEach((score, i) => {
      validationScores[i] = (validationScores[i] ?? 0) + score * blend.tower;
    });
  }
  if (blend.linear > 0) {
    predictLogistic(logistic, matrix, width, validation).forEach((p, i) => {
      validationScores[i] = (validationScores[i] ?? 0) + p * blend.linear;
    });
  }
  return {
    spec,
    model,
    evaluationModel,
    refit,
    matrix,
    width,
    outcomes,
    towerOptions,
    logistic,
    validationScores,
    backend,
    trainingSeconds,
  };
}

/** Copies the given rows of a row-major matrix into a new one, in that order. */
export function selectRows(
  matrix: Float32Array,
  width: number,
  rows: ArrayLike<number>,
): Float32Array {
  const out = new Float32Array(rows.length * width);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] ?? 0;
    out.set(matrix.subarray(row * width, (row + 1) * width), i * width);
  }
  return out;
}
