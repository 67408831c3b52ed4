/**
 * The WebAssembly kernels are built from their text sources; the accumulate kernel gives the same
 * bits as core's loop, on batches large enough to grow its memory and with rows that hold no cell.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/rng';
import {
  accumulateSparse,
  emptySparseBatch,
  type SparseBatch,
  type SparseFirstLayer,
} from '../../src/core/scoring/sparseFirstLayer';
import { createAccumulateKernel } from '../../src/model/sparseKernel';
import { compileWat, WASM_KERNELS } from '../../training/lib/wasmKernels';
import { ROOT } from '../support/paths';

/**
 * A layer of random entries that accumulates its first `accumulated` units (all by default);
 * batchOf is not used here (batches are made directly).
 */
function randomLayer(
  entries: number,
  width: number,
  seed: number,
  accumulated = width,
): SparseFirstLayer {
  const rng = createRng(seed);
  return {
    units: width,
    width,
    accumulated,
    baseline: Float32Array.from({ length: width }, () => rng.normal()),
    table: Float32Array.from({ length: entries * 2 * accumulated }, () => rng.normal()),
    batchOf: () => undefined,
    exactPassThrough: () => undefined,
  };
}

/** rows rows of 0…2·mean cells each, some rows empty. */
function randomBatch(rows: number, entries: number, mean: number, seed: number): SparseBatch {
  const rng = createRng(seed);
  const rowEnd = new Int32Array(rows);
  const picked: number[] = [];
  const dts: number[] = [];
  for (let r = 0; r < rows; r++) {
    const cells = r % 7 === 0 ? 0 : rng.int(2 * mean);
    for (let k = 0; k < cells; k++) {
      picked.push(rng.int(entries));
      dts.push(rng.normal() * 3);
    }
    rowEnd[r] = picked.length;
  }
  return {
    ...emptySparseBatch(),
    rows,
    rowEnd,
    entries: Int32Array.from(picked),
    dts: Float32Array.from(dts),
  };
}

describe('the WebAssembly kernels', () => {
  it.each(WASM_KERNELS)(
    '$generated is the compiled form of $wat (run npm run kernel:build after editing it)',
    async ({ wat, generated, constant }) => {
      const compiled = await compileWat(wat, readFileSync(resolve(ROOT, wat), 'utf8'));
      const module = (await import(resolve(ROOT, generated))) as Record<string, unknown>;
      expect(Buffer.from(compiled).toString('base64')).toBe(module[constant]);
    },
  );
});

describe('the WebAssembly accumulate kernel', () => {
  it("runs with SIMD in Node and gives the very bits of core's loop", () => {
    const layer = randomLayer(900, 196, 1);
    const kernel = createAccumulateKernel(layer);
    expect(kernel.name).toBe('wasm-simd');
    // 3,000 rows × 196 floats: far beyond the first 64 kB page, so memory grows mid-way.
    for (const [rows, seed] of [
      [40, 2],
      [3000, 3],
      [5, 4],
    ] as const) {
      const batch = randomBatch(rows, 900, 34, seed);
      const expected = new Float32Array(rows * layer.width);
      accumulateSparse(layer, batch, expected);
      const actual = new Float32Array(rows * layer.width);
      kernel.accumulate(batch, actual);
      expect(Buffer.from(actual.buffer).equals(Buffer.from(expected.buffer))).toBe(true);
      // An empty row is the baseline itself.
      expect(Array.from(actual.subarray(0, 4))).toEqual(Array.from(layer.baseline.subarray(0, 4)));
    }
  });

  it('accumulates only the first units when the others pass inputs through, which keep the baseline', () => {
    const layer = randomLayer(300, 196, 7, 132);
    const batch = randomBatch(500, 300, 34, 8);
    const expected = new Float32Array(500 * 196);
    accumulateSparse(layer, batch, expected);
    const actual = new Float32Array(500 * 196);
    createAccumulateKernel(layer).accumulate(batch, actual);
    expect(Buffer.from(actual.buffer).equals(Buffer.from(expected.buffer))).toBe(true);
    const baselineTail = Array.from(layer.baseline.subarray(132));
    for (const r of [0, 1, 250, 499]) {
      expect(Array.from(actual.subarray(r * 196 + 132, (r + 1) * 196))).toEqual(baselineTail);
    }
    // A row with cells moves its accumulated units off the baseline.
    const withCells = Array.from({ length: 500 }, (_, r) => r).find(
      (r) => (batch.rowEnd[r] ?? 0) > (r === 0 ? 0 : (batch.rowEnd[r - 1] ?? 0)),
    );
    expect(actual[(withCells ?? 0) * 196]).not.toBe(layer.baseline[0]);
  });

  it("falls back to core's loop when asked, with the same numbers", () => {
    const layer = randomLayer(50, 8, 5);
    const batch = randomBatch(20, 50, 5, 6);
    const fast = new Float32Array(20 * 8);
    const slow = new Float32Array(20 * 8);
    createAccumulateKernel(layer).accumulate(batch, fast);
    const javascript = createAccumulateKernel(layer, 'javascript');
    expect(javascript.name).toBe('javascript');
    javascript.accumulate(batch, slow);
    expect(Array.from(slow)).toEqual(Array.from(fast));
  });
});
