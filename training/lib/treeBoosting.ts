/**
 * Gradient boosting of oblivious trees on binned columns (treeBins.ts), for the log loss
 * (boostingLoop.ts): each tree is grown level by level, and a level's one split (column, bin) is
 * the one that most improves the sum over that level's nodes of G²/(H + λ). The model is the
 * shipped format (core's ObliviousTrees). Pure TypeScript over typed arrays.
 */
import type { ObliviousTrees } from '../../src/core/scoring';
import {
  boostingSteps,
  boostToEnd,
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
import { columnMajorBins, type TreeBins } from './treeBins';

export type { BoostingOptions } from './boostingLoop';

export const DEFAULT_BOOSTING: Omit<BoostingOptions, 'seed'> = {
  depth: 8,
  learningRate: 0.1,
  maxTrees: 1000,
  patience: 30,
  lambda: 2,
  rowShare: 0.8,
  columnShare: 0.5,
};

export interface BoostedTrees {
  readonly model: ObliviousTrees;
  /** Held-out log loss after each tree (the kept model stops at the minimum). */
  readonly heldOutLogLoss: Float64Array;
}

/**
 * Boosts trees on `trainRows` (indices into the binned matrix and `labels`), early-stopped on
 * `heldRows`. Thresholds are the bins' edges, so the model gives the same leaf for a matrix value
 * as training did for its bin. No training rows give a model of the prior alone.
 */
export function boostTrees(
  bins: TreeBins,
  labels: ArrayLike<number>,
  trainRows: ArrayLike<number>,
  heldRows: ArrayLike<number>,
  options: BoostingOptions,
): BoostedTrees {
  const grower = obliviousGrower(bins, options);
  return asObliviousTrees(
    grower.depth,
    bins,
    boostToEnd(boostingSteps(grower, bins, labels, trainRows, heldRows, options)),
  );
}

/**
 * boostTrees, giving the event loop a turn after each tree; once `signal` is aborted, it stops
 * and rejects with the signal's reason.
 */
export async function boostTreesYielding(
  bins: TreeBins,
  labels: ArrayLike<number>,
  trainRows: ArrayLike<number>,
  heldRows: ArrayLike<number>,
  options: BoostingOptions,
  signal?: AbortSignal,
): Promise<BoostedTrees> {
  const grower = obliviousGrower(bins, options);
  return asObliviousTrees(
    grower.depth,
    bins,
    await boostToEndYielding(
      boostingSteps(grower, bins, labels, trainRows, heldRows, options),
      signal,
    ),
  );
}

/** An oblivious tree while boosting: per level, the candidate column and the bin it splits after. */
interface LevelSplits {
  readonly candidates: Int32Array;
  readonly bins: Int32Array;
}

function obliviousGrower(
  bins: TreeBins,
  options: Pick<BoostingOptions, 'depth' | 'lambda'>,
): TreeGrower<LevelSplits> & { readonly depth: number } {
  const depth = Math.min(Math.max(1, Math.floor(options.depth)), 12);
  const leafCount = 1 << depth;
  const candidates = bins.columns.length;
  const rows = bins.rowStart.length - 1;
  // A level routes every row on one column: its reads run along it.
  const byColumn = columnMajorBins(bins);
  let space = histogramSpace(bins, leafCount >> 1);
  let parentSpace = histogramSpace(bins, leafCount >> 1);
  const scratch = childScratch(leafCount >> 1);
  const gainOfBin = new Float64Array(space.maxBins);
  return {
    depth,
    leafCount,
    grow(context) {
      const { leafOf, allowed, trainRows } = context;
      const split: LevelSplits = {
        candidates: new Int32Array(depth),
        bins: new Int32Array(depth),
      };
      for (let level = 0; level < depth; level++) {
        const nodes = 1 << level;
        [space, parentSpace] = [parentSpace, space];
        if (level === 0) nodeHistograms(context, leafOf, 1, space);
        else childHistograms(context, leafOf, nodes, space, parentSpace, 'level-bit', scratch);
        const { hist, nodeG, nodeH } = space;
        let bestGain = -Infinity;
        let bestColumn = -1;
        let bestBin = 0;
        for (let c = 0; c < candidates; c++) {
          if (allowed[c] === 0) continue;
          const binCount = bins.edges[c]?.length ?? 1;
          if (binCount < 2) continue;
          gainOfBin.fill(0, 0, binCount);
          for (let node = 0; node < nodes; node++) {
            const block = histogramAt(space, node, c);
            completeDefaultBin(bins, space, node, c, block);
            const G = nodeG[node] ?? 0;
            const H = nodeH[node] ?? 0;
            let lg = 0;
            let lh = 0;
            for (let b = 0; b < binCount - 1; b++) {
              lg += hist[block + 2 * b] ?? 0;
              lh += hist[block + 2 * b + 1] ?? 0;
              const rg = G - lg;
              const rh = H - lh;
              gainOfBin[b] =
                (gainOfBin[b] ?? 0) +
                (lg * lg) / (lh + options.lambda) +
                (rg * rg) / (rh + options.lambda);
            }
          }
          for (let b = 0; b < binCount - 1; b++) {
            const gain = gainOfBin[b] ?? 0;
            if (gain > bestGain) {
              bestGain = gain;
              bestColumn = c;
              bestBin = b;
            }
          }
        }
        if (bestColumn < 0) bestColumn = 0;
        split.candidates[level] = bestColumn;
        split.bins[level] = bestBin;
        const bit = 1 << level;
        const at = bestColumn * rows;
        for (let i = 0; i < trainRows.length; i++) {
          if ((byColumn[at + (trainRows[i] ?? 0)] ?? 0) > bestBin) {
            leafOf[i] = (leafOf[i] ?? 0) | bit;
          }
        }
      }
      return split;
    },
    leafOfRow(tree, row) {
      let leaf = 0;
      for (let l = 0; l < depth; l++) {
        const c = tree.candidates[l] ?? 0;
        if ((byColumn[c * rows + row] ?? 0) > (tree.bins[l] ?? 0)) leaf |= 1 << l;
      }
      return leaf;
    },
  };
}

/** The boosted model in the shipped format: thresholds are the split bins' upper edges. */
function asObliviousTrees(
  depth: number,
  bins: TreeBins,
  boosted: BoostedModel<LevelSplits>,
): BoostedTrees {
  const columns: number[] = [];
  const thresholds: number[] = [];
  const leaves: number[] = [];
  for (const { tree, leaves: values } of boosted.trees) {
    for (let l = 0; l < depth; l++) {
      const c = tree.candidates[l] ?? 0;
      columns.push(bins.columns[c] ?? 0);
      thresholds.push(bins.edges[c]?.[tree.bins[l] ?? 0] ?? 0);
    }
    leaves.push(...values);
  }
  return {
    model: {
      depth,
      bias: boosted.bias,
      columns: Int32Array.from(columns),
      thresholds: Float32Array.from(thresholds),
      leaves: Float32Array.from(leaves),
    },
    heldOutLogLoss: boosted.heldOutLogLoss,
  };
}
