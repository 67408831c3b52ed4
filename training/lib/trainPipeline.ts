/**
 * The training run: load → split off the test rows → cross-fit K fold models (towers, a logistic
 * regression and boosted trees) on the rest, each early-stopped on its own fold → calibrate and
 * choose the threshold on the out-of-fold probabilities → evaluate the shipped fold ensemble on
 * the test rows → export.
 */
import {
  calibrateAll,
  chooseCalibration,
  type CalibrationChoice,
  type CalibrationMap,
  evaluate,
  fitLogisticCentered,
  predictLogistic,
  type LogisticModel,
} from '../../src/core/evaluation';
import { meanNonZeroCells, sparseMultiplyAdds } from './modelBudget';
import {
  roundTripUint8,
  centerRows,
  frequentColumnValues,
  treeCount,
  treeLogits,
  type ObliviousTrees,
} from '../../src/core/scoring';
import {
  loadModelFiles,
  saveModelFiles,
  shipsQuantized,
  type ModelFiles,
} from '../../src/model/artifacts';
import {
  describeHeaderProblem,
  describeTargetProblem,
  resolveTarget,
  type ColumnarTable,
  type RowIssue,
  type TargetMapping,
} from '../../src/core/records';
import { basename } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { rocAuc, averagePrecision, logLoss } from '../../src/core/metrics';
import { METRICS_FORMAT, shortestFloat32, type ModelMetrics } from '../../src/core/modelFiles';
import {
  encodeTable,
  fitPreprocess,
  type PreprocessOptions,
  type PreprocessSpec,
} from '../../src/core/preprocess';
import { breakEvenThreshold, type Payoffs, chooseThreshold } from '../../src/core/decision';
import { stratifiedFolds, stratifiedSplit } from './split';
import { fitSegmentColumns, segmentCodesOf, type SegmentData } from '../../src/core/segments';
import type { TowerOutcome } from './towerProtocol';
import {
  buildScoringModel,
  predictProbabilities,
  type NetworkConfig,
} from '../../src/model/network';
import { effectiveLogitWeight, type EpochLog } from './towerTraining';
import { DataFileError, loadTable } from './csvFile';
import { renderModelCard } from './modelCard';
import { toSharedCenteredRows, toSharedMatrix, trainTowers, type TowerTask } from './towers';
import { initTensorflow } from './tfNode';
import {
  boostFolds,
  chooseTreeShare,
  DEFAULT_TREE_MEMBER,
  shippedTrees,
  treeInputs,
  type TreeMemberOptions,
} from './treeMember';
import {
  DEFAULT_DISTILLATION,
  foldTeacher,
  teacherColumnLimit,
  teachersOutOfFoldAuc,
  type DistillationOptions,
  type FoldTeacher,
} from './distillation';

export interface TrainingConfig {
  readonly dataPath: string;
  readonly idColumn: string;
  readonly targetColumn: string;
  readonly positive?: string | undefined;
  readonly exclude: readonly string[];
  readonly seed: number;
  /** Fold models of the cross-fitting; each is early-stopped on its own held-out fold. */
  readonly folds: number;
  /** Towers per fold model. */
  readonly towers: number;
  readonly network: NetworkConfig;
  readonly learningRate: number;
  readonly batchSize: number;
  /**
   * Most optimizer steps per tower, early stopping usually ending sooner: a tower's epoch cap is
   * this over its batches per epoch, so that a small file trains as long as it needs, not for an
   * epoch count set on a large one.
   */
  readonly maxSteps: number;
  /** A hard cap on epochs per tower (quick runs); null leaves the cap to maxSteps. */
  readonly maxEpochs: number | null;
  readonly patience: number;
  readonly testFraction: number;
  readonly payoffs: Payoffs;
  readonly threads: number;
  /** Share of the logistic regression in the ensemble's logit (0 leaves it out). */
  readonly linearShare: number;
  /** Ship large weight tensors as 8-bit (TF.js uint8 quantisation). */
  readonly quantize: boolean;
  /** The boosted-tree member (its share 0 leaves it out). */
  readonly trees: TreeMemberOptions;
  /** The towers' teacher: depth-wise boosted trees per fold (share 0: the towers learn the labels alone). */
  readonly distillation: DistillationOptions;
  readonly preprocess?: PreprocessOptions;
}

