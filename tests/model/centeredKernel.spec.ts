/**
 * The first layer's training products over sparse rows: the WebAssembly kernel gives core's
 * numbers (towerPasses.spec.ts checks them, with the rest of a tower, against TF.js's dense layer).
 */
import { describe, expect, it } from 'vitest';
import { centerRows, frequentColumnValues } from '../../src/core/scoring/centeredRows';
import { createRng } from '../../src/core/rng';
import { createCenteredKernel } from '../../src/model/centeredKernel';

const width = 37;
const rowCount = 3000;
const rng = createRng(21);
const usual = Array.from({ length: width }, (_, c) => (c % 4 === 0 ? 0 : rng.normal()));
const matrix = Float32Array.from({ length: rowCount * width }, (_, i) =>
  rng.next() < 0.15 ? rng.normal() : (usual[i % width] ?? 0),
);
const rows = centerRows(matrix, width, frequentColumnValues(matrix, width));
// A shuffled batch with a repeated row, over more rows than the kernel's first memory page holds.
const batch = Array.from({ length: 2500 }, () => rng.int(rowCount));

describe('the WebAssembly kernel for sparse training products', () => {
  // 24 units fill SIMD lanes exactly; 10 leave two lanes of padding; 32 are the most summed in
  // registers; 33 and 40 are summed in memory.
  it.each([24, 10, 32, 33, 40])('gives core’s products with %i units', (units) => {
    const wasm = createCenteredKernel(rows);
    const js = createCenteredKernel(rows, 'javascript');
    expect(wasm.name).toBe('wasm-simd');
    expect(js.name).toBe('javascript');
    const kernel = Float32Array.from({ length: width * units }, () => rng.normal());
    const [start, end] = [17, 2431];
    const a = new Float32Array((end - start) * units);
    const b = new Float32Array((end - start) * units);
    wasm.product(batch, start, end, kernel, units, a);
    js.product(batch, start, end, kernel, units, b);
    a.forEach((value, i) => {
      expect(value).toBeCloseTo(b[i] ?? Number.NaN, 4);
    });
    const upstream = Float32Array.from({ length: (end - start) * units }, () => rng.normal());
    const ga = new Float32Array(width * units);
    const gb = new Float32Array(width * units);
    wasm.transposeProduct(batch, start, end, upstream, units, ga);
    js.transposeProduct(batch, start, end, upstream, units, gb);
    ga.forEach((value, i) => {
      expect(value).toBeCloseTo(gb[i] ?? Number.NaN, 2);
    });
    // A second call starts from zeros again.
    wasm.transposeProduct(batch, start, end, upstream, units, ga);
    ga.forEach((value, i) => {
      expect(value).toBeCloseTo(gb[i] ?? Number.NaN, 2);
    });
  });
});
