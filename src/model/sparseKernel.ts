/**
 * The sparse first layer's accumulate loop in WebAssembly SIMD (sparseKernel.wat), beside TF.js: the
 * same loop as core's accumulateSparse, about 3× faster. Where WebAssembly SIMD is unavailable the
 * core loop runs instead, with the same numbers up to float32 rounding order.
 */
import { accumulateSparse, type SparseBatch, type SparseFirstLayer } from '../core/scoring';
import { ensureMemory, instantiateKernel } from './wasmInstance';
import { SPARSE_KERNEL_BASE64 } from './sparseKernelWasm';

export interface AccumulateKernel {
  /** Which loop runs: the WebAssembly one, or core's in JavaScript. */
  readonly name: 'wasm-simd' | 'javascript';
  /** Writes batch.rows × layer.width pre-activations into out. */
  accumulate(batch: SparseBatch, out: Float32Array): void;
}

interface KernelExports {
  readonly memory: WebAssembly.Memory;
  accumulate(
    rows: number,
    rowEnd: number,
    entries: number,
    dts: number,
    table: number,
    baseline: number,
    out: number,
    width: number,
    accumulated: number,
  ): void;
}

/**
 * The fastest accumulate loop this runtime has for a layer; `prefer: 'javascript'` forces core's
 * loop (for tests and comparisons). The layer's table is copied into the kernel's memory once.
 */
export function createAccumulateKernel(
  layer: SparseFirstLayer,
  prefer: 'fastest' | 'javascript' = 'fastest',
): AccumulateKernel {
  const kernel =
    prefer === 'javascript'
      ? null
      : (instantiateKernel(SPARSE_KERNEL_BASE64) as KernelExports | null);
  if (kernel === null) {
    return {
      name: 'javascript',
      accumulate(batch, out) {
        accumulateSparse(layer, batch, out);
      },
    };
  }
  const memory = kernel.memory;
  const tableAt = 0;
  const baselineAt = layer.table.byteLength;
  const batchAt = baselineAt + layer.baseline.byteLength;
  ensureMemory(memory, batchAt);
  new Float32Array(memory.buffer, tableAt, layer.table.length).set(layer.table);
  new Float32Array(memory.buffer, baselineAt, layer.baseline.length).set(layer.baseline);
  return {
    name: 'wasm-simd',
    accumulate(batch, out) {
      const rows = batch.rows;
      const cells = rows === 0 ? 0 : (batch.rowEnd[rows - 1] ?? 0);
      const rowEndAt = batchAt;
      const entriesAt = rowEndAt + rows * 4;
      const dtsAt = entriesAt + cells * 4;
      // Output rows start on a 16-byte boundary (v128 loads and stores).
      const outAt = Math.ceil((dtsAt + cells * 4) / 16) * 16;
      const outFloats = rows * layer.width;
      ensureMemory(memory, outAt + outFloats * 4);
      const buffer = memory.buffer;
      new Int32Array(buffer, rowEndAt, rows).set(batch.rowEnd.subarray(0, rows));
      new Int32Array(buffer, entriesAt, cells).set(batch.entries.subarray(0, cells));
      new Float32Array(buffer, dtsAt, cells).set(batch.dts.subarray(0, cells));
      kernel.accumulate(
        rows,
        rowEndAt,
        entriesAt,
        dtsAt,
        tableAt,
        baselineAt,
        outAt,
        layer.width,
        layer.accumulated,
      );
      out.set(new Float32Array(buffer, outAt, outFloats));
    },
  };
}
