/**
 * The ensemble's tree member in cross-fitting: which encoded columns the oblivious trees may read,
 * one boosted model per fold (early-stopped on that fold), and the member's kind (these oblivious
 * trees or the folds' depth-wise teachers) and share of the blended logit, chosen on the
 * out-of-fold logits.
 */
import {
  averageTrees,
  depthwiseLogits,
  depthwiseTreeCount,
  treeCount,
  treeLogits,
  roundTripUint8,
  type DepthwiseTrees,
  type ObliviousTrees,
} from '../../src/core/scoring';
import type { TreeModel } from '../../src/model/treeLayer';
import { shipsQuantized } from '../../src/model/artifacts';
import { rocAuc } from '../../src/core/metrics';
import { outputNamesOf, type PreprocessSpec } from '../../src/core/preprocess';
import { binMatrix, keepCandidates, type TreeBins } from './treeBins';
import { boostTreesYielding, DEFAULT_BOOSTING, type BoostingOptions } from './treeBoosting';

export interface TreeMemberOptions {
  /** The member's share of the blended logit, or 'auto' to choose it on the out-of-fold logits; 0 leaves trees out. */
  readonly share: number | 'auto';
  /**
   * Most encoded columns the whole member may read: the sparse path computes each for every
   * customer, as it does a first-layer unit.
   */
  readonly columns: number;
  /** Most bins per column. */
  readonly bins: number;
  readonly boosting: Omit<BoostingOptions, 'seed'>;
  /**
   * What ships as an oblivious member: 0, the fold models averaged; F > 0, one model boosted on
   * every development row for F × the fold models' mean tree count (refitTrees.ts). The
   * depth-wise teachers always ship averaged.
   */
  readonly refit: number;
}

export const DEFAULT_TREE_MEMBER: TreeMemberOptions = {
  share: 'auto',
  columns: 64,
  bins: 64,
  boosting: DEFAULT_BOOSTING,
  refit: 1.1,
};

/** The shares 'auto' chooses among. */
export const TREE_SHARES = [0, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1] as const;

/**
 * The columns trees may split on, binned: every encoded output but the piecewise-linear shares
 * (a numeric column's standard score orders its values as they do), the `columns` that differ
 * from their most frequent bin in the most fitting rows. Reads no labels.
 */
export function treeInputs(
  spec: PreprocessSpec,
  matrix: Float32Array,
  width: number,
  fittingRows: Uint32Array,
  options: Pick<TreeMemberOptions, 'columns' | 'bins'>,
): TreeBins {
  const candidates: number[] = [];
  let offset = 0;
  for (const feature of spec.features) {
    const names = outputNamesOf(feature);
    const shares =
      feature.kind === 'numeric' && feature.pleEdges !== null ? feature.pleEdges.length - 1 : 0;
    for (let i = 0; i < names.length - shares; i++) candidates.push(offset + i);
    offset += names.length;
  }
  const all = binMatrix(matrix, width, candidates, fittingRows, options.bins);
  if (candidates.length <= options.columns) return all;
  const coverage = new Float64Array(candidates.length);
  for (const row of fittingRows) {
    for (let p = all.rowStart[row] ?? 0; p < (all.rowStart[row + 1] ?? 0); p++) {
      const c = all.pairColumn[p] ?? 0;
      coverage[c] = (coverage[c] ?? 0) + 1;
    }
  }
  const kept = candidates
    .map((_, c) => ({ c, coverage: coverage[c] ?? 0 }))
    .sort((a, b) => b.coverage - a.coverage || a.c - b.c)
    .slice(0, Math.max(1, options.columns))
    .map(({ c }) => c)
    .sort((a, b) => a - b);
  return keepCandidates(all, kept);
}

/** One boosted model per fold, trained on the fold's training rows and early-stopped on its held rows. */
export async function boostFolds(
  bins: TreeBins,
  labels: Uint8Array,
  folds: readonly { readonly train: Uint32Array; readonly held: Uint32Array }[],
  boosting: Omit<BoostingOptions, 'seed'>,
  seed: number,
): Promise<ObliviousTrees[]> {
  const models: ObliviousTrees[] = [];
  for (const [fold, rows] of folds.entries()) {
    const boosted = await boostTreesYielding(bins, labels, rows.train, rows.held, {
      ...boosting,
      seed: seed * 7919 + fold,
    });
    models.push(boosted.model);
  }
  return models;
}

/**
 * What the model file does to a tensor of leaves: with `quantize`, the 8-bit grid for a tensor
 * large enough to ship in 8 bits; otherwise the values as they are.
 */
export function shippedLeafGrid(quantize: boolean): (values: Float32Array) => Float32Array {
  return (values) => (quantize && shipsQuantized(values.length) ? roundTripUint8(values) : values);
}

/**
 * The fold models of one kind as they ship: averaged into one member whose leaves pass through
 * `roundTrip` (the 8-bit grid when the model file quantises them), and each fold's model cut back
 * out of it (its leaves times the fold count), so that out-of-fold logits come from the shipped
 * numbers. The fold models share the first one's kind and depth.
 */
export function shippedTrees(
  models: readonly TreeModel[],
  roundTrip: (values: Float32Array) => Float32Array,
): { readonly member: TreeModel; readonly folds: TreeModel[] } {
  const oblivious: ObliviousTrees[] = [];
  const depthwise: DepthwiseTrees[] = [];
  for (const model of models) {
    if (model.kind === 'oblivious') oblivious.push(model.trees);
    else depthwise.push(model.trees);
  }
  if (models[0]?.kind === 'depthwise') {
    const shipped = shippedOfKind(depthwise, averageTrees, depthwiseTreeCount, roundTrip);
    return {
      member: { kind: 'depthwise', trees: shipped.member },
      folds: shipped.folds.map((trees) => ({ kind: 'depthwise', trees })),
    };
  }
  const shipped = shippedOfKind(oblivious, averageTrees, treeCount, roundTrip);
  return {
    member: { kind: 'oblivious', trees: shipped.member },
    folds: shipped.folds.map((trees) => ({ kind: 'oblivious', trees })),
  };
}

