/**
 * The treatment stage: the preprocessing spec fitted on the development rows (it reads no
 * labels), and every row of the table encoded with it, dense and as centred sparse rows, in
 * memory the tower workers share.
 */
import { describeHeaderProblem, type ColumnarTable } from '../../../src/core/records';
import { encodeTable, fitPreprocess, type PreprocessSpec } from '../../../src/core/preprocess';
import { centerRows, frequentColumnValues, type CenteredRows } from '../../../src/core/scoring';
import { DataFileError } from '../csvFile';
import { toSharedCenteredRows, toSharedMatrix } from '../towers';
import type { CrossFitConfig } from './config';

export interface EncodedRows {
  readonly spec: PreprocessSpec;
  /** Every row of the table encoded with the spec (shared memory), rows × width. */
  readonly matrix: Float32Array;
  readonly width: number;
  /** The same rows as sparse rows around each column's most frequent value (towers, logistic). */
  readonly centered: CenteredRows;
}

/** Fits the spec on `development` and encodes all `rows` table rows; a header the spec cannot read throws DataFileError. */
export function encodeRows(
  table: ColumnarTable,
  rows: number,
  development: Uint32Array,
  config: Pick<CrossFitConfig, 'idColumn' | 'target' | 'preprocess'>,
): EncodedRows {
  const spec = fitPreprocess(table, development, config.idColumn, config.target, config.preprocess);
  const all = Uint32Array.from({ length: rows }, (_, i) => i);
  const encoded = encodeTable(spec, table, all);
  if (!encoded.ok) throw new DataFileError(describeHeaderProblem(encoded.problem));
  const width = spec.outputNames.length;
  const matrix = toSharedMatrix(encoded.value);
  const centered = toSharedCenteredRows(
    centerRows(matrix, width, frequentColumnValues(matrix, width)),
  );
  return { spec, matrix, width, centered };
}

/** Copies the given rows of a row-major matrix into a new one, in that order. */
export function selectRows(
  matrix: Float32Array,
  width: number,
  rows: ArrayLike<number>,
): Float32Array {
  const out = new Float32Array(rows.length * width);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] ?? 0;
    out.set(matrix.subarray(row * width, (row + 1) * width), i * width);
  }
  return out;
}
