/**
 * The training products of a dense first layer over sparse rows (core/scoring/centeredRows.ts) in
 * WebAssembly SIMD (centeredKernel.wat). The rows are copied into the kernel's memory once; each
 * call copies only the batch's row indices and the matrices it reads. Where WebAssembly SIMD is
 * unavailable, or the rows do not fit its memory, core's loops run instead: the same numbers up to
 * float32 rounding order.
 */
import {
  addCentreOuter,
  centeredProduct,
  centeredTransposeProduct,
  centreProduct,
  upstreamColumnSums,
  type CenteredRows,
} from '../core/scoring';
import { CENTERED_KERNEL_BASE64 } from './centeredKernelWasm';
import {
  alignTo16,
  ensureMemory,
  instantiateKernel,
  putPaddedRows,
  takePaddedRows,
} from './wasmInstance';

/**
 * One of the two products for rows batch[start … end): `matrix` in, `out` written, each matrix
 * row-major and `units` wide (the kernel W, width × units, or dY, (end − start) × units).
 */
export type BatchProduct = (
  batch: ArrayLike<number>,
  start: number,
  end: number,
  matrix: Float32Array,
  units: number,
  out: Float32Array,
) => void;

export interface CenteredKernel {
  /** Which loops run: the WebAssembly ones, or core's in JavaScript. */
  readonly name: 'wasm-simd' | 'javascript';
  /** out = X·W: (end − start) × units. */
  readonly product: BatchProduct;
  /** out = Xᵀ·dY: width × units, overwritten. */
  readonly transposeProduct: BatchProduct;
}

interface KernelExports {
  readonly memory: WebAssembly.Memory;
  product(
    batch: number,
    count: number,
    rowStart: number,
    column: number,
    deviation: number,
    kernel: number,
    shared: number,
    out: number,
    rowBytes: number,
  ): void;
  transposeProduct(
    batch: number,
    count: number,
    rowStart: number,
    column: number,
    deviation: number,
    upstream: number,
    out: number,
    rowBytes: number,
  ): void;
}

function javascriptKernel(rows: CenteredRows): CenteredKernel {
  return {
    name: 'javascript',
    product: (batch, start, end, kernel, units, out) => {
      centeredProduct(rows, batch, start, end, kernel, units, out);
    },
    transposeProduct: (batch, start, end, upstream, units, out) => {
      centeredTransposeProduct(rows, batch, start, end, upstream, units, out);
    },
  };
}

/**
 * The fastest loops this runtime has for `rows`; `prefer: 'javascript'` forces core's loops (for
 * tests and comparisons).
 */
export function createCenteredKernel(
  rows: CenteredRows,
  prefer: 'fastest' | 'javascript' = 'fastest',
): CenteredKernel {
  const kernel =
    prefer === 'javascript'
      ? null
      : (instantiateKernel(CENTERED_KERNEL_BASE64) as KernelExports | null);
  if (kernel === null) return javascriptKernel(rows);
  const memory = kernel.memory;
  const rowStartAt = 0;
  const columnAt = alignTo16(rows.rowStart.byteLength);
  const deviationAt = alignTo16(columnAt + rows.column.byteLength);
  const scratchAt = alignTo16(deviationAt + rows.deviation.byteLength);
  try {
    ensureMemory(memory, scratchAt);
  } catch {
    // More rows than a WebAssembly memory holds: core's loops need no copy.
    return javascriptKernel(rows);
  }
  new Uint32Array(memory.buffer, rowStartAt, rows.rowStart.length).set(rows.rowStart);
  new Uint32Array(memory.buffer, columnAt, rows.column.length).set(rows.column);
  new Float32Array(memory.buffer, deviationAt, rows.deviation.length).set(rows.deviation);

  /** Lays out a call's scratch: the batch's row indices, then the width × lanes and batch matrices. */
  const scratch = (batch: ArrayLike<number>, start: number, end: number, lanes: number) => {
    const count = end - start;
    const rowBytes = lanes * 4;
    const batchAt = scratchAt;
    const weightsAt = alignTo16(batchAt + count * 4);
    const sharedAt = alignTo16(weightsAt + rows.width * rowBytes);
    const matrixAt = alignTo16(sharedAt + rowBytes);
    ensureMemory(memory, matrixAt + count * rowBytes);
    const indices = new Uint32Array(memory.buffer, batchAt, count);
    for (let i = start; i < end; i++) indices[i - start] = batch[i] ?? 0;
    return { count, rowBytes, batchAt, weightsAt, sharedAt, matrixAt };
  };
  return {
    name: 'wasm-simd',
    product: (batch, start, end, weights, units, out) => {
      if (end <= start) return;
      const lanes = Math.ceil(units / 4) * 4;
      const at = scratch(batch, start, end, lanes);
      putPaddedRows(memory, at.weightsAt, weights, rows.width, units, lanes);
      putPaddedRows(memory, at.sharedAt, centreProduct(rows, weights, units), 1, units, lanes);
      kernel.product(
        at.batchAt,
        at.count,
        rowStartAt,
        columnAt,
        deviationAt,
        at.weightsAt,
        at.sharedAt,
        at.matrixAt,
        at.rowBytes,
      );
      takePaddedRows(memory, at.matrixAt, out, at.count, units, lanes);
    },
    transposeProduct: (batch, start, end, upstream, units, out) => {
      const lanes = Math.ceil(units / 4) * 4;
      const at = scratch(batch, start, Math.max(start, end), lanes);
      putPaddedRows(memory, at.matrixAt, upstream, at.count, units, lanes);
      new Float32Array(memory.buffer, at.weightsAt, rows.width * lanes).fill(0);
      kernel.transposeProduct(
        at.batchAt,
        at.count,
        rowStartAt,
        columnAt,
        deviationAt,
        at.matrixAt,
        at.weightsAt,
        at.rowBytes,
      );
      takePaddedRows(memory, at.weightsAt, out, rows.width, units, lanes);
      addCentreOuter(rows, upstreamColumnSums(upstream, start, end, units), units, out);
    },
  };
}
