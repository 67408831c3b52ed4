/**
 * Gradient boosting of oblivious trees on binned columns (treeBins.ts), for the log loss: each
 * tree is a Newton step, grown level by level; a level's one split (column, bin) is the one that
 * most improves the sum over that level's nodes of G²/(H + λ). Rows and columns are sampled per
 * tree; boosting stops when the held-out log loss has not improved for `patience` trees and keeps
 * the best count. Pure TypeScript over typed arrays.
 */
import { sigmoid } from '../../src/core/logistic';
import type { ObliviousTrees } from '../../src/core/obliviousTrees';
import { createRng } from '../../src/core/rng';
import type { TreeBins } from './treeBins';

export interface BoostingOptions {
  /** Levels per tree. */
  readonly depth: number;
  /** Shrinkage of each tree's leaves. */
  readonly learningRate: number;
  readonly maxTrees: number;
  /** Trees without a better held-out log loss before boosting stops. */
  readonly patience: number;
  /** L2 penalty on leaf values (in hessian units). */
  readonly lambda: number;
  /** Share of the training rows each tree sees. */
  readonly rowShare: number;
  /** Share of the candidate columns each tree may split on. */
  readonly columnShare: number;
  readonly seed: number;
}

export const DEFAULT_BOOSTING: Omit<BoostingOptions, 'seed'> = {
  depth: 6,
  learningRate: 0.2,
  maxTrees: 30,
  patience: 10,
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
  const steps = growTrees(bins, labels, trainRows, heldRows, options);
  for (;;) {
    const step = steps.next();
    if (step.done === true) return step.value;
  }
}

/**
 * boostTrees, giving the event loop a turn after each tree (so that a thread that also runs a
 * worker pool keeps answering it while it boosts).
 */
