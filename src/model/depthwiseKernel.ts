/**
 * The depth-wise tree member's scoring loop in WebAssembly (depthwiseKernel.wat): tree by tree over
 * blocks of rows, four rows' walks interleaved, each node's column offset and threshold in one
 * 8-byte record, so that a level is two loads and a comparison. The read columns are copied in, row by row; the sums run in f64 in
 * the same order as core's scoreDepthwiseRows, so both give the same bits. Where WebAssembly is
 * unavailable there is no kernel and core's loop runs.
 */
import { nodesPerTree, type TreeColumnsModel } from '../core/scoring';
import { DEPTHWISE_KERNEL_BASE64 } from './depthwiseKernelWasm';
import { alignTo16, ensureMemory, instantiateKernel } from './wasmInstance';
import type { TreeKernel } from './treeKernel';

interface KernelExports {
  readonly memory: WebAssembly.Memory;
  trees(
    rows: number,
    block: number,
    rowBytes: number,
    trees: number,
    depth: number,
    nodes: number,
    leaves: number,
    bias: number,
    sums: number,
    out: number,
  ): void;
}

/**
 * Rows copied in and scored per call, tree by tree (a multiple of four): a block's rows stay in
 * cache across trees.
 */
const ROWS_PER_CALL = 256;

/**
 * A kernel holding depth-wise `model` (whose node slots index `columns` read columns), or null
 * without WebAssembly.
 */
export function createDepthwiseKernel(model: TreeColumnsModel, columns: number): TreeKernel | null {
  const kernel = instantiateKernel(DEPTHWISE_KERNEL_BASE64) as KernelExports | null;
  if (kernel === null) return null;
  const perTree = nodesPerTree(model.depth);
  const trees = perTree > 0 ? Math.floor(model.slots.length / perTree) : 0;
  const nodeCount = trees * perTree;
  const nodesAt = 0;
  const leavesAt = alignTo16(nodesAt + 8 * nodeCount);
  const blockAt = alignTo16(leavesAt + 4 * trees * (perTree + 1));
  const rowBytes = 4 * Math.max(columns, 1);
  const sumsAt = alignTo16(blockAt + ROWS_PER_CALL * rowBytes);
  const outAt = sumsAt + 8 * ROWS_PER_CALL;
  const memory = kernel.memory;
  ensureMemory(memory, outAt + 4 * ROWS_PER_CALL);
  // Node k's record: its column's byte offset in a row, then its threshold's bits.
  const records = new Int32Array(memory.buffer, nodesAt, 2 * nodeCount);
  const thresholdBits = new Int32Array(
    Float32Array.from(model.thresholds.subarray(0, nodeCount)).buffer,
  );
  for (let k = 0; k < nodeCount; k++) {
    records[2 * k] = 4 * (model.slots[k] ?? 0);
    records[2 * k + 1] = thresholdBits[k] ?? 0;
  }
  new Float32Array(memory.buffer, leavesAt, trees * (perTree + 1)).set(
    model.leaves.subarray(0, trees * (perTree + 1)),
  );
  const block = new Float32Array(memory.buffer, blockAt, ROWS_PER_CALL * columns);
  const out = new Float32Array(memory.buffer, outAt, ROWS_PER_CALL);
  return {
    logits(values, rows, stride, offset) {
      const result = new Float32Array(rows);
      for (let first = 0; first < rows; first += ROWS_PER_CALL) {
        const count = Math.min(ROWS_PER_CALL, rows - first);
        for (let i = 0; i < count; i++) {
          const from = (first + i) * stride + offset;
          for (let j = 0; j < columns; j++) block[i * columns + j] = values[from + j] ?? 0;
        }
        // The kernel walks four rows at a time: the last four's missing rows read zeros.
        const padded = Math.ceil(count / 4) * 4;
        block.fill(0, count * columns, padded * columns);
        kernel.trees(
          padded,
          blockAt,
          rowBytes,
          trees,
          model.depth,
          nodesAt,
          leavesAt,
          model.bias,
          sumsAt,
          outAt,
        );
        result.set(out.subarray(0, count), first);
      }
      return result;
    },
  };
}