/** The defaults of `npm run train`, shared with the benchmarks so that they measure the same thing. */
export const DEFAULT_TRAINING = {
  seed: 42,
  folds: 5,
  towers: 2,
  learningRate: 3e-4,
  batchSize: 512,
  maxSteps: 6000,
  maxEpochs: null as number | null,
  patience: 8,
  testFraction: 0.15,
  linearShare: 0,
  quantize: true,
  trees: DEFAULT_TREE_MEMBER,
  distillation: DEFAULT_DISTILLATION,
} as const;

export interface TrainingOutcome {
  readonly model: tf.LayersModel;
  /** model.json and weights.bin exactly as measured (quantised when asked). */
  readonly files: ModelFiles;
  readonly spec: PreprocessSpec;
  readonly metrics: ModelMetrics;
  readonly card: string;
  readonly issues: readonly RowIssue[];
  /** What the app's per-segment plans need (segments.json). */
  readonly segments: SegmentData;
  /** Rows no part of this model saw (the test rows), so another model can be measured on them. */
  readonly comparison: {
    readonly table: ColumnarTable;
    readonly rows: Uint32Array;
    readonly labels: Uint8Array;
  };
}

export interface TrainingProgress {
  stage(message: string): void;
  epoch(tower: number, log: EpochLog): void;
}

/**
 * A tower's epoch cap on `rows` training rows: maxSteps over its batches per epoch (at least one
 * epoch), within the hard cap when one is set.
 */
