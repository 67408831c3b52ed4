/**
 * Boosted oblivious decision trees: one kind of tree member of the churn ensemble. In an oblivious tree
 * every node of one level splits on the same input column at the same threshold, so a tree of
 * depth d is d (column, threshold) pairs and 2^d leaves: a row's leaf index has bit l set when its
 * value in level l's column is above level l's threshold. The member's logit is the bias plus the
 * sum of every tree's leaf. The same numbers run here (training, Node scoring), as TF.js operations
 * in the browser and as ONNX operators in the exported model.
 */
import { mapMatrixRows } from './matrixRows';

export interface ObliviousTrees {
  /** Levels per tree (1…12). */
  readonly depth: number;
  /** Logit added to every row. */
  readonly bias: number;
  /** Input column of tree t's level l at [t·depth + l]. */
  readonly columns: Int32Array;
  /** Tree t's level l goes to the bit-set side when the value is strictly above [t·depth + l]. */
  readonly thresholds: Float32Array;
  /** Tree t's leaf i at [t·2^depth + i], in logits. */
  readonly leaves: Float32Array;
}

/** Number of trees in a model (0 for none). */
export function treeCount(model: ObliviousTrees): number {
  return model.depth > 0 ? Math.floor(model.columns.length / model.depth) : 0;
}

/**
 * The trees' summed logit for one row read through `valueAt(column)`; the bias alone when there
 * are no trees. A NaN value never goes above a threshold.
 */
export function treeLogitOf(model: ObliviousTrees, valueAt: (column: number) => number): number {
  const { depth, columns, thresholds, leaves } = model;
  const trees = treeCount(model);
  const leafCount = 1 << depth;
  let sum = model.bias;
  for (let t = 0; t < trees; t++) {
    let leaf = 0;
    for (let l = 0; l < depth; l++) {
      const k = t * depth + l;
      if (valueAt(columns[k] ?? 0) > (thresholds[k] ?? 0)) leaf |= 1 << l;
    }
    sum += leaves[t * leafCount + leaf] ?? 0;
  }
  return sum;
}

/**
 * Logits of rows of a row-major float32 matrix (width values a row), in logits; `rows` picks and
 * orders them (all rows when absent). An empty matrix or row list gives an empty array; a column
 * beyond the width reads as 0.
 */
export function treeLogits(
  model: ObliviousTrees,
  matrix: Float32Array,
  width: number,
  rows?: ArrayLike<number>,
): Float64Array {
  return mapMatrixRows(matrix, width, rows, (valueAt) => treeLogitOf(model, valueAt));
}

/**
 * One model whose logit is the mean of the given models' logits (each leaf and bias divided by
 * their number): a fold ensemble's tree member. The trees are concatenated, so it serves oblivious
 * and depth-wise trees alike (core/scoring/depthwiseTrees.ts keeps the same fields). All must share
 * one depth (RangeError otherwise); none gives an empty model of depth 1 and bias 0.
 */
export function averageTrees(models: readonly ObliviousTrees[]): ObliviousTrees {
  const first = models[0];
  if (first === undefined) {
    return {
      depth: 1,
      bias: 0,
      columns: new Int32Array(0),
      thresholds: new Float32Array(0),
      leaves: new Float32Array(0),
    };
  }
  const scale = 1 / models.length;
  const depth = first.depth;
  if (models.some((m) => m.depth !== depth)) throw new RangeError('trees of different depths');
  const join = <T extends Int32Array | Float32Array>(
    make: (n: number) => T,
    of: (m: ObliviousTrees) => T,
  ): T => {
    const out = make(models.reduce((n, m) => n + of(m).length, 0));
    let at = 0;
    for (const m of models) {
      out.set(of(m), at);
      at += of(m).length;
    }
    return out;
  };
  const leaves = join(
    (n) => new Float32Array(n),
    (m) => m.leaves,
  );
  for (let i = 0; i < leaves.length; i++) leaves[i] = (leaves[i] ?? 0) * scale;
  return {
    depth,
    bias: models.reduce((sum, m) => sum + m.bias, 0) * scale,
    columns: join(
      (n) => new Int32Array(n),
      (m) => m.columns,
    ),
    thresholds: join(
      (n) => new Float32Array(n),
      (m) => m.thresholds,
    ),
    leaves,
  };
}

/**
 * The distinct input columns the trees read (oblivious or depth-wise), ascending, and for each
 * split or node its position among them: what a sparse scorer computes per customer instead of every input. No trees give empty
 * arrays.
 */
export function columnsRead(model: Pick<ObliviousTrees, 'columns'>): {
  readonly distinct: Int32Array;
  readonly slotOfSplit: Int32Array;
} {
  const distinct = Int32Array.from(new Set(model.columns)).sort();
  const slot = new Map(Array.from(distinct, (column, i) => [column, i] as const));
  return { distinct, slotOfSplit: Int32Array.from(model.columns, (c) => slot.get(c) ?? 0) };
}

/** A tree member as its scorer reads it: each split's position among the columns read. */
export interface TreeColumnsModel {
  readonly depth: number;
  readonly bias: number;
  /** Split k reads column slots[k] of the read columns. */
  readonly slots: Int32Array;
  readonly thresholds: Float32Array;
  readonly leaves: Float32Array;
}

/**
 * Logits of `rows` rows whose read columns sit side by side in `values`: row r's column j at
 * values[r·stride + offset + j]. Writes out[0…rows) (float32 logits); no rows write nothing. The
 * same arithmetic as treeLogitOf (a strict comparison per split, the leaves summed in float64).
 */
export function scoreTreeRows(
  model: TreeColumnsModel,
  values: Float32Array,
  rows: number,
  stride: number,
  offset: number,
  out: Float32Array,
): void {
  const { depth, slots, thresholds, leaves, bias } = model;
  const splits = slots.length;
  for (let r = 0; r < rows; r++) {
    const base = r * stride + offset;
    let sum = bias;
    for (let k = 0, start = 0; k < splits; start += 1 << depth) {
      let leaf = 0;
      for (let l = 0; l < depth; l++, k++) {
        leaf |= +((values[base + (slots[k] ?? 0)] ?? 0) > (thresholds[k] ?? 0)) << l;
      }
      sum += leaves[start + leaf] ?? 0;
    }
    out[r] = sum;
  }
}
