/**
 * Gradient boosting of ordinary (depth-wise) trees on binned columns, for the log loss
 * (boostingLoop.ts): every node of a level takes its own best split (column, bin) by the gain
 * G_L²/(H_L + λ) + G_R²/(H_R + λ) − G²/(H + λ), as XGBoost's depth-wise growth does, or stays
 * whole when no split gains or leaves a side with less hessian than `minChildHessian`. Trees are
 * kept as complete heaps of `depth` levels. These trees are the towers' teacher (distillation.ts),
 * and the ensemble's tree member where they blend better than the oblivious trees
 * (asDepthwiseTrees gives them in the shipped format).
 */
import {
  boostingSteps,
  boostToEndYielding,
  childHistograms,
  childScratch,
  completeDefaultBin,
  histogramAt,
  histogramSpace,
  nodeHistograms,
  type BoostedModel,
  type BoostingOptions,
  type TreeGrower,
} from './boostingLoop';
import type { DepthwiseTrees } from '../../src/core/scoring';
import { columnMajorBins, type TreeBins } from './treeBins';

export interface DepthwiseOptions extends BoostingOptions {
  /** Least hessian (about p(1 − p) summed over rows) on each side of a split. */
  readonly minChildHessian: number;
}

/**
 * A depth-wise tree: internal node k (heap order: children 2k + 1 and 2k + 2) splits candidate
 * `candidates[k]` after bin `bins[k]` (greater goes right), or sends every row left when
 * candidates[k] is −1. Leaf j is heap node 2^depth − 1 + j.
 */
export interface HeapTree {
  readonly candidates: Int32Array;
  readonly bins: Int32Array;
}

export type DepthwiseModel = BoostedModel<HeapTree> & { readonly depth: number };

/**
 * Boosts depth-wise trees on `trainRows`, early-stopped on `heldRows`, giving the event loop a
 * turn after each tree. No training rows give a model of the prior alone.
 */
export async function boostDepthwise(
  bins: TreeBins,
  labels: ArrayLike<number>,
  trainRows: ArrayLike<number>,
  heldRows: ArrayLike<number>,
  options: DepthwiseOptions,
): Promise<DepthwiseModel> {
  const grower = depthwiseGrower(bins, options);
  const boosted = await boostToEndYielding(
    boostingSteps(grower, bins, labels, trainRows, heldRows, options),
  );
  return { ...boosted, depth: grower.depth };
}

/**
 * A depth-wise model in the shipped format (core/scoring/depthwiseTrees.ts): each split's
 * threshold is its bin's upper edge, so a matrix value goes to the side its bin went in training.
 * A node that does not split gets the threshold +∞ and a column some other node reads (the
 * model's first split's, or the first candidate's), so that it adds no column to read.
 */
export function asDepthwiseTrees(model: DepthwiseModel, bins: TreeBins): DepthwiseTrees {
  const { depth } = model;
  const nodes = (1 << depth) - 1;
  const columns = new Int32Array(model.trees.length * nodes);
  const thresholds = new Float32Array(columns.length).fill(Number.POSITIVE_INFINITY);
  const leaves = new Float32Array(model.trees.length << depth);
  let unsplitColumn: number | null = null;
  for (const [t, { tree, leaves: values }] of model.trees.entries()) {
    for (let k = 0; k < nodes; k++) {
      const c = tree.candidates[k] ?? -1;
      if (c < 0) continue;
      columns[t * nodes + k] = bins.columns[c] ?? 0;
      thresholds[t * nodes + k] = bins.edges[c]?.[tree.bins[k] ?? 0] ?? 0;
      unsplitColumn ??= bins.columns[c] ?? 0;
    }
    leaves.set(values, t << depth);
  }
  const fill = unsplitColumn ?? bins.columns[0] ?? 0;
  thresholds.forEach((threshold, k) => {
    if (threshold === Number.POSITIVE_INFINITY) columns[k] = fill;
  });
  return { depth, bias: model.bias, columns, thresholds, leaves };
}

