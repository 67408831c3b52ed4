/**
 * The tree member refitted: one model of the kind the out-of-fold logits chose, boosted on every
 * development row (the fold models each saw (K − 1)/K of them) for a multiple of the fold models'
 * mean tree count, with nothing held out to stop on. Its share, and the calibration and threshold,
 * stay those chosen on the fold models' out-of-fold logits.
 */
import { boostDepthwise, asDepthwiseTrees } from '../depthwiseBoosting';
import type { TreeBins } from '../treeBins';
import { boostTreesYielding } from '../treeBoosting';
import type { TreeModel } from '../../../src/model/treeLayer';
import type { CrossFitConfig } from './config';

/** What a refit needs from the fold training: the bins each kind boosted on, and the teachers' least child hessian. */
export interface RefitInputs {
  readonly treeBins: TreeBins | null;
  readonly teacherBins: TreeBins | null;
  readonly teacherMinChildHessian: number | null;
}

/**
 * Trees the refitted member boosts: `factor` × the mean of `treesPerFold`, rounded, at least 1.
 * Empty or non-finite input gives 1.
 */
export function refitTreeCount(treesPerFold: readonly number[], factor: number): number {
  const mean = treesPerFold.reduce((sum, n) => sum + n, 0) / Math.max(treesPerFold.length, 1);
  const trees = Math.round(mean * factor);
  return Number.isFinite(trees) ? Math.max(1, trees) : 1;
}

/**
 * One model of `kind` boosted on every development row for `trees` trees (table rows; labels
 * per table row), with the fold models' options and bins. Throws if the fold training kept no
 * bins for that kind.
 */
export async function refitTrees(
  kind: TreeModel['kind'],
  trees: number,
  inputs: RefitInputs,
  labels: Uint8Array,
  development: Uint32Array,
  config: Pick<CrossFitConfig, 'trees' | 'distillation' | 'seed' | 'folds'>,
): Promise<TreeModel> {
  const none = new Uint32Array(0);
  // The fold models' seeds are seed · 7919 + fold: the refit takes the next one.
  const seed = config.seed * 7919 + config.folds;
  if (kind === 'oblivious') {
    if (inputs.treeBins === null) throw new Error('refitTrees: no bins for the oblivious trees');
    const boosted = await boostTreesYielding(inputs.treeBins, labels, development, none, {
      ...config.trees.boosting,
      maxTrees: trees,
      seed,
    });
    return { kind, trees: boosted.model };
  }
  if (inputs.teacherBins === null || inputs.teacherMinChildHessian === null) {
    throw new Error('refitTrees: no bins for the depth-wise trees');
  }
  const boosted = await boostDepthwise(inputs.teacherBins, labels, development, none, {
    ...config.distillation.boosting,
    minChildHessian: inputs.teacherMinChildHessian,
    maxTrees: trees,
    seed,
  });
  return { kind, trees: asDepthwiseTrees(boosted, inputs.teacherBins) };
}
