/**
 * The tree member as ONNX operators: the columns the trees read gathered from the encoded rows,
 * then, for oblivious trees, each split compared with its threshold, each tree's bits weighed by
 * powers of two into a leaf index; for depth-wise trees, every tree's node walked down one level at
 * a time. The leaves reached are gathered and summed. Standard operators only (no ai.onnx.ml), so
 * that any runtime that runs the network runs the trees, with the same float32 comparisons as
 * TF.js.
 */
import { ONNX_TYPE, type GraphBuilder } from './graphBuilder';
import { nodesPerTree } from '../../../src/core/scoring';
import {
  DepthwiseTreesLayer,
  ObliviousTreesLayer,
  type TreeMemberLayer,
} from '../../../src/model/treeLayer';
import type { EncodedInputs } from './preprocessGraph';

const axis = (value: number) => ({ name: 'axis', kind: 'int', value }) as const;

/** Adds a tree layer reading the encoded rows; returns its logits, float32 [N, 1]. */
export function addTrees(
  graph: GraphBuilder,
  layer: TreeMemberLayer,
  encoded: EncodedInputs,
): string {
  const [thresholds, leaves, bias] = layer.getWeights();
  if (thresholds === undefined || leaves === undefined || bias === undefined) {
    throw new Error(`tree layer "${layer.name}" lacks its weights`);
  }
  const name = layer.name;
  const rows = layer.columns.map((column) => encoded.rowOf[column] ?? 0);
  const picked = graph.op(
    'Gather',
    [encoded.value, graph.int64s(`${name}_rows`, rows)],
    [axis(0)],
    `${name}_columns`,
  );
  const byRow = graph.op(
    'Transpose',
    [picked],
    [{ name: 'perm', kind: 'ints', value: [1, 0] }],
    `${name}_by_row`,
  );
  const weights = {
    thresholds: thresholds.dataSync() as Float32Array,
    leaves: leaves.dataSync() as Float32Array,
    bias: bias.dataSync() as Float32Array,
  };
  if (layer instanceof ObliviousTreesLayer) return addObliviousLeaves(graph, layer, byRow, weights);
  if (layer instanceof DepthwiseTreesLayer) return addDepthwiseWalk(graph, layer, byRow, weights);
  throw new Error(`tree layer "${name}" is of no kind the exporter writes`);
}

interface TreeWeights {
  readonly thresholds: Float32Array;
  readonly leaves: Float32Array;
  readonly bias: Float32Array;
}

/** Oblivious trees on the read columns [N, columns]: each tree's bits, its leaf, the sum. */
function addObliviousLeaves(
  graph: GraphBuilder,
  layer: ObliviousTreesLayer,
  byRow: string,
  weights: TreeWeights,
): string {
  const name = layer.name;
  const { trees, depth } = layer;
  const split = graph.op(
    'Gather',
    [byRow, graph.int64s(`${name}_slots`, [...layer.slots])],
    [axis(1)],
    `${name}_splits`,
  );
  const above = graph.op(
    'Greater',
    [split, graph.floats(`${name}_thresholds`, weights.thresholds)],
    [],
    `${name}_above`,
  );
  const bits = graph.op(
    'Cast',
    [above],
    [{ name: 'to', kind: 'int', value: ONNX_TYPE.float }],
    `${name}_bits`,
  );
  const shaped = graph.op(
    'Reshape',
    [bits, graph.int64s(`${name}_tree_shape`, [-1, trees, depth])],
    [],
    `${name}_bits_by_tree`,
  );
  const powers = Array.from({ length: depth }, (_, l) => 2 ** l);
  const leafOf = graph.op(
    'MatMul',
    [shaped, graph.floats(`${name}_powers`, powers, [depth, 1])],
    [],
    `${name}_leaf`,
  );
  const leafFlat = graph.op(
    'Reshape',
    [leafOf, graph.int64s(`${name}_leaf_shape`, [-1, trees])],
    [],
    `${name}_leaf_by_tree`,
  );
  const starts = Array.from({ length: trees }, (_, t) => t * 2 ** depth);
  const index = graph.op(
    'Cast',
    [graph.op('Add', [leafFlat, graph.floats(`${name}_starts`, starts)], [], `${name}_at`)],
    [{ name: 'to', kind: 'int', value: ONNX_TYPE.int64 }],
    `${name}_index`,
  );
  return addLeafSum(graph, name, index, weights);
}