/** The leaf of row `row`, whose bin in candidate c is byColumn[c · rows + row] (columnMajorBins). */
function leafOfHeapTree(
  tree: HeapTree,
  depth: number,
  byColumn: Uint8Array,
  row: number,
  rows: number,
): number {
  let node = 0;
  for (let l = 0; l < depth; l++) {
    const c = tree.candidates[node] ?? -1;
    const right = c >= 0 && (byColumn[c * rows + row] ?? 0) > (tree.bins[node] ?? 0);
    node = 2 * node + 1 + (right ? 1 : 0);
  }
  return node - ((1 << depth) - 1);
}

/**
 * Grows a tree level by level. A level's histograms are summed only for the child of each pair
 * with fewer sampled rows; its sibling's are the parent's minus those.
 */
function depthwiseGrower(
  bins: TreeBins,
  options: Pick<DepthwiseOptions, 'depth' | 'lambda' | 'minChildHessian'>,
): TreeGrower<HeapTree> & { readonly depth: number } {
  const depth = Math.min(Math.max(1, Math.floor(options.depth)), 12);
  const leafCount = 1 << depth;
  const candidates = bins.columns.length;
  const rows = bins.rowStart.length - 1;
  const byColumn = columnMajorBins(bins);
  let space = histogramSpace(bins, leafCount >> 1);
  let parentSpace = histogramSpace(bins, leafCount >> 1);
  const scratch = childScratch(leafCount >> 1);
  const { lambda, minChildHessian } = options;
  return {
    depth,
    leafCount,
    grow(context) {
      const { leafOf, allowed, trainRows } = context;
      const tree: HeapTree = {
        candidates: new Int32Array(leafCount - 1).fill(-1),
        bins: new Int32Array(leafCount - 1),
      };
      // leafOf holds each row's node within the current level (0 … 2^level − 1).
      for (let level = 0; level < depth; level++) {
        const nodes = 1 << level;
        const first = nodes - 1;
        [space, parentSpace] = [parentSpace, space];
        if (level === 0) nodeHistograms(context, leafOf, 1, space);
        else childHistograms(context, leafOf, nodes, space, parentSpace, 'heap', scratch);
        const { hist, nodeG, nodeH } = space;
        for (let node = 0; node < nodes; node++) {
          const G = nodeG[node] ?? 0;
          const H = nodeH[node] ?? 0;
          if (H < 2 * minChildHessian) continue;
          const parent = (G * G) / (H + lambda);
          let bestGain = 0;
          for (let c = 0; c < candidates; c++) {
            if (allowed[c] === 0) continue;
            const binCount = bins.edges[c]?.length ?? 1;
            if (binCount < 2) continue;
            const at = histogramAt(space, node, c);
            completeDefaultBin(bins, space, node, c, at);
            let lg = 0;
            let lh = 0;
            for (let b = 0; b < binCount - 1; b++) {
              lg += hist[at + 2 * b] ?? 0;
              lh += hist[at + 2 * b + 1] ?? 0;
              const rh = H - lh;
              if (lh < minChildHessian || rh < minChildHessian) continue;
              const rg = G - lg;
              const gain = (lg * lg) / (lh + lambda) + (rg * rg) / (rh + lambda) - parent;
              if (gain > bestGain) {
                bestGain = gain;
                tree.candidates[first + node] = c;
                tree.bins[first + node] = b;
              }
            }
          }
        }
        for (let i = 0; i < trainRows.length; i++) {
          const node = leafOf[i] ?? 0;
          const c = tree.candidates[first + node] ?? -1;
          const right =
            c >= 0 &&
            (byColumn[c * rows + (trainRows[i] ?? 0)] ?? 0) > (tree.bins[first + node] ?? 0);
          leafOf[i] = 2 * node + (right ? 1 : 0);
        }
      }
      return tree;
    },
    leafOfRow: (tree, row) => leafOfHeapTree(tree, depth, byColumn, row, rows),
  };
}
