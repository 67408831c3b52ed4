/**
 * The tree member as ONNX operators: the columns the trees read gathered from the encoded rows,
 * each split compared with its threshold, each tree's bits weighed by powers of two into a leaf
 * index, the leaves gathered and summed. Standard operators only (no ai.onnx.ml), so that any
 * runtime that runs the network runs the trees, with the same float32 comparisons as TF.js.
 */
import { ONNX_TYPE, type GraphBuilder } from './graphBuilder';
import type { ObliviousTreesLayer } from '../../../src/model/treeLayer';
import type { EncodedInputs } from './preprocessGraph';

const axis = (value: number) => ({ name: 'axis', kind: 'int', value }) as const;

/** Adds a tree layer reading the encoded rows; returns its logits, float32 [N, 1]. */
export function addTrees(
  graph: GraphBuilder,
  layer: ObliviousTreesLayer,
  encoded: EncodedInputs,
): string {
  const [thresholds, leaves, bias] = layer.getWeights();
  if (thresholds === undefined || leaves === undefined || bias === undefined) {
    throw new Error(`tree layer "${layer.name}" lacks its weights`);
  }
  const name = layer.name;
  const { trees, depth } = layer;
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
  const split = graph.op(
    'Gather',
    [byRow, graph.int64s(`${name}_slots`, [...layer.slots])],
    [axis(1)],
    `${name}_splits`,
  );
  const above = graph.op(
    'Greater',
    [split, graph.floats(`${name}_thresholds`, thresholds.dataSync())],
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
  const reached = graph.op(
    'Gather',
    [graph.floats(`${name}_leaves`, leaves.dataSync()), index],
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
    [summed, graph.floats(`${name}_bias`, bias.dataSync(), [1])],
    [],
    `${name}_logit`,
  );
}
