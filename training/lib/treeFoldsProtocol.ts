/** Messages between the trainer and the worker that boosts the oblivious tree member. */
import type { ObliviousTrees } from '../../src/core/scoring';
import type { BoostingOptions } from './treeBoosting';
import type { TreeBins } from './treeBins';

/** boostFolds's arguments. */
export interface TreeFoldsJob {
  readonly bins: TreeBins;
  readonly labels: Uint8Array;
  readonly folds: readonly { readonly train: Uint32Array; readonly held: Uint32Array }[];
  readonly boosting: Omit<BoostingOptions, 'seed'>;
  readonly seed: number;
}

/**
 * What the trainer asks: first the fold models; then, at most once, the member refitted on every
 * development row for `trees` trees (refitTrees), with the folds job's bins, labels and options.
 */
export type TreeWorkerRequest =
  | { readonly type: 'folds'; readonly job: TreeFoldsJob }
  | { readonly type: 'refit'; readonly trees: number; readonly development: Uint32Array };

export type TreeWorkerMessage =
  | { readonly type: 'folds'; readonly models: ObliviousTrees[] }
  | { readonly type: 'refit'; readonly model: ObliviousTrees }
  | { readonly type: 'error'; readonly message: string };
