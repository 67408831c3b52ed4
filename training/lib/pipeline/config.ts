/**
 * What a training run is given: the file, its columns, the recipe's settings, and where progress
 * goes. `DEFAULT_TRAINING` is `npm run train`'s recipe, shared with the benchmarks so that they
 * measure the same thing.
 */
import type { PreprocessOptions } from '../../../src/core/preprocess';
import type { Payoffs } from '../../../src/core/decision';
import type { TargetMapping } from '../../../src/core/records';
import type { NetworkConfig } from '../../../src/model/network';
import type { EpochLog } from '../towerTraining';
import { DEFAULT_TREE_MEMBER, type TreeMemberOptions } from '../treeMember';
import { DEFAULT_DISTILLATION, type DistillationOptions } from '../distillation';

export interface TrainingConfig {
  readonly dataPath: string;
  readonly idColumn: string;
  readonly targetColumn: string;
  readonly positive?: string | undefined;
  readonly exclude: readonly string[];
  /** A numeric column whose test-row values metrics.json records as each customer's value (R$). */
  readonly valueColumn?: string | undefined;
  /**
   * A data dictionary's text (CSV `column,label`): readable labels of the file's columns,
   * recorded in metrics.json.
   */
  readonly dictionary?: string | undefined;
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

/** What cross-fitting reads of a training's config: no file, no test split, no payoffs. */
export type CrossFitConfig = Omit<
  TrainingConfig,
  'dataPath' | 'testFraction' | 'payoffs' | 'exclude' | 'idColumn' | 'targetColumn'
> & { idColumn: string; target: TargetMapping };

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
  testFraction: 0,
  linearShare: 0,
  quantize: true,
  trees: DEFAULT_TREE_MEMBER,
  distillation: DEFAULT_DISTILLATION,
} as const;

export interface TrainingProgress {
  stage(message: string): void;
  /** The towers about to train, by the most epochs each may run (epochCap). */
  towersPlanned?(epochCaps: readonly number[]): void;
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
