/**
 * One number per row of a row-major float32 matrix, from a function of the row's values: how the
 * tree members' logits are read off an encoded matrix.
 */

/**
 * `valueOfRow(valueAt)` for each row of `matrix` (width values a row), `valueAt(column)` reading
 * that row; `rows` picks and orders them (all rows when absent). An empty matrix or row list gives
 * an empty array; a column beyond the width reads as 0.
 */
export function mapMatrixRows(
  matrix: Float32Array,
  width: number,
  rows: ArrayLike<number> | undefined,
  valueOfRow: (valueAt: (column: number) => number) => number,
): Float64Array {
  const count =
    rows === undefined ? (width > 0 ? Math.floor(matrix.length / width) : 0) : rows.length;
  const out = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const row = rows === undefined ? i : (rows[i] ?? 0);
    const base = row * width;
    out[i] = valueOfRow((column) => (column < width ? (matrix[base + column] ?? 0) : 0));
  }
  return out;
}
