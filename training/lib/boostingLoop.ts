/**
 * Newton boosting for the log loss, whatever the trees' shape: per tree, the gradients and
 * hessians of every training row, a sample of rows and of candidate columns, a tree grown by a
 * `TreeGrower` on them, a Newton step per leaf, and the held-out log loss after the tree; boosting
 * stops when that loss has not improved for `patience` trees and keeps the best count. Also the
 * per-node histograms both growers split on, a level's derived from the level above's. Pure TypeScript over typed arrays.
 */
import { sigmoid } from '../../src/core/evaluation';
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

/** What a grower reads to grow one tree, and where it writes each training row's leaf. */
export interface GrowContext {
  readonly bins: TreeBins;
  /** Training rows (indices into the bins and labels); the arrays below are indexed like them. */
  readonly trainRows: ArrayLike<number>;
  readonly grad: Float64Array;
  readonly hess: Float64Array;
  /** The first sampledCount entries: positions in trainRows this tree learns from. */
  readonly sampled: Int32Array;
  readonly sampledCount: number;
  /** 1 for the candidate columns this tree may split on. */
  readonly allowed: Uint8Array;
  /** Out: the leaf (0 … leafCount − 1) of every training row. */
  readonly leafOf: Int32Array;
}

/** A tree shape: how it grows, and which leaf a binned row falls in. */
export interface TreeGrower<Tree> {
  readonly leafCount: number;
  grow(context: GrowContext): Tree;
  /** The leaf of row `row` of the bins the grower was made for. */
  leafOfRow(tree: Tree, row: number): number;
}

export interface BoostedModel<Tree> {
  /** Logit of the training rows' positive rate: every row's start. */
  readonly bias: number;
  /** The kept trees (those up to the best held-out log loss), each with its leaf values. */
  readonly trees: readonly { readonly tree: Tree; readonly leaves: Float32Array }[];
  /** Held-out log loss after each tree grown. */
  readonly heldOutLogLoss: Float64Array;
  /**
   * Logits of the training rows under the kept trees, in the order given: the loop's own running
   * sums (the bias, then each kept tree's leaf, in order), so the same numbers as scoring the kept
   * trees row by row.
   */
  readonly keptTrainLogits: Float64Array;
  /** The same for the held rows. */
  readonly keptHeldLogits: Float64Array;
}

/**
 * The boosting loop as a generator: yields after each tree (the count so far), returns the
 * kept model. No training rows give a model of the prior alone (clamped away from 0 and 1); no
 * held rows boost every one of `maxTrees` trees and keep them all (nothing to stop on).
 */
export function* boostingSteps<Tree>(
  grower: TreeGrower<Tree>,
  bins: TreeBins,
  labels: ArrayLike<number>,
  trainRows: ArrayLike<number>,
  heldRows: ArrayLike<number>,
  options: BoostingOptions,
): Generator<number, BoostedModel<Tree>> {
  const candidates = bins.columns.length;
  const nTrain = trainRows.length;
  const rng = createRng(options.seed);

  let positives = 0;
  for (let i = 0; i < nTrain; i++) positives += labels[trainRows[i] ?? 0] ?? 0;
  const rate = Math.min(Math.max(positives / Math.max(nTrain, 1), 1e-6), 1 - 1e-6);
  const bias = Math.log(rate / (1 - rate));

  const logit = new Float64Array(nTrain).fill(bias);
  const heldLogit = new Float64Array(heldRows.length).fill(bias);
  const keptTrainLogits = Float64Array.from(logit);
  const keptHeldLogits = Float64Array.from(heldLogit);
  const grad = new Float64Array(nTrain);
  const hess = new Float64Array(nTrain);
  const leafOf = new Int32Array(nTrain);
  const sampled = new Int32Array(nTrain);
  const allowed = new Uint8Array(candidates);
  const leafG = new Float64Array(grower.leafCount);
  const leafH = new Float64Array(grower.leafCount);

  const trees: { tree: Tree; leaves: Float32Array }[] = [];
  const losses: number[] = [];
  let best = { loss: Infinity, trees: 0 };

  for (let t = 0; t < options.maxTrees; t++) {
    let sampledCount = 0;
    for (let i = 0; i < nTrain; i++) {
      const p = sigmoid(logit[i] ?? 0);
      grad[i] = p - (labels[trainRows[i] ?? 0] ?? 0);
      hess[i] = Math.max(p * (1 - p), 1e-12);
      leafOf[i] = 0;
      if (rng.next() < options.rowShare) sampled[sampledCount++] = i;
    }
    let allowedCount = 0;
    for (let c = 0; c < candidates; c++) {
      allowed[c] = rng.next() < options.columnShare ? 1 : 0;
      allowedCount += allowed[c] ?? 0;
    }
    if (allowedCount === 0) allowed[rng.int(candidates)] = 1;

    const tree = grower.grow({
      bins,
      trainRows,
      grad,
      hess,
      sampled,
      sampledCount,
      allowed,
      leafOf,
    });
    // Leaves: a Newton step on the sampled rows of each leaf.
    leafG.fill(0);
    leafH.fill(0);
    for (let s = 0; s < sampledCount; s++) {
      const i = sampled[s] ?? 0;
      const leaf = leafOf[i] ?? 0;
      leafG[leaf] = (leafG[leaf] ?? 0) + (grad[i] ?? 0);
      leafH[leaf] = (leafH[leaf] ?? 0) + (hess[i] ?? 0);
    }
    const leaves = Float32Array.from(
      { length: grower.leafCount },
      (_, leaf) =>
        (-options.learningRate * (leafG[leaf] ?? 0)) / ((leafH[leaf] ?? 0) + options.lambda),
    );
    for (let i = 0; i < nTrain; i++) logit[i] = (logit[i] ?? 0) + (leaves[leafOf[i] ?? 0] ?? 0);
    trees.push({ tree, leaves });

    let loss = 0;
    for (let i = 0; i < heldRows.length; i++) {
      const row = heldRows[i] ?? 0;
      const z = (heldLogit[i] ?? 0) + (leaves[grower.leafOfRow(tree, row)] ?? 0);
      heldLogit[i] = z;
      const y = labels[row] ?? 0;
      // log(1 + e^z) − y·z, stable for either sign of z.
      loss += Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z))) - y * z;
    }
    loss /= Math.max(heldRows.length, 1);
    losses.push(loss);
    if (heldRows.length === 0) {
      // Nothing to stop on: every tree is kept, and the running sums are the kept ones.
      best = { loss, trees: t + 1 };
    } else if (loss < best.loss - 1e-9) {
      best = { loss, trees: t + 1 };
      keptTrainLogits.set(logit);
      keptHeldLogits.set(heldLogit);
    } else if (t + 1 - best.trees >= options.patience) break;
    yield t + 1;
  }
  return {
    bias,
    trees: trees.slice(0, Math.min(best.trees, trees.length)),
    heldOutLogLoss: Float64Array.from(losses),
    keptTrainLogits: heldRows.length === 0 ? logit : keptTrainLogits,
    keptHeldLogits,
  };
}