function shippedOfKind<T extends ObliviousTrees | DepthwiseTrees>(
  models: readonly T[],
  average: (models: readonly T[]) => T,
  count: (model: T) => number,
  roundTrip: (values: Float32Array) => Float32Array,
): { readonly member: T; readonly folds: T[] } {
  const averaged = average(models);
  const member = { ...averaged, leaves: roundTrip(averaged.leaves) };
  const leafCount = 1 << member.depth;
  let tree = 0;
  const folds = models.map((model) => {
    const trees = count(model);
    const leaves = member.leaves
      .slice(tree * leafCount, (tree + trees) * leafCount)
      .map((v) => Math.fround(v * models.length));
    tree += trees;
    return { ...model, leaves };
  });
  return { member, folds };
}

/** Trees in a tree model of either kind. */
export function treesIn(model: TreeModel): number {
  return model.kind === 'oblivious' ? treeCount(model.trees) : depthwiseTreeCount(model.trees);
}

/**
 * Threshold comparisons one customer's score makes in a tree member: every split of an oblivious
 * tree, one node per level of a depth-wise one.
 */
export function comparisonsPerCustomer(model: TreeModel): number {
  return model.kind === 'oblivious'
    ? model.trees.columns.length
    : depthwiseTreeCount(model.trees) * model.trees.depth;
}

/** Logits (nats) of rows of a row-major float32 matrix under a tree model of either kind. */
export function treeModelLogits(
  model: TreeModel,
  matrix: Float32Array,
  width: number,
  rows?: ArrayLike<number>,
): Float64Array {
  return model.kind === 'oblivious'
    ? treeLogits(model.trees, matrix, width, rows)
    : depthwiseLogits(model.trees, matrix, width, rows);
}

/**
 * Least out-of-fold ROC AUC the trees must add over the network alone before 'auto' ships them.
 * Trees cost every customer their comparisons wherever the model scores (the app, ONNX, pyfunc,
 * Spark), so a gain inside the noise of one cross-fitting does not pay for them.
 */
export const TREE_LEAST_AUC_GAIN = 0.001;

/**
 * The tree member's share: the given one, or under 'auto' the one of TREE_SHARES whose blend
 * (1 − share)·network + share·trees has the highest out-of-fold ROC AUC (ties to the smaller),
 * or 0 when that AUC beats the network alone's by less than TREE_LEAST_AUC_GAIN. Logits in
 * nats; labels 0/1. With one class only every AUC is NaN and 'auto' gives 0.
 */
export function chooseTreeShare(
  share: number | 'auto',
  network: Float64Array,
  trees: Float64Array,
  labels: Uint8Array,
): { readonly share: number; readonly aucByShare: readonly { share: number; auc: number }[] } {
  if (share !== 'auto') return { share, aucByShare: [] };
  const blended = new Float64Array(network.length);
  const aucByShare = TREE_SHARES.map((w) => {
    for (let i = 0; i < blended.length; i++) {
      blended[i] = (1 - w) * (network[i] ?? 0) + w * (trees[i] ?? 0);
    }
    return { share: w, auc: rocAuc(blended, labels) };
  });
  const networkAlone = aucByShare[0]?.auc ?? Number.NaN;
  const best = aucByShare.reduce((a, b) => (b.auc > a.auc + 1e-12 ? b : a));
  const pays = best.auc - networkAlone >= TREE_LEAST_AUC_GAIN - 1e-12;
  return { share: pays ? best.share : 0, aucByShare };
}

/** One kind of tree member weighed for the blend: its out-of-fold logits and how it would blend. */
export interface WeighedTreeKind {
  readonly kind: TreeModel['kind'];
  /** The share chosenTreeShare gives it (0: it does not pay), and the AUCs it weighed. */
  readonly share: number;
  readonly aucByShare: readonly { share: number; auc: number }[];
  /** Out-of-fold ROC AUC of its blend at that share (the network alone's at 0). */
  readonly blendAuc: number;
}

/**
 * The tree member's kind and share: each candidate kind's share by chooseTreeShare, then the kind
 * whose blend at its share has the highest out-of-fold ROC AUC (ties to the earlier candidate).
 * Under 'auto' a kind that does not pay its TREE_LEAST_AUC_GAIN blends at 0; when none pays,
 * the first candidate is kept at share 0. No candidates give null. Logits in nats; labels 0/1.
 */
export function chooseTreeMember(
  share: number | 'auto',
  network: Float64Array,
  candidates: readonly { readonly kind: TreeModel['kind']; readonly logits: Float64Array }[],
  labels: Uint8Array,
): { readonly chosen: number; readonly weighed: readonly WeighedTreeKind[] } | null {
  if (candidates.length === 0) return null;
  const blended = new Float64Array(network.length);
  const weighed = candidates.map(({ kind, logits }) => {
    const chosen = chooseTreeShare(share, network, logits, labels);
    for (let i = 0; i < blended.length; i++) {
      blended[i] = (1 - chosen.share) * (network[i] ?? 0) + chosen.share * (logits[i] ?? 0);
    }
    return { kind, ...chosen, blendAuc: rocAuc(blended, labels) };
  });
  let chosen = 0;
  weighed.forEach((candidate, i) => {
    if (candidate.blendAuc > (weighed[chosen]?.blendAuc ?? Number.NaN) + 1e-12) chosen = i;
  });
  return { chosen, weighed };
}
