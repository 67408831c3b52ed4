/**
 * Reading a decoded chunk's cells back: one customer's row as dense raw values, or one column for
 * every customer of the chunk.
 */
import type { SnapshotChunk } from './snapshot';

/** Writes row r's raw values into out (length = columns; zeros where no cell is stored). */
export function densifyRow(chunk: SnapshotChunk, row: number, out: Float64Array): Float64Array {
  out.fill(0);
  const end = chunk.rowStart[row + 1] ?? 0;
  for (let k = chunk.rowStart[row] ?? 0; k < end; k++)
    out[chunk.cellColumn[k] ?? 0] = chunk.cellValue[k] ?? 0;
  return out;
}

/**
 * One column's value for every customer of a chunk, written into `out` from `offset` on, in the
 * chunk's order: a cell the chunk does not store is 0 (cells are sparse), a missing one NaN. A
 * column index outside the chunk's columns writes 0s.
 */
export function chunkColumnValues(
  chunk: SnapshotChunk,
  column: number,
  out: Float64Array,
  offset: number,
): void {
  for (let row = 0; row < chunk.ids.length; row++) {
    let value = 0;
    const end = chunk.rowStart[row + 1] ?? 0;
    for (let k = chunk.rowStart[row] ?? 0; k < end; k++) {
      if (chunk.cellColumn[k] === column) {
        value = chunk.cellValue[k] ?? 0;
        break;
      }
    }
    out[offset + row] = value;
  }
}
