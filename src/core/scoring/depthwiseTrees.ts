/**
 * Boosted depth-wise decision trees: the ensemble's other kind of tree member. Every node of a
 * tree takes its own (column, threshold) split, as XGBoost's and LightGBM's trees do. A tree of
 * depth d is kept as a complete heap: internal node k (0 … 2^d − 2) sends a row to child 2k + 2
 * when its value in node k's column is strictly above node k's threshold, to 2k + 1 otherwise, and
 * the row ends in leaf j = node − (2^d − 1). A node that does not split has the threshold +∞, so
 * every row goes left. The member's logit is the bias plus the sum of every tree's leaf. The same
 * numbers run here (training, Node scoring), in the browser's tree layer and as ONNX operators.
 */
import { mapMatrixRows } from './matrixRows';
import type { TreeColumnsModel } from './obliviousTrees';

export interface DepthwiseTrees {
  /** Levels per tree (1…12). */
  readonly depth: number;
  /** Logit added to every row. */
  readonly bias: number;
  /** Input column of tree t's internal node k at [t·(2^depth − 1) + k]. */
  readonly columns: Int32Array;
  /** Node k goes right when the value is strictly above [t·(2^depth − 1) + k]; +∞ never splits. */
  readonly thresholds: Float32Array;
  /** Tree t's leaf j at [t·2^depth + j], in logits. */
  readonly leaves: Float32Array;
}

/** Internal nodes of one tree of `depth` levels: 2^depth − 1. */
export function nodesPerTree(depth: number): number {
  return (1 << depth) - 1;
}

/** Number of trees in a model (0 for none or a depth below 1). */
export function depthwiseTreeCount(model: DepthwiseTrees): number {
  return model.depth > 0 ? Math.floor(model.columns.length / nodesPerTree(model.depth)) : 0;
}

/**
 * The trees' summed logit for one row read through `valueAt(column)`; the bias alone when there
 * are no trees. A NaN value never goes above a threshold.
 */
export function depthwiseLogitOf(
  model: DepthwiseTrees,
  valueAt: (column: number) => number,
): number {
  const { depth, columns, thresholds, leaves } = model;
  const nodes = nodesPerTree(depth);
  const trees = depthwiseTreeCount(model);
  let sum = model.bias;
  for (let t = 0; t < trees; t++) {
    const first = t * nodes;
    let node = 0;
    for (let l = 0; l < depth; l++) {
      const k = first + node;
      node = 2 * node + (valueAt(columns[k] ?? 0) > (thresholds[k] ?? 0) ? 2 : 1);
    }
    sum += leaves[t * (nodes + 1) + node - nodes] ?? 0;
  }
  return sum;
}

/**
 * Logits of rows of a row-major float32 matrix (width values a row), in logits; `rows` picks and
 * orders them (all rows when absent). An empty matrix or row list gives an empty array; a column
 * beyond the width reads as 0.
 */
export function depthwiseLogits(
  model: DepthwiseTrees,
  matrix: Float32Array,
  width: number,
  rows?: ArrayLike<number>,
): Float64Array {
  return mapMatrixRows(matrix, width, rows, (valueAt) => depthwiseLogitOf(model, valueAt));
}

/**
 * Logits of `rows` rows whose read columns sit side by side in `values` (row r's column j at
 * values[r·stride + offset + j]), with each node's column given as its slot among the read
 * columns. Writes out[0…rows) (float32 logits); no rows write nothing. The same arithmetic as
 * depthwiseLogitOf (a strict comparison per node, the leaves summed in float64 in tree order); the
 * loop runs tree by tree over a block of rows, so that a tree's nodes stay in cache.
 */
export function scoreDepthwiseRows(
  model: TreeColumnsModel,
  values: Float32Array,
  rows: number,
  stride: number,
  offset: number,
  out: Float32Array,
): void {
  const { depth, slots, thresholds, leaves, bias } = model;
  const nodes = nodesPerTree(depth);
  const trees = nodes > 0 ? Math.floor(slots.length / nodes) : 0;
  const sums = new Float64Array(Math.min(rows, ROW_BLOCK));
  for (let from = 0; from < rows; from += ROW_BLOCK) {
    const count = Math.min(ROW_BLOCK, rows - from);
    sums.fill(bias, 0, count);
    for (let t = 0, first = 0, start = 0; t < trees; t++, first += nodes, start += nodes + 1) {
      for (let i = 0, base = from * stride + offset; i < count; i++, base += stride) {
        let node = 0;
        for (let l = 0; l < depth; l++) {
          const k = first + node;
          node = 2 * node + ((values[base + (slots[k] ?? 0)] ?? 0) > (thresholds[k] ?? 0) ? 2 : 1);
        }
        sums[i] = (sums[i] ?? 0) + (leaves[start + node - nodes] ?? 0);
      }
    }
    for (let i = 0; i < count; i++) out[from + i] = sums[i] ?? 0;
  }
}

/** Rows scored together, tree by tree. */
const ROW_BLOCK = 256;