export async function boostTreesYielding(
  bins: TreeBins,
  labels: ArrayLike<number>,
  trainRows: ArrayLike<number>,
  heldRows: ArrayLike<number>,
  options: BoostingOptions,
): Promise<BoostedTrees> {
  const steps = growTrees(bins, labels, trainRows, heldRows, options);
  for (;;) {
    const step = steps.next();
    if (step.done === true) return step.value;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

function* growTrees(
  bins: TreeBins,
  labels: ArrayLike<number>,
  trainRows: ArrayLike<number>,
  heldRows: ArrayLike<number>,
  options: BoostingOptions,
): Generator<number, BoostedTrees> {
  const depth = Math.min(Math.max(1, Math.floor(options.depth)), 12);
  const leafCount = 1 << depth;
  const candidates = bins.columns.length;
  const maxBins = bins.edges.reduce((m, e) => Math.max(m, e.length), 1);
  const nTrain = trainRows.length;
  const rng = createRng(options.seed);

  let positives = 0;
  for (let i = 0; i < nTrain; i++) positives += labels[trainRows[i] ?? 0] ?? 0;
  const rate = Math.min(Math.max(positives / Math.max(nTrain, 1), 1e-6), 1 - 1e-6);
  const bias = Math.log(rate / (1 - rate));

  const logit = new Float64Array(nTrain).fill(bias);
  const heldLogit = new Float64Array(heldRows.length).fill(bias);
  const grad = new Float64Array(nTrain);
  const hess = new Float64Array(nTrain);
  const nodeOf = new Int32Array(nTrain);
  const sampled = new Int32Array(nTrain);
  const hist = new Float64Array((leafCount >> 1) * candidates * maxBins * 2);
  const nodeG = new Float64Array(leafCount);
  const nodeH = new Float64Array(leafCount);
  const gainOfBin = new Float64Array(maxBins);
  const allowed = new Uint8Array(candidates);

  const columns: number[] = [];
  const thresholds: number[] = [];
  const leaves: number[] = [];
  const losses: number[] = [];
  let best = { loss: Infinity, trees: 0 };

  for (let tree = 0; tree < options.maxTrees; tree++) {
    let sampledCount = 0;
    for (let i = 0; i < nTrain; i++) {
      const p = sigmoid(logit[i] ?? 0);
      grad[i] = p - (labels[trainRows[i] ?? 0] ?? 0);
      hess[i] = Math.max(p * (1 - p), 1e-12);
      nodeOf[i] = 0;
      if (rng.next() < options.rowShare) sampled[sampledCount++] = i;
    }
    let allowedCount = 0;
    for (let c = 0; c < candidates; c++) {
      allowed[c] = rng.next() < options.columnShare ? 1 : 0;
      allowedCount += allowed[c] ?? 0;
    }
    if (allowedCount === 0) allowed[rng.int(candidates)] = 1;

    const treeColumns: number[] = [];
    const treeThresholds: number[] = [];
    const treeCandidates: number[] = [];
    const treeBins: number[] = [];
    for (let level = 0; level < depth; level++) {
      const nodes = 1 << level;
      hist.fill(0, 0, nodes * candidates * maxBins * 2);
      nodeG.fill(0, 0, nodes);
      nodeH.fill(0, 0, nodes);
      for (let s = 0; s < sampledCount; s++) {
        const i = sampled[s] ?? 0;
        const row = trainRows[i] ?? 0;
        const node = nodeOf[i] ?? 0;
        const g = grad[i] ?? 0;
        const h = hess[i] ?? 0;
        nodeG[node] = (nodeG[node] ?? 0) + g;
        nodeH[node] = (nodeH[node] ?? 0) + h;
        const base = node * candidates;
        for (let p = bins.rowStart[row] ?? 0, end = bins.rowStart[row + 1] ?? 0; p < end; p++) {
          const at = ((base + (bins.pairColumn[p] ?? 0)) * maxBins + (bins.pairBin[p] ?? 0)) * 2;
          hist[at] = (hist[at] ?? 0) + g;
          hist[at + 1] = (hist[at + 1] ?? 0) + h;
        }
      }
      let bestGain = -Infinity;
      let bestColumn = -1;
      let bestBin = 0;
      for (let c = 0; c < candidates; c++) {
        if (allowed[c] === 0) continue;
        const binCount = bins.edges[c]?.length ?? 1;
        if (binCount < 2) continue;
        gainOfBin.fill(0, 0, binCount);
        const def = bins.defaultBin[c] ?? 0;
        for (let node = 0; node < nodes; node++) {
          const block = (node * candidates + c) * maxBins * 2;
          let sg = 0;
          let sh = 0;
          for (let b = 0; b < binCount; b++) {
            sg += hist[block + 2 * b] ?? 0;
            sh += hist[block + 2 * b + 1] ?? 0;
          }
          const G = nodeG[node] ?? 0;
          const H = nodeH[node] ?? 0;
          hist[block + 2 * def] = G - sg;
          hist[block + 2 * def + 1] = H - sh;
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
      treeCandidates.push(bestColumn);
      treeBins.push(bestBin);
      treeColumns.push(bins.columns[bestColumn] ?? 0);
      treeThresholds.push(bins.edges[bestColumn]?.[bestBin] ?? 0);
      const bit = 1 << level;
      for (let i = 0; i < nTrain; i++) {
        if (binOfRow(bins, trainRows[i] ?? 0, bestColumn) > bestBin) {
          nodeOf[i] = (nodeOf[i] ?? 0) | bit;
        }
      }
    }
    // Leaves: a Newton step on the sampled rows of each leaf.
    nodeG.fill(0);
    nodeH.fill(0);
    for (let s = 0; s < sampledCount; s++) {
      const i = sampled[s] ?? 0;
      const node = nodeOf[i] ?? 0;
      nodeG[node] = (nodeG[node] ?? 0) + (grad[i] ?? 0);
      nodeH[node] = (nodeH[node] ?? 0) + (hess[i] ?? 0);
    }
    const values = Array.from({ length: leafCount }, (_, leaf) =>
      Math.fround(
        (-options.learningRate * (nodeG[leaf] ?? 0)) / ((nodeH[leaf] ?? 0) + options.lambda),
      ),
    );
    for (let i = 0; i < nTrain; i++) logit[i] = (logit[i] ?? 0) + (values[nodeOf[i] ?? 0] ?? 0);
    columns.push(...treeColumns);
    thresholds.push(...treeThresholds.map(Math.fround));
    leaves.push(...values);

    let loss = 0;
    for (let i = 0; i < heldRows.length; i++) {
      const row = heldRows[i] ?? 0;
      let leaf = 0;
      for (let l = 0; l < depth; l++) {
        if (binOfRow(bins, row, treeCandidates[l] ?? 0) > (treeBins[l] ?? 0)) leaf |= 1 << l;
      }
      const z = (heldLogit[i] ?? 0) + (values[leaf] ?? 0);
      heldLogit[i] = z;
      const y = labels[row] ?? 0;
      // log(1 + e^z) − y·z, stable for either sign of z.
      loss += Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z))) - y * z;
    }
    loss /= Math.max(heldRows.length, 1);
    losses.push(loss);
    if (loss < best.loss - 1e-9) best = { loss, trees: tree + 1 };
    else if (tree + 1 - best.trees >= options.patience) break;
    yield tree + 1;
  }
  const kept = Math.min(best.trees, losses.length);
  return {
    model: {
      depth,
      bias,
      columns: Int32Array.from(columns.slice(0, kept * depth)),
      thresholds: Float32Array.from(thresholds.slice(0, kept * depth)),
      leaves: Float32Array.from(leaves.slice(0, kept * leafCount)),
    },
    heldOutLogLoss: Float64Array.from(losses),
  };
}

/** A row's bin in candidate column c: its pair's bin, or the column's most frequent bin. */
function binOfRow(bins: TreeBins, row: number, c: number): number {
  for (let p = bins.rowStart[row] ?? 0, end = bins.rowStart[row + 1] ?? 0; p < end; p++) {
    const column = bins.pairColumn[p] ?? 0;
    if (column === c) return bins.pairBin[p] ?? 0;
    if (column > c) break;
  }
  return bins.defaultBin[c] ?? 0;
}
