/**
 * The tree member's scoring loop in WebAssembly SIMD (treeKernel.wat): four customers at a time,
 * one f32x4 comparison per split, where core's scoreTreeRows makes four. The read columns are
 * copied in interleaved (four rows per vector); the sums run in f64 in the same order as core's
 * loop, so both give the same bits. Where WebAssembly SIMD is unavailable there is no kernel and
 * core's loop runs.
 */
import type { TreeColumnsModel } from '../core/scoring';
import { alignTo16, ensureMemory, instantiateKernel } from './wasmInstance';
import { TREE_KERNEL_BASE64 } from './treeKernelWasm';

export interface TreeKernel {
  /**
   * Logits of rows whose `columns` read columns sit side by side in a row-major array (row r's
   * column j at values[r·stride + offset + j]); no rows give an empty array.
   */
  logits(values: Float32Array, rows: number, stride: number, offset: number): Float32Array;
}

interface KernelExports {
  readonly memory: WebAssembly.Memory;
  trees(
    groups: number,
    block: number,
    groupBytes: number,
    splits: number,
    depth: number,
    slots: number,
    thresholds: number,
    leaves: number,
    bias: number,
    out: number,
  ): void;
}

/** Rows copied in and scored per call: bounds the kernel's memory whatever the batch. */
const ROWS_PER_CALL = 1024;

/** A kernel holding `model` (which reads `columns` columns), or null without WebAssembly SIMD. */
export function createTreeKernel(model: TreeColumnsModel, columns: number): TreeKernel | null {
  const kernel = instantiateKernel(TREE_KERNEL_BASE64) as KernelExports | null;
  if (kernel === null) return null;
  const splits = model.slots.length;
  const slotsAt = 0;
  const thresholdsAt = alignTo16(slotsAt + 4 * splits);
  const leavesAt = alignTo16(thresholdsAt + 16 * splits);
  const blockAt = alignTo16(leavesAt + 4 * model.leaves.length);
  const groupBytes = 16 * Math.max(columns, 1);
  const groupsPerCall = ROWS_PER_CALL / 4;
  const outAt = blockAt + groupsPerCall * groupBytes;
  const needed = outAt + 4 * ROWS_PER_CALL;
  const memory = kernel.memory;
  ensureMemory(memory, needed);
  new Int32Array(memory.buffer, slotsAt, splits).set(model.slots.map((slot) => slot * 16));
  // Each threshold in four lanes: one vector load per split.
  const splatted = new Float32Array(memory.buffer, thresholdsAt, 4 * splits);
  model.thresholds.forEach((threshold, k) => splatted.fill(threshold, 4 * k, 4 * k + 4));
  new Float32Array(memory.buffer, leavesAt, model.leaves.length).set(model.leaves);
  const block = new Float32Array(memory.buffer, blockAt, groupsPerCall * 4 * columns);
  const out = new Float32Array(memory.buffer, outAt, ROWS_PER_CALL);
  return {
    logits(values, rows, stride, offset) {
      const result = new Float32Array(rows);
      for (let first = 0; first < rows; first += ROWS_PER_CALL) {
        const count = Math.min(ROWS_PER_CALL, rows - first);
        const groups = Math.ceil(count / 4);
        // Row first + i's column j goes to lane i % 4 of group ⌊i / 4⌋'s vector j.
        for (let i = 0; i < count; i++) {
          const from = (first + i) * stride + offset;
          const to = (i >> 2) * 4 * columns + (i & 3);
          for (let j = 0; j < columns; j++) block[to + 4 * j] = values[from + j] ?? 0;
        }
        for (let i = count; i < groups * 4; i++) {
          const to = (i >> 2) * 4 * columns + (i & 3);
          for (let j = 0; j < columns; j++) block[to + 4 * j] = 0;
        }
        kernel.trees(
          groups,
          blockAt,
          groupBytes,
          splits,
          model.depth,
          slotsAt,
          thresholdsAt,
          leavesAt,
          model.bias,
          outAt,
        );
        result.set(out.subarray(0, count), first);
      }
      return result;
    },
  };
}