export function epochCap(
  config: Pick<TrainingConfig, 'maxSteps' | 'maxEpochs' | 'batchSize'>,
  rows: number,
): number {
  const batches = Math.max(1, Math.ceil(rows / config.batchSize));
  const bySteps = Math.max(1, Math.ceil(config.maxSteps / batches));
  return config.maxEpochs === null ? bySteps : Math.min(bySteps, config.maxEpochs);
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
  const fitted = await crossFit(
    table,
    labels,
    development,
    { ...config, target: target.value.mapping },
    progress,
  );
  const { spec, model, matrix, width } = fitted;
  const pick = (rows: Uint32Array) => Uint8Array.from(rows, (row) => labels[row] ?? 0);
  const developmentLabels = pick(development);
  const testLabels = pick(test);

  progress.stage('choosing the threshold on the out-of-fold probabilities');
  const threshold = chooseThreshold(fitted.outOfFold, developmentLabels, config.payoffs, {
    seed: config.seed,
  });
  const logisticThreshold = chooseThreshold(
    fitted.logisticOutOfFold,
    developmentLabels,
    config.payoffs,
    { seed: config.seed },
  );
  const testMatrix = selectRows(matrix, width, test);
  const testScores = predictProbabilities(model, testMatrix, width);
  const unquantizedTestAuc =
    fitted.unquantized === model
      ? null
      : rocAuc(predictProbabilities(fitted.unquantized, testMatrix, width), testLabels);
  if (fitted.unquantized !== model) fitted.unquantized.dispose();
  const testReport = evaluate(testScores, testLabels, threshold.threshold, config.payoffs);
  const logisticTest = evaluate(
    predictLogistic(fitted.logistic, matrix, width, test),
    testLabels,
    logisticThreshold.threshold,
    config.payoffs,
  );
  const cells = meanNonZeroCells(table, development);
  const towerCount = fitted.outcomes.length;
  const calibration = fitted.calibration.map;

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
      validationFraction: 0,
      trainRows: development.length,
      validationRows: 0,
      testRows: test.length,
      folds: config.folds,
    },
    model: {
      kind: 'cross-fitted-mlp',
      inputWidth: width,
      hidden: config.network.hidden,
      towers: fitted.outcomes.map((outcome, tower) => ({
        seed: fitted.tasks[tower]?.options.seed ?? 0,
        fold: Math.floor(tower / config.towers),
        bestEpoch: outcome.bestEpoch,
        epochsRun: outcome.history.length,
        validationAuc: outcome.history[outcome.bestEpoch - 1]?.valAuc ?? Number.NaN,
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
              share: fitted.trees.share,
              chosenFrom: fitted.trees.aucByShare,
              depth: fitted.trees.member.depth,
              treesPerFold: fitted.trees.treesPerFold,
              columns: fitted.trees.columns,
              learningRate: config.trees.boosting.learningRate,
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
              treesPerFold: fitted.teacher.treesPerFold,
              columns: fitted.teacher.columns,
              outOfFoldAuc: fitted.teacher.outOfFoldAuc,
            },
      quantization: config.quantize
        ? { dtype: 'uint8', unquantizedTestAuc: unquantizedTestAuc ?? Number.NaN }
        : null,
      budget: {
        meanNonZeroCells: cells,
        multiplyAddsPerCustomer: sparseMultiplyAdds(
          {
            towers: towerCount,
            hidden: config.network.hidden,
            linear: config.linearShare > 0,
            calibrationKnots: calibration.method === 'isotonic' ? calibration.x.length : 0,
            treeColumns: fitted.trees !== null && fitted.trees.share > 0 ? fitted.trees.columns : 0,
          },
          cells,
        ),
        weightBytes: fitted.weightBytes,
        treeComparisons:
          fitted.trees !== null && fitted.trees.share > 0 ? fitted.trees.member.columns.length : 0,
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
    test: testReport,
    logisticBaseline: { ...logisticTest, threshold: logisticThreshold.threshold },
    outOfSample: {
      source: 'test',
      scores: Array.from(testScores, shortestFloat32),
      labels: Array.from(testLabels),
    },
  };
  const card = renderModelCard(metrics, spec, (Date.now() - started) / 1000);
  return {
    model,
    files: fitted.files,
    spec,
    metrics,
    card,
    issues: table.issues,
    segments: segmentDataOf(table, spec, development, test, fitted.outOfFold, developmentLabels),
    comparison: { table, rows: test, labels: testLabels },
  };
}

/**
 * The segment columns fitted on the development rows (the model's inputs only, its sentinels read
 * as missing), with every development row's out-of-fold probability, label and codes and every
 * test row's codes, in the orders the threshold and metrics.json use.
 */
function segmentDataOf(
  table: ColumnarTable,
  spec: PreprocessSpec,
  development: Uint32Array,
  test: Uint32Array,
  outOfFold: Float64Array,
  developmentLabels: Uint8Array,
): SegmentData {
  const sentinels = new Map(
    spec.features.flatMap((f) => (f.kind === 'numeric' ? [[f.column, f.sentinels] as const] : [])),
  );
  const columns = fitSegmentColumns(table, development, {
    columns: spec.inputColumns.map((c) => c.name),
    missingOf: (column) => sentinels.get(column) ?? [],
  });
  return {
    schemaHash: spec.schemaHash,
    columns,
    development: {
      scores: Float32Array.from(outOfFold),
      labels: developmentLabels,
      codes: columns.map((column) => segmentCodesOf(table, column, development)),
    },
    test: { codes: columns.map((column) => segmentCodesOf(table, column, test)) },
  };
}

export interface CrossFitted {
  readonly spec: PreprocessSpec;
  /** The shipped model: every fold model's towers, the logistic member, the calibration map (quantised when asked). */
  readonly model: tf.LayersModel;
  /** The same model before quantisation (the same object when not quantised); the caller disposes it. */
  readonly unquantized: tf.LayersModel;
  /** Bytes of weights.bin as shipped. */
  readonly weightBytes: number;
  /** The shipped model's files, from which `model` was loaded. */
  readonly files: ModelFiles;
  /** Every row of the table encoded with the spec (shared memory), rows × width. */
  readonly matrix: Float32Array;
  readonly width: number;
  /** Towers fold by fold (fold f holds towers f·T … f·T + T − 1), with the tasks that trained them. */
  readonly outcomes: TowerOutcome[];
  readonly tasks: TowerTask[];
  /** Fold of each development row, in the order of `development`. */
  readonly foldOfRow: Uint8Array;
  /** Calibrated out-of-fold probability of each development row, by the fold model that did not see it. */
  readonly outOfFold: Float64Array;
  /** The same rows' logistic-regression probabilities, out of fold: the baseline's threshold. */
  readonly logisticOutOfFold: Float64Array;
  /** The logistic baseline as shipped in the ensemble (the mean of the fold regressions). */
  readonly logistic: LogisticModel;
  readonly calibration: CalibrationChoice;
  /** The tree member as shipped, or null when its share is 0. */
  readonly trees: FittedTrees | null;
  readonly teacher: FittedTeacher | null;
  readonly backend: string;
  readonly trainingSeconds: number;
}

export interface FittedTeacher {
  readonly share: number;
  /** Trees each fold's teacher kept (early stopping on its own fold). */
  readonly treesPerFold: readonly number[];
  /** Out-of-fold ROC AUC of the teachers (each held row scored by its fold's teacher). */
  readonly outOfFoldAuc: number;
  /** Encoded columns the teachers read. */
  readonly columns: number;
  /** The squared logit gap's weight each fold's towers trained with (effectiveLogitWeight). */
  readonly logitWeightPerFold: readonly number[];
}

export interface FittedTrees {
  /** The fold models averaged, leaves as shipped. */
  readonly member: ObliviousTrees;
  readonly share: number;
  /** Out-of-fold ROC AUC of each share 'auto' weighed (empty for a given share). */
  readonly aucByShare: readonly { share: number; auc: number }[];
  /** Out-of-fold ROC AUC of the trees alone and of the network alone. */
  readonly outOfFoldAuc: number;
  readonly networkOutOfFoldAuc: number;
  /** Trees kept per fold (early stopping). */
  readonly treesPerFold: readonly number[];
  /** Distinct encoded columns the member reads. */
  readonly columns: number;
}

/**
 * Cross-fitting on the development rows: the preprocessing is fitted on all of them (it reads no
 * labels), the rows are split into K stratified folds, and fold model f (its towers, a logistic
 * regression and its boosted trees) trains on the other folds with early stopping on fold f; with
 * distillation, fold f's towers learn the logits of a teacher boosted on the same rows. The
 * trees' share of the blend is chosen on the out-of-fold logits (under 'auto'); the blended
 * out-of-fold logits choose the calibration map (Platt or isotonic, by cross-validated log loss);
 * the calibrated out-of-fold probabilities then choose the threshold. The shipped model averages
 * every fold model's logit and applies the map; with `quantize`, it is the 8-bit model, and the
 * out-of-fold logits come from the same 8-bit towers and leaves. Shared by the training CLI and
 * the cross-validation benchmark.
 */
export async function crossFit(
  table: ColumnarTable,
  labels: Uint8Array,
  development: Uint32Array,
  config: Omit<
    TrainingConfig,
    'dataPath' | 'testFraction' | 'payoffs' | 'exclude' | 'idColumn' | 'targetColumn'
  > & { idColumn: string; target: TargetMapping },
  progress: TrainingProgress,
): Promise<CrossFitted> {
  progress.stage(
    `treating ${table.columns.length} columns, fitted on ${development.length} development rows`,
  );
  const spec = fitPreprocess(table, development, config.idColumn, config.target, config.preprocess);
  const all = Uint32Array.from({ length: labels.length }, (_, i) => i);
  const encoded = encodeTable(spec, table, all);
  if (!encoded.ok) throw new DataFileError(describeHeaderProblem(encoded.problem));
  const width = spec.outputNames.length;
  const matrix = toSharedMatrix(encoded.value);
  // The towers' first layer and the logistic regressions read the matrix as sparse rows.
  const centered = toSharedCenteredRows(
    centerRows(matrix, width, frequentColumnValues(matrix, width)),
  );

  const k = Math.max(2, config.folds);
  const developmentLabels = Uint8Array.from(development, (row) => labels[row] ?? 0);
  const foldOfRow = stratifiedFolds(developmentLabels, k, config.seed + 1);
  // Each fold's rows, split once: the rows it trains on and the rows it is held out on.
  const folds = Array.from({ length: k }, (_, fold) => ({
    train: development.filter((_, i) => foldOfRow[i] !== fold),
    held: development.filter((_, i) => foldOfRow[i] === fold),
  }));
  const foldRows = (fold: number, held: boolean) => {
    const rows = folds[fold];
    if (rows === undefined) throw new RangeError(`no fold ${fold}`);
    return held ? rows.held : rows.train;
  };
  // The teachers boost on this thread, fold after fold; a fold's towers start once its teacher is done.
  const distillation = config.distillation;
  const teacherBins =
    distillation.share > 0
      ? treeInputs(spec, matrix, width, development, {
          columns: teacherColumnLimit(distillation.columns),
          bins: distillation.bins,
        })
      : null;
  const teachers: Promise<FoldTeacher>[] = [];
  if (teacherBins !== null) {
    for (let fold = 0; fold < k; fold++) {
      const rows = folds[fold] ?? { train: new Uint32Array(0), held: new Uint32Array(0) };
      const previous = teachers[fold - 1] ?? Promise.resolve(null);
      teachers.push(
        previous.then(() =>
          foldTeacher(teacherBins, labels, rows, distillation, config.seed * 7919 + fold),
        ),
      );
    }
  }
  const tasks: TowerTask[] = [];
  for (let fold = 0; fold < k; fold++) {
    const trainRows = foldRows(fold, false);
    const validationRows = foldRows(fold, true);
    const teacherLogits = teachers[fold]?.then((teacher) => teacher.logits);
    for (let tower = 0; tower < config.towers; tower++) {
      tasks.push({
        teacherLogits,
        trainRows,
        validationRows,
        options: {
          network: config.network,
          seed: config.seed * 1000 + fold * config.towers + tower + 1,
          learningRate: config.learningRate,
          batchSize: config.batchSize,
          maxEpochs: epochCap(config, trainRows.length),
          patience: config.patience,
          distillation:
            teacherBins === null
              ? undefined
              : {
                  share: distillation.share,
                  weight: distillation.logitWeight,
                  spreadCap:
                    distillation.logitSpreadCap > 0 ? distillation.logitSpreadCap : undefined,
                },
        },
      });
    }
  }
  progress.stage(
    `training ${k} fold models × ${config.towers} tower(s) on ${development.length} rows (${width} inputs), each early-stopped on its own fold${teacherBins !== null ? `, learning from a teacher of depth-wise trees per fold (share ${distillation.share})` : ''}; a logistic regression per fold (baseline${config.linearShare > 0 ? ' and linear member' : ''})`,
  );
  const backend = await initTensorflow();
  const trainingStarted = Date.now();
  const treeOptions = config.trees;
  const withTrees = treeOptions.share === 'auto' || treeOptions.share > 0;
  // The tree member boosts on this thread, after the teachers, while the workers train the towers.
  const treeBins = !withTrees
    ? null
    : teacherBins !== null &&
        distillation.columns === treeOptions.columns &&
        distillation.bins === treeOptions.bins
      ? teacherBins
      : treeInputs(spec, matrix, width, development, treeOptions);
  // After the teachers, this thread also fits the logistic regressions (the baseline, and the
  // linear member when it has a share), one fold at a time, while the workers train.
  const afterTeachers = Promise.all(teachers);
  const [outcomes, foldTrees, foldTeachers, logistics] = await Promise.all([
    trainTowers({ matrix, width, centered, labels }, tasks, config.threads, (tower, log) => {
      progress.epoch(tower, log);
    }),
    afterTeachers.then(() =>
      treeBins === null
        ? []
        : boostFolds(treeBins, labels, folds, treeOptions.boosting, config.seed),
    ),
    afterTeachers,
    afterTeachers.then(async () => {
      const fits: LogisticModel[] = [];
      for (let fold = 0; fold < k; fold++) {
        await new Promise((resolve) => setImmediate(resolve));
        fits.push(
          fitLogisticCentered(centered, labels, foldRows(fold, false), {
            seed: config.seed + fold,
          }),
        );
      }
      return fits;
    }),
  ]);
  const fittedTeacher: FittedTeacher | null =
    foldTeachers.length === 0 || teacherBins === null
      ? null
      : {
          share: distillation.share,
          treesPerFold: foldTeachers.map((teacher) => teacher.trees),
          outOfFoldAuc: teachersOutOfFoldAuc(foldTeachers, folds, labels),
          columns: teacherBins.columns.length,
          logitWeightPerFold: await Promise.all(
            folds.map(async (rows, fold) => {
              const matching = tasks[fold * config.towers]?.options.distillation;
              const logits = await tasks[fold * config.towers]?.teacherLogits;
              return matching === undefined || logits === undefined
                ? distillation.logitWeight
                : effectiveLogitWeight(matching, logits, rows.train);
            }),
          ),
        };
  const trainingSeconds = (Date.now() - trainingStarted) / 1000;

  // The towers as they ship: 8-bit where the model file quantises them.
  const shipped = outcomes.map((outcome) =>
    outcome.weights.map((w) =>
      config.quantize && shipsQuantized(w.values.length)
        ? { shape: w.shape, values: roundTripUint8(w.values) }
        : w,
    ),
  );
  const build = (
    towers: typeof shipped,
    linear: LogisticModel,
    calibration: CalibrationMap | 'logit',
  ) => {
    const tensors = towers.map((weights) => weights.map((w) => tf.tensor(w.values, w.shape)));
    const member =
      config.linearShare > 0
        ? {
            weights: Float32Array.from(linear.weights),
            bias: linear.bias,
            share: config.linearShare,
          }
        : null;
    const built = buildScoringModel(width, config.network, tensors, {
      linear: member,
      trees:
        calibration === 'logit' || fittedTrees === null || fittedTrees.share === 0
          ? null
          : { model: fittedTrees.member, share: fittedTrees.share },
      calibration,
    });
    tensors.flat().forEach((t) => {
      t.dispose();
    });
    return built;
  };

  progress.stage('out-of-fold logits, calibration map');
  const outOfFoldLogits = new Float64Array(development.length);
  const treeOutOfFold = new Float64Array(development.length);
  const logisticOutOfFold = new Float64Array(development.length);
  const trees =
    foldTrees.length === 0
      ? null
      : shippedTrees(foldTrees, (values) =>
          config.quantize && shipsQuantized(values.length) ? roundTripUint8(values) : values,
        );
  for (let fold = 0; fold < k; fold++) {
    const linear = logistics[fold] ?? logistics[0];
    if (linear === undefined) throw new Error('no logistic regression was fitted');
    const foldModel = build(
      shipped.slice(fold * config.towers, (fold + 1) * config.towers),
      linear,
      'logit',
    );
    const held = foldRows(fold, true);
    const logits = predictProbabilities(foldModel, selectRows(matrix, width, held), width);
    foldModel.dispose();
    const logistic = predictLogistic(linear, matrix, width, held);
    const foldTreeModel = trees?.folds[fold];
    const treeLogit =
      foldTreeModel === undefined ? null : treeLogits(foldTreeModel, matrix, width, held);
    let at = 0;
    foldOfRow.forEach((f, i) => {
      if (f !== fold) return;
      outOfFoldLogits[i] = logits[at] ?? 0;
      treeOutOfFold[i] = treeLogit?.[at] ?? 0;
      logisticOutOfFold[i] = logistic[at] ?? 0;
      at++;
    });
  }
  let fittedTrees: FittedTrees | null = null;
  if (trees !== null) {
    const chosen = chooseTreeShare(
      treeOptions.share,
      outOfFoldLogits,
      treeOutOfFold,
      developmentLabels,
    );
    fittedTrees = {
      member: trees.member,
      share: chosen.share,
      aucByShare: chosen.aucByShare,
      outOfFoldAuc: rocAuc(treeOutOfFold, developmentLabels),
      networkOutOfFoldAuc: rocAuc(outOfFoldLogits, developmentLabels),
      treesPerFold: trees.folds.map(treeCount),
      columns: new Set(trees.member.columns).size,
    };
    const w = chosen.share;
    for (let i = 0; i < outOfFoldLogits.length; i++) {
      outOfFoldLogits[i] = (1 - w) * (outOfFoldLogits[i] ?? 0) + w * (treeOutOfFold[i] ?? 0);
    }
  }
  const calibration = chooseCalibration(outOfFoldLogits, developmentLabels, foldOfRow);
  const outOfFold = calibrateAll(calibration.map, outOfFoldLogits);

  const logistic = meanLogistic(logistics);
  const unquantizedModel = build(
    outcomes.map((outcome) => outcome.weights),
    logistic,
    calibration.map,
  );
  let model = unquantizedModel;
  let files: ModelFiles;
  if (config.quantize) {
    const onGrid = build(shipped, logistic, calibration.map);
    files = await saveModelFiles(onGrid, { quantize: true });
    onGrid.dispose();
    model = await loadModelFiles(files.modelJson, files.weights);
  } else {
    files = await saveModelFiles(unquantizedModel);
  }
  const weightBytes = files.weights.byteLength;
  return {
    spec,
    model,
    unquantized: unquantizedModel,
    weightBytes,
    files,
    matrix,
    width,
    outcomes,
    tasks,
    foldOfRow,
    outOfFold,
    logisticOutOfFold,
    logistic,
    calibration,
    trees: fittedTrees,
    teacher: fittedTeacher,
    backend,
    trainingSeconds,
  };
}

/** The mean of logistic regressions (weights and bias), which is the mean of their logits. */
function meanLogistic(models: readonly LogisticModel[]): LogisticModel {
  const first = models[0];
  if (first === undefined) throw new Error('no logistic regression to average');
  const weights = new Float64Array(first.weights.length);
  let bias = 0;
  for (const model of models) {
    model.weights.forEach((w, i) => {
      weights[i] = (weights[i] ?? 0) + w / models.length;
    });
    bias += model.bias / models.length;
  }
  return { weights, bias };
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
