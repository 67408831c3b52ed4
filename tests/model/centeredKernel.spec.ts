/**
 * The first layer's training products over sparse rows: the WebAssembly kernel gives core's
 * numbers, and as a TF.js op it has the dense layer's value and weight gradient.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { centerRows, frequentColumnValues } from '../../src/core/scoring/centeredRows';
import { createRng } from '../../src/core/rng';
import { centeredFirstProduct } from '../../src/model/centeredFirstProduct';
import { createCenteredKernel } from '../../src/model/centeredKernel';
import * as tf from '../../src/model/tf';
import { initTensorflow } from '../../training/lib/tfNode';

beforeAll(async () => {
  await initTensorflow();
});

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
  // 24 units fill SIMD lanes exactly; 10 leave two lanes of padding.
  it.each([24, 10])('gives core’s products with %i units', (units) => {
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

describe('the sparse first layer as a TF.js op', () => {
  it('has the dense product’s value and weight gradient', () => {
    const units = 6;
    const [start, end] = [100, 164];
    const picked = batch.slice(start, end);
    const x = tf.tensor2d(
      picked.flatMap((r) => Array.from(matrix.subarray(r * width, (r + 1) * width))),
      [picked.length, width],
    );
    const kernel = tf.randomNormal([width, units], 0, 1, 'float32', 5);
    const upstream = tf.randomNormal([picked.length, units], 0, 1, 'float32', 6);
    const sparse = centeredFirstProduct(
      createCenteredKernel(rows),
      width,
      batch,
      start,
      end,
      units,
    );
    const dense = (w: tf.Tensor) => tf.matMul(x, w);
    const value = sparse(kernel).arraySync() as number[][];
    const expected = dense(kernel).arraySync() as number[][];
    value.flat().forEach((v, i) => {
      expect(v).toBeCloseTo(expected.flat()[i] ?? Number.NaN, 4);
    });
    // The gradient of Σ upstream ⊙ (X·W) with respect to W is Xᵀ·upstream.
    const loss = (f: (w: tf.Tensor) => tf.Tensor) => (w: tf.Tensor) =>
      tf.sum(tf.mul(f(w), upstream));
    const grad = (tf.grad(loss(sparse))(kernel).arraySync() as number[][]).flat();
    const expectedGrad = (tf.grad(loss(dense))(kernel).arraySync() as number[][]).flat();
    grad.forEach((g, i) => {
      expect(g).toBeCloseTo(expectedGrad[i] ?? Number.NaN, 3);
    });
    expect(Math.max(...grad.map(Math.abs))).toBeGreaterThan(1);
  });
});