/** Runs the boosting loop to its end. */
export function boostToEnd<Tree>(steps: Generator<number, BoostedModel<Tree>>): BoostedModel<Tree> {
  for (;;) {
    const step = steps.next();
    if (step.done === true) return step.value;
  }
}

/**
 * Runs the boosting loop to its end, giving the event loop a turn after each tree (so that a
 * thread that also runs a worker pool keeps answering it while it boosts). Once `signal` is
 * aborted, stops after the tree in progress and rejects with the signal's reason.
 */
export async function boostToEndYielding<Tree>(
  steps: Generator<number, BoostedModel<Tree>>,
  signal?: AbortSignal,
): Promise<BoostedModel<Tree>> {
  for (;;) {
    signal?.throwIfAborted();
    const step = steps.next();
    if (step.done === true) return step.value;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/**
 * Scratch space for node histograms, `nodes` blocks of `nodeStride` values: in each, candidate c's
 * bins from `columnAt[c]` on, (G, H) per bin. Candidates take only the bins they have, so a
 * node's block is 2 × the total bin count, not candidates × the widest candidate's bins.
 */
export interface HistogramSpace {
  readonly hist: Float64Array;
  readonly nodeG: Float64Array;
  readonly nodeH: Float64Array;
  /** Offset of candidate c's first bin within a node's block. */
  readonly columnAt: Int32Array;
  /** Values per node: 2 × the bins of every candidate. */
  readonly nodeStride: number;
  /** Bins of the widest candidate. */
  readonly maxBins: number;
}

/** Room for the histograms of up to `nodes` nodes at once. */
export function histogramSpace(bins: TreeBins, nodes: number): HistogramSpace {
  const columnAt = new Int32Array(bins.columns.length);
  let nodeStride = 0;
  let maxBins = 1;
  bins.edges.forEach((edges, c) => {
    columnAt[c] = nodeStride;
    nodeStride += 2 * edges.length;
    maxBins = Math.max(maxBins, edges.length);
  });
  return {
    hist: new Float64Array(nodes * nodeStride),
    nodeG: new Float64Array(nodes),
    nodeH: new Float64Array(nodes),
    columnAt,
    nodeStride,
    maxBins,
  };
}

/** Where candidate c's bins start in node `node`'s histogram block. */
export function histogramAt(space: HistogramSpace, node: number, c: number): number {
  return node * space.nodeStride + (space.columnAt[c] ?? 0);
}

/**
 * Sums of gradient and hessian of the sampled rows per node (`nodeOf`, 0 … nodes − 1) and per
 * (node, candidate, bin) for the cells rows store in the candidates the tree may split on (the
 * others' stay 0: no grower reads them); a candidate's default bin is left to
 * `completeDefaultBin`, which derives it from the node's totals. With `only`, the per-bin sums
 * are taken for the nodes it marks 1 alone (the others' stay 0); the totals for every node.
 */
export function nodeHistograms(
  context: GrowContext,
  nodeOf: Int32Array,
  nodes: number,
  space: HistogramSpace,
  only?: Uint8Array,
): void {
  const { bins, trainRows, grad, hess, sampled, sampledCount, allowed } = context;
  const { hist, nodeG, nodeH, columnAt, nodeStride } = space;
  hist.fill(0, 0, nodes * nodeStride);
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
    if (only !== undefined && only[node] === 0) continue;
    const base = node * nodeStride;
    for (let p = bins.rowStart[row] ?? 0, end = bins.rowStart[row + 1] ?? 0; p < end; p++) {
      const c = bins.pairColumn[p] ?? 0;
      if (allowed[c] === 0) continue;
      const at = base + (columnAt[c] ?? 0) + 2 * (bins.pairBin[p] ?? 0);
      hist[at] = (hist[at] ?? 0) + g;
      hist[at + 1] = (hist[at + 1] ?? 0) + h;
    }
  }
}

/**
 * How a level's nodes sit under the level above: 'heap' puts node p's children at 2p and 2p + 1
 * (the depth-wise trees), 'level-bit' at p and p + nodes / 2 (the oblivious trees, whose level
 * adds one bit to every row's node).
 */
export type NodePairing = 'heap' | 'level-bit';

/** Per-level scratch of `childHistograms`, room for a level's nodes. */
export interface ChildScratch {
  readonly rowsIn: Int32Array;
  readonly only: Uint8Array;
}

/** Scratch for levels of up to `nodes` nodes. */
export function childScratch(nodes: number): ChildScratch {
  return { rowsIn: new Int32Array(nodes), only: new Uint8Array(nodes) };
}

/**
 * A level's histograms into `space` (`nodes` ≥ 2, a power of two; `nodeOf` holds each training
 * row's node in the level) from the level above's in `parentSpace`: summed from the rows only for
 * the child of each pair with fewer sampled rows, and its sibling's taken as the parent's minus
 * those, for the candidates the tree may split on. The node totals are summed for every node.
 */
export function childHistograms(
  context: GrowContext,
  nodeOf: Int32Array,
  nodes: number,
  space: HistogramSpace,
  parentSpace: HistogramSpace,
  pairing: NodePairing,
  scratch: ChildScratch,
): void {
  const { bins, sampled, sampledCount, allowed } = context;
  const { rowsIn, only } = scratch;
  const half = nodes >> 1;
  const pair = (parent: number): [number, number] =>
    pairing === 'heap' ? [2 * parent, 2 * parent + 1] : [parent, parent + half];
  rowsIn.fill(0, 0, nodes);
  for (let s = 0; s < sampledCount; s++) {
    const node = nodeOf[sampled[s] ?? 0] ?? 0;
    rowsIn[node] = (rowsIn[node] ?? 0) + 1;
  }
  for (let parent = 0; parent < half; parent++) {
    const [first, second] = pair(parent);
    const smaller = (rowsIn[first] ?? 0) <= (rowsIn[second] ?? 0) ? first : second;
    only[smaller] = 1;
    only[smaller === first ? second : first] = 0;
  }
  nodeHistograms(context, nodeOf, nodes, space, only);
  const { hist, columnAt, nodeStride } = space;
  const parentHist = parentSpace.hist;
  for (let parent = 0; parent < half; parent++) {
    const [first, second] = pair(parent);
    const built = (only[first] === 1 ? first : second) * nodeStride;
    const own = (only[first] === 1 ? second : first) * nodeStride;
    const from = parent * nodeStride;
    // Only the columns this tree may split on: no other histogram is read.
    for (let c = 0; c < bins.columns.length; c++) {
      if (allowed[c] === 0) continue;
      const start = columnAt[c] ?? 0;
      const end = start + 2 * (bins.edges[c]?.length ?? 1);
      for (let j = start; j < end; j++) {
        hist[own + j] = (parentHist[from + j] ?? 0) - (hist[built + j] ?? 0);
      }
    }
  }
}

/**
 * Fills candidate c's default bin in a node's histogram (its bins from `block`: histogramAt) with what the
 * node's rows do not store: the node's totals minus the other bins (whatever the default bin held).
 */
export function completeDefaultBin(
  bins: TreeBins,
  space: HistogramSpace,
  node: number,
  c: number,
  block: number,
): void {
  const { hist } = space;
  const binCount = bins.edges[c]?.length ?? 1;
  const def = bins.defaultBin[c] ?? 0;
  let sg = 0;
  let sh = 0;
  for (let b = 0; b < binCount; b++) {
    if (b === def) continue;
    sg += hist[block + 2 * b] ?? 0;
    sh += hist[block + 2 * b + 1] ?? 0;
  }
  hist[block + 2 * def] = (space.nodeG[node] ?? 0) - sg;
  hist[block + 2 * def + 1] = (space.nodeH[node] ?? 0) - sh;
}
