/** The shape of metrics.json, shared by the training CLI that writes it and every reader. */
import type { CalibrationMethod, EvaluationReport } from '../evaluation';
import type { Payoffs, ThresholdChoice } from '../decision';
import { OUT_OF_SAMPLE_FILE, type OutOfSampleRows } from './outOfSampleFile';

export const METRICS_FORMAT = 'retem-metrics';

/**
 * Where a model's out-of-sample figures come from: 'test', rows held out of its training;
 * 'out-of-fold', every training row, each scored by the fold model that did not train on it and
 * calibrated by a map fitted on the other folds.
 */
export type OutOfSampleSource = 'test' | 'out-of-fold';

/** Which loops trained a tower: see TowerSummary.loops. */
export interface TowerLoops {
  readonly firstLayer: 'wasm-simd' | 'javascript';
  readonly dense: 'wasm-simd' | 'javascript';
}

export interface TowerSummary {
  readonly seed: number;
  readonly bestEpoch: number;
  readonly epochsRun: number;
  readonly validationAuc: number;
  /** The fold model the tower belongs to (cross-fitted models). */
  readonly fold?: number;
  /**
   * The loops that trained it: its first layer's sparse products and its later layers' passes,
   * each WebAssembly SIMD or, where those could not start, JavaScript (the same sums, other
   * rounding). Absent in models trained before the towers left TF.js's ops.
   */
  readonly loops?: TowerLoops;
  readonly history: { epoch: number; loss: number; valLoss: number; valAuc: number }[];
}

export interface ModelMetrics {
  readonly format: typeof METRICS_FORMAT;
  readonly version: 1;
  readonly createdAt: string;
  readonly schemaHash: string;
  readonly data: {
    readonly file: string;
    /** FNV-1a 64 of the file's text. */
    readonly hash: string;
    readonly rowsRead: number;
    readonly rowsUsed: number;
    readonly rowsSkipped: number;
    readonly positives: number;
    readonly columns: number;
    readonly target: { column: string; positive: string; negative: string };
  };
  readonly payoffs: Payoffs;
  /** Readable labels of the file's columns from a data dictionary (`npm run train -- --labels`). */
  readonly columnLabels?: Readonly<Record<string, string>>;
  readonly split: {
    readonly seed: number;
    readonly testFraction: number;
    readonly validationFraction: number;
    readonly trainRows: number;
    readonly validationRows: number;
    readonly testRows: number;
    /** Cross-fitting folds over the development (non-test) rows; absent for older models. */
    readonly folds?: number;
  };
  readonly model: {
    /** cross-fitted-mlp: K fold models, calibrated out of fold; mlp-ensemble: older models. */
    readonly kind: 'mlp-ensemble' | 'cross-fitted-mlp';
    readonly inputWidth: number;
    readonly hidden: readonly number[];
    readonly towers: readonly TowerSummary[];
    readonly learningRate: number;
    readonly batchSize: number;
    /** The most epochs any tower could run (its cap from maxSteps, or a hard cap). */
    readonly maxEpochs: number;
    /** Most optimizer steps per tower; absent in models from before steps capped training. */
    readonly maxSteps?: number;
    readonly patience: number;
    readonly backend: string;
    readonly trainingSeconds: number;
    /**
     * The shipped towers were trained again on this many rows (every labelled row) for these
     * epoch counts; null when the shipped model is the one the figures were measured on.
     */
    readonly refit: { rows: number; epochs: number[]; seconds: number } | null;
    /** Share of the logistic regression in the blend (of logits for cross-fitted models). */
    readonly linearShare: number;
    readonly crossFit?: {
      readonly folds: number;
      readonly towersPerFold: number;
      /** The calibrated out-of-fold probabilities over the development rows. */
      readonly outOfFoldAuc: number;
      readonly outOfFoldLogLoss: number;
      readonly calibration: {
        readonly method: CalibrationMethod;
        readonly knots: number;
        readonly crossValidatedLogLoss: Readonly<Record<CalibrationMethod, number>>;
      };
    };
    /** The boosted-tree member; absent or null: no trees. */
    readonly trees?: {
      /**
       * Oblivious trees boosted for the blend, or the folds' depth-wise teachers; absent: oblivious
       * (models trained before the teachers could ship).
       */
      readonly kind?: 'oblivious' | 'depthwise';
      /** Share of the blended logit. */
      readonly share: number;
      /** 'auto': the share was chosen on the out-of-fold logits among these AUCs. */
      readonly chosenFrom: readonly { readonly share: number; readonly auc: number }[];
      /**
       * Every kind weighed (absent in models trained before there were two): the share it would
       * take, the out-of-fold ROC AUC of its blend there, and the AUCs of the shares weighed.
       */
      readonly kindsWeighed?: readonly {
        readonly kind: 'oblivious' | 'depthwise';
        readonly share: number;
        readonly auc: number;
        readonly chosenFrom: readonly { readonly share: number; readonly auc: number }[];
      }[];
      readonly depth: number;
      /** Trees each fold model kept (early stopping on its own fold). */
      readonly treesPerFold: readonly number[];
      /**
       * Trees of the one model refitted on every development row that ships in the fold models'
       * place; absent or null: the fold models' average ships.
       */
      readonly refitTrees?: number | null;
      /** Distinct encoded columns read. */
      readonly columns: number;
      readonly learningRate: number;
      /** Out-of-fold ROC AUC of the trees alone and of the network alone. */
      readonly outOfFoldAuc: number;
      readonly networkOutOfFoldAuc: number;
    } | null;
    /** The towers' teacher (it ships only as the tree member, `trees.kind` 'depthwise'); absent or null: no distillation. */
    readonly teacher?: {
      /** The teacher's weight in the towers' training loss. */
      readonly share: number;
      /**
       * Nats per squared logit of gap between a tower and its teacher; absent: the towers learnt
       * soft targets, (1 − share) · label + share · teacher probability (models before it).
       */
      readonly logitWeight?: number;
      /**
       * The weight each fold's towers trained with, where a cap on the teacher's spread shrank it
       * (LogitMatching.spreadCap); absent in models trained before the cap.
       */
      readonly logitWeightPerFold?: readonly number[];
      readonly depth: number;
      readonly learningRate: number;
      /** Least hessian on each side of a split (absent in models trained before it was chosen). */
      readonly minChildHessian?: number;
      /** Fold 1's held-out log loss (nats) under each candidate hessian it was chosen from. */
      readonly minChildHessianChosenFrom?: readonly {
        readonly minChildHessian: number;
        readonly logLoss: number;
      }[];
      /** Trees each fold's teacher kept (early stopping on its own fold). */
      readonly treesPerFold: readonly number[];
      /** Encoded columns the teachers read (in models trained before 'all' was the default: the cap). */
      readonly columns: number;
      /** Out-of-fold ROC AUC of the teachers alone. */
      readonly outOfFoldAuc: number;
    } | null;
    /** How weights.bin stores large tensors; null or absent: float32. */
    readonly quantization?: { readonly dtype: 'uint8'; readonly unquantizedTestAuc: number } | null;
    readonly budget?: {
      /** Mean non-zero raw cells per customer (development rows). */
      readonly meanNonZeroCells: number;
      /** On the sparse path, for that mean customer. */
      readonly multiplyAddsPerCustomer: number;
      /** The tree member's threshold comparisons per customer (absent: no trees). */
      readonly treeComparisons?: number;
      readonly weightBytes: number;
      /**
       * Measured by the training run: microseconds to score one customer with the shipped model
       * (TF.js in Node, the rows already encoded; the test rows, or up to 10,000 development
       * rows). Absent in older models; null without rows.
       */
      readonly scoringMicrosecondsPerCustomer?: number | null;
    };
  };
  readonly threshold: ThresholdChoice & {
    /** out-of-fold: every development row, each scored by the fold model that did not train on it. */
    readonly source: 'validation' | 'out-of-fold';
    readonly method: string;
    /** The break-even probability of the payoffs, for reference. */
    readonly breakEven: number;
  };
  /**
   * The ensemble on the rows that chose the threshold: the validation rows, or for cross-fitted
   * models the calibrated out-of-fold probabilities of every development row.
   */
  readonly validation: { readonly auc: number; readonly prAuc: number; readonly rows: number };
  /**
   * The ensemble out of sample (outOfSample.source says on which rows): the test rows, never seen
   * in training or threshold choice, or every development row out of fold.
   */
  readonly test: EvaluationReport;
  /** The logistic-regression baseline on the same split, at its own validation threshold. */
  readonly logisticBaseline: EvaluationReport & { readonly threshold: number };
  /** The rows the out-of-sample figures come from (out-of-sample.json beside metrics.json). */
  readonly outOfSample: OutOfSampleRows;
}

