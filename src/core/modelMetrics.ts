/** The shape of metrics.json, shared by the training CLI that writes it and every reader. */
import type { EvaluationReport } from './evaluation';
import type { Payoffs } from './profit';
import type { ThresholdChoice } from './threshold';

export const METRICS_FORMAT = 'retem-metrics';

export interface TowerSummary {
  readonly seed: number;
  readonly bestEpoch: number;
  readonly epochsRun: number;
  readonly validationAuc: number;
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
  readonly split: {
    readonly seed: number;
    readonly testFraction: number;
    readonly validationFraction: number;
    readonly trainRows: number;
    readonly validationRows: number;
    readonly testRows: number;
  };
  readonly model: {
    readonly kind: 'mlp-ensemble';
    readonly inputWidth: number;
    readonly hidden: readonly number[];
    readonly towers: readonly TowerSummary[];
    readonly learningRate: number;
    readonly batchSize: number;
    readonly maxEpochs: number;
    readonly patience: number;
    readonly backend: string;
    readonly trainingSeconds: number;
    /**
     * The shipped towers were trained again on this many rows (every labelled row) for these
     * epoch counts; null when the shipped model is the one the figures were measured on.
     */
    readonly refit: { rows: number; epochs: number[]; seconds: number } | null;
    /** Share of the logistic regression in the blended probability. */
    readonly linearShare: number;
  };
  readonly threshold: ThresholdChoice & {
    readonly source: 'validation';
    readonly method: string;
    /** The break-even probability of the payoffs, for reference. */
    readonly breakEven: number;
  };
  /** The ensemble on the validation rows (used for early stopping and the threshold). */
  readonly validation: { readonly auc: number; readonly prAuc: number; readonly rows: number };
  /** The ensemble on the test rows, never seen in training or threshold choice. */
  readonly test: EvaluationReport;
  /** The logistic-regression baseline on the same split, at its own validation threshold. */
  readonly logisticBaseline: EvaluationReport & { readonly threshold: number };
  /** The scores and labels the test figures come from, so any payoff matrix can be re-applied. */
  readonly outOfSample: {
    readonly source: 'test';
    readonly scores: number[];
    readonly labels: number[];
  };
}
