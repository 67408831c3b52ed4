/** Messages between the trainer and the worker that boosts the oblivious trees' fold models. */
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

export type TreeWorkerMessage =
  | { readonly type: 'done'; readonly models: ObliviousTrees[] }
  | { readonly type: 'error'; readonly message: string };