/**
 * Depth-wise trees on the read columns [N, columns]: every tree's node index [N, trees], walked
 * from the root one level at a time (the node's column gathered per row, compared with its
 * threshold, the child 2k + 1 or 2k + 2 taken), then the leaf reached.
 */
function addDepthwiseWalk(
  graph: GraphBuilder,
  layer: DepthwiseTreesLayer,
  byRow: string,
  weights: TreeWeights,
): string {
  const name = layer.name;
  const { trees, depth } = layer;
  const nodes = nodesPerTree(depth);
  const toInt64 = [{ name: 'to', kind: 'int', value: ONNX_TYPE.int64 }] as const;
  const slots = graph.int64s(`${name}_slots`, [...layer.slots]);
  const thresholds = graph.floats(`${name}_thresholds`, weights.thresholds);
  const treeStarts = graph.int64s(
    `${name}_tree_starts`,
    Array.from({ length: trees }, (_, t) => t * nodes),
    [1, trees],
  );
  const one = graph.int64s(`${name}_one`, [1]);
  const two = graph.int64s(`${name}_two`, [2]);
  // The roots' columns and thresholds are the same for every row.
  const rootSlots = Array.from({ length: trees }, (_, t) => layer.slots[t * nodes] ?? 0);
  const rootValues = graph.op(
    'Gather',
    [byRow, graph.int64s(`${name}_root_slots`, rootSlots)],
    [axis(1)],
    `${name}_root_values`,
  );
  const rootAbove = graph.op(
    'Greater',
    [
      rootValues,
      graph.floats(
        `${name}_root_thresholds`,
        Array.from({ length: trees }, (_, t) => weights.thresholds[t * nodes] ?? 0),
      ),
    ],
    [],
    `${name}_root_above`,
  );
  let node = graph.op(
    'Add',
    [graph.op('Cast', [rootAbove], [...toInt64], `${name}_root_right`), one],
    [],
    `${name}_node_1`,
  );
  for (let level = 1; level < depth; level++) {
    const at = graph.op('Add', [node, treeStarts], [], `${name}_at_${level}`);
    const slot = graph.op('Gather', [slots, at], [axis(0)], `${name}_slot_${level}`);
    const value = graph.op('GatherElements', [byRow, slot], [axis(1)], `${name}_value_${level}`);
    const threshold = graph.op('Gather', [thresholds, at], [axis(0)], `${name}_split_${level}`);
    const right = graph.op(
      'Cast',
      [graph.op('Greater', [value, threshold], [], `${name}_above_${level}`)],
      [...toInt64],
      `${name}_right_${level}`,
    );
    const doubled = graph.op('Mul', [node, two], [], `${name}_doubled_${level}`);
    node = graph.op(
      'Add',
      [graph.op('Add', [doubled, one], [], `${name}_left_${level}`), right],
      [],
      `${name}_node_${level + 1}`,
    );
  }
  // Leaf j of tree t is leaves[t·2^depth + j], and node = j + 2^depth − 1.
  const index = graph.op(
    'Add',
    [
      node,
      graph.int64s(
        `${name}_leaf_starts`,
        Array.from({ length: trees }, (_, t) => t * (nodes + 1) - nodes),
        [1, trees],
      ),
    ],
    [],
    `${name}_index`,
  );
  return addLeafSum(graph, name, index, weights);
}

/** The leaves at `index` [N, trees] gathered, summed per row and added to the bias: [N, 1]. */
function addLeafSum(
  graph: GraphBuilder,
  name: string,
  index: string,
  weights: TreeWeights,
): string {
  const reached = graph.op(
    'Gather',
    [graph.floats(`${name}_leaves`, weights.leaves), index],
    [axis(0)],
    `${name}_reached`,
  );
  const summed = graph.op(
    'ReduceSum',
    [reached, graph.int64s(`${name}_axes`, [1])],
    [{ name: 'keepdims', kind: 'int', value: 1 }],
    `${name}_sum`,
  );
  return graph.op(
    'Add',
    [summed, graph.floats(`${name}_bias`, weights.bias, [1])],
    [],
    `${name}_logit`,
  );
}
