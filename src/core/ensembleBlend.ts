/**
 * How the ensemble blends its members' logits into one: the towers share equally what the
 * logistic regression leaves. The scoring network's fixed mean layer and training's out-of-fold
 * logits both take their weights from here, so calibration and threshold are fitted on what the
 * shipped model computes.
 */

/**
 * The weight of each tower and of the logistic regression, which sum to 1. linearShare is the
 * regression's share in [0, 1); 0 leaves it out. No towers give a tower weight of 0. A share
 * outside [0, 1) is clamped into it.
 */
export function blendWeights(
  towers: number,
  linearShare: number,
): { readonly tower: number; readonly linear: number } {
  const linear = Math.min(Math.max(Number.isFinite(linearShare) ? linearShare : 0, 0), 1);
  return { tower: towers > 0 ? (1 - linear) / towers : 0, linear };
}
