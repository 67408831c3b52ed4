/**
 * How the ensemble blends its members' logits into one: the trees take their share, and the
 * network (the towers and the logistic regression) the rest, within which the towers share
 * equally what the logistic regression leaves. The scoring network's fixed mean layer and
 * training's out-of-fold logits both take their weights from here, so calibration and threshold
 * are fitted on what the shipped model computes.
 */

/**
 * The weight of each tower, of the logistic regression and of the tree member, which sum to 1.
 * linearShare is the regression's share of the network in [0, 1); treeShare the trees' share of
 * the whole in [0, 1] (1: the trees alone); 0 leaves either out. No towers give a tower weight
 * of 0. A share outside [0, 1] (or not a number) is clamped into it (NaN to 0).
 */
export function blendWeights(
  towers: number,
  linearShare: number,
  treeShare = 0,
): { readonly tower: number; readonly linear: number; readonly trees: number } {
  const clamp = (share: number) => Math.min(Math.max(Number.isFinite(share) ? share : 0, 0), 1);
  const trees = clamp(treeShare);
  const linear = clamp(linearShare);
  return {
    tower: towers > 0 ? ((1 - trees) * (1 - linear)) / towers : 0,
    linear: (1 - trees) * linear,
    trees,
  };
}