/**
 * metrics.json's record of the out-of-sample rows: where they come from and how many, the rows
 * themselves in `file` beside it. A metrics.json written before the rows had their own file holds
 * them inline instead, and no `file`.
 */
export interface OutOfSampleSummary {
  readonly source: OutOfSampleSource;
  readonly rows: number;
  readonly file?: typeof OUT_OF_SAMPLE_FILE;
  /** The column each row's value (R$) came from, when training was given one. */
  readonly valueColumn?: string;
}

/** What metrics.json holds: every figure, with the out-of-sample rows summarised. */
export type ModelFigures = Omit<ModelMetrics, 'outOfSample'> & {
  readonly outOfSample: OutOfSampleSummary;
};

/**
 * A model's metrics as its two files hold them: metrics.json's figures and out-of-sample.json's
 * rows. Never fails; no rows give a summary of 0 rows.
 */
export function splitMetrics(metrics: ModelMetrics): {
  figures: ModelFigures;
  rows: OutOfSampleRows;
} {
  const { source, scores, valueColumn } = metrics.outOfSample;
  const summary: OutOfSampleSummary = {
    source,
    rows: scores.length,
    file: OUT_OF_SAMPLE_FILE,
    ...(valueColumn === undefined ? {} : { valueColumn }),
  };
  return { figures: { ...metrics, outOfSample: summary }, rows: metrics.outOfSample };
}

/**
 * metrics.json as read: its figures, and the out-of-sample rows when the file holds them inline
 * (written before they had their own file), their scores back to float32 values; null when they
 * are in out-of-sample.json. Fields other than outOfSample are kept as they are.
 */
export function readMetricsJson(json: ModelFigures | ModelMetrics): {
  figures: ModelFigures;
  inlineRows: OutOfSampleRows | null;
} {
  const outOfSample: OutOfSampleSummary | OutOfSampleRows = json.outOfSample;
  if (!('scores' in outOfSample) || !Array.isArray(outOfSample.scores)) {
    return { figures: json as ModelFigures, inlineRows: null };
  }
  const inlineRows = { ...outOfSample, scores: outOfSample.scores.map(Math.fround) };
  const summary: OutOfSampleSummary = {
    source: outOfSample.source,
    rows: outOfSample.scores.length,
    ...(outOfSample.valueColumn === undefined ? {} : { valueColumn: outOfSample.valueColumn }),
  };
  return { figures: { ...json, outOfSample: summary }, inlineRows };
}

/** The whole metrics from metrics.json's figures and the out-of-sample rows. Never fails. */
export function withOutOfSampleRows(figures: ModelFigures, rows: OutOfSampleRows): ModelMetrics {
  return { ...figures, outOfSample: rows };
}
