/**
 * The oblivious tree member refitted: where the out-of-fold logits chose the oblivious trees, one
 * model boosted on every development row (the fold models each saw (K − 1)/K of them) for a
 * multiple of the fold models' mean tree count, with nothing held out to stop on, ships in the
 * fold models' place. Its share, and the calibration and threshold, stay those chosen on the fold
 * models' out-of-fold logits. The depth-wise teachers still ship averaged: refitted, they lost
 * (TRIALS.md, `tree-refit`).
 */
import type { ObliviousTrees } from '../../../src/core/scoring';
import type { TreeBins } from '../treeBins';
import { boostTreesYielding, type BoostingOptions } from '../treeBoosting';
import type { CrossFitConfig } from './config';

/**
 * Trees the refitted member boosts: `factor` × the mean of `treesPerFold`, rounded, at least 1 and
 * at most `maxTrees` (the fold models' own cap, `tree-max`). Empty or non-finite input gives 1.
 */
export function refitTreeCount(
  treesPerFold: readonly number[],
  factor: number,
  maxTrees: number,
): number {
  const mean = treesPerFold.reduce((sum, n) => sum + n, 0) / Math.max(treesPerFold.length, 1);
  const trees = Math.min(Math.round(mean * factor), maxTrees);
  return Number.isFinite(trees) ? Math.max(1, trees) : 1;
}

/** What the refit shares with the fold models: their boosting options, the seed and fold count. */
export interface RefitOptions {
  readonly boosting: Omit<BoostingOptions, 'seed'>;
  readonly seed: number;
  readonly folds: number;
}

/** The refit's options under a cross-fitting's configuration. */
export function refitOptions(
  config: Pick<CrossFitConfig, 'trees' | 'seed' | 'folds'>,
): RefitOptions {
  return { boosting: config.trees.boosting, seed: config.seed, folds: config.folds };
}

/**
 * One oblivious model boosted on every development row (table rows; labels per table row) for
 * `trees` trees, with the fold models' options and bins. Once `signal` is aborted, it stops after
 * the tree in progress and rejects with the signal's reason.
 */
export async function refitTrees(
  trees: number,
  bins: TreeBins,
  labels: Uint8Array,
  development: Uint32Array,
  options: RefitOptions,
  signal?: AbortSignal,
): Promise<ObliviousTrees> {
  const boosted = await boostTreesYielding(
    bins,
    labels,
    development,
    new Uint32Array(0),
    {
      ...options.boosting,
      maxTrees: trees,
      // The fold models' seeds are seed · 7919 + fold: the refit takes the next one.
      seed: options.seed * 7919 + options.folds,
    },
    signal,
  );
  return boosted.model;
}
