/**
 * A matrix as sparse deviations from a centre per column: its products with a layer's kernel and
 * with an upstream gradient are the dense products, whatever the centre.
 */
import { describe, expect, it } from 'vitest';
import {
  centeredProduct,
  centeredTransposeProduct,
  centerRows,
  frequentColumnValues,
} from '../../src/core/scoring/centeredRows';
import { createRng } from '../../src/core/rng';

/** rows × width, most cells one value per column (as encoded customers are), some rows blank. */
function encodedLike(rows: number, width: number, seed: number): Float32Array {
  const rng = createRng(seed);
  const usual = Array.from({ length: width }, (_, c) => (c % 3 === 0 ? 0 : rng.normal()));
  return Float32Array.from({ length: rows * width }, (_, i) =>
    rng.next() < 0.2 ? rng.normal() : (usual[i % width] ?? 0),
  );
}

/** The dense products, in float64, by definition. */
function denseProduct(
  x: Float32Array,
  rows: number[],
  width: number,
  w: Float32Array,
  units: number,
) {
  return rows.flatMap((r) =>
    Array.from({ length: units }, (_, u) => {
      let sum = 0;
      for (let c = 0; c < width; c++) sum += (x[r * width + c] ?? 0) * (w[c * units + u] ?? 0);
      return sum;
    }),
  );
}
function denseTransposeProduct(
  x: Float32Array,
  rows: number[],
  width: number,
  dy: Float32Array,
  units: number,
) {
  return Array.from({ length: width * units }, (_, k) => {
    const c = Math.floor(k / units);
    const u = k % units;
    let sum = 0;
    rows.forEach((r, i) => (sum += (x[r * width + c] ?? 0) * (dy[i * units + u] ?? 0)));
    return sum;
  });
}

describe('a matrix centred on each column’s most frequent value', () => {
  const width = 23;
  const units = 7;
  const matrix = encodedLike(120, width, 3);
  const rng = createRng(9);
  const kernel = Float32Array.from({ length: width * units }, () => rng.normal());
  const batch = [5, 0, 119, 42, 42, 7, 88];
  const upstream = Float32Array.from({ length: batch.length * units }, () => rng.normal());

  it('keeps only the cells that differ from their column’s usual value', () => {
    const centre = frequentColumnValues(matrix, width);
    const rows = centerRows(matrix, width, centre);
    let differing = 0;
    for (let i = 0; i < matrix.length; i++) if (matrix[i] !== centre[i % width]) differing++;
    expect(rows.column.length).toBe(differing);
    // About a fifth of the cells were drawn apart from the usual value.
    expect(differing / matrix.length).toBeGreaterThan(0.15);
    expect(differing / matrix.length).toBeLessThan(0.25);
    expect(centre[0]).toBe(0);
  });

  it.each([
    ['the most frequent values', frequentColumnValues(matrix, width)],
    ['zeros', new Float32Array(width)],
    ['arbitrary values', Float32Array.from({ length: width }, (_, c) => c / 3 - 2)],
  ])('multiplies as the dense matrix does, centred on %s', (_, centre) => {
    const rows = centerRows(matrix, width, centre);
    const out = new Float32Array(batch.length * units);
    centeredProduct(rows, batch, 0, batch.length, kernel, units, out);
    const expected = denseProduct(matrix, batch, width, kernel, units);
    out.forEach((value, i) => {
      expect(value).toBeCloseTo(expected[i] ?? Number.NaN, 4);
    });
    const grad = new Float32Array(width * units);
    centeredTransposeProduct(rows, batch, 0, batch.length, upstream, units, grad);
    const expectedGrad = denseTransposeProduct(matrix, batch, width, upstream, units);
    grad.forEach((value, i) => {
      expect(value).toBeCloseTo(expectedGrad[i] ?? Number.NaN, 4);
    });
  });

  it('reads only the batch range it is given', () => {
    const rows = centerRows(matrix, width, frequentColumnValues(matrix, width));
    const out = new Float32Array(2 * units);
    centeredProduct(rows, batch, 3, 5, kernel, units, out);
    const expected = denseProduct(matrix, [42, 42], width, kernel, units);
    out.forEach((value, i) => {
      expect(value).toBeCloseTo(expected[i] ?? Number.NaN, 4);
    });
  });

  it('has no rows for an empty matrix, and an empty range gives a zero gradient', () => {
    expect(frequentColumnValues(new Float32Array(0), 4)).toEqual(new Float32Array(4));
    const empty = centerRows(new Float32Array(0), 4, new Float32Array(4));
    expect(Array.from(empty.rowStart)).toEqual([0]);
    const rows = centerRows(matrix, width, frequentColumnValues(matrix, width));
    const grad = new Float32Array(width * units).fill(9);
    centeredTransposeProduct(rows, batch, 2, 2, upstream, units, grad);
    expect(grad.every((value) => value === 0)).toBe(true);
    expect(() => centerRows(matrix, width, new Float32Array(3))).toThrow(RangeError);
  });
});
