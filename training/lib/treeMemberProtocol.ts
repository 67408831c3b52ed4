/** Messages between the trainer and the worker that boosts the oblivious tree member. */
import type { ObliviousTrees } from '../../src/core/scoring';
import type { RefitOptions } from './pipeline/refitTrees';
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

/** refitTrees's arguments but the bins and labels, which are the folds job's. */
export interface TreeRefitJob {
  readonly trees: number;
  readonly development: Uint32Array;
  readonly options: RefitOptions;
}

/** What the trainer asks: first the fold models; then, at most once, the refit. */
export type TreeWorkerRequest =
  | { readonly type: 'folds'; readonly job: TreeFoldsJob }
  | { readonly type: 'refit'; readonly job: TreeRefitJob };

export type TreeWorkerMessage =
  | { readonly type: 'folds'; readonly models: ObliviousTrees[] }
  | { readonly type: 'refit'; readonly model: ObliviousTrees }
  | { readonly type: 'error'; readonly message: string };
