/**
 * The value (R$) of each row the figures come from (the test rows, or every row out of fold), from
 * a numeric column of the training file, recorded in out-of-sample.json so that the app can compare
 * contacting by value with contacting by probability on rows scored out of sample.
 */
import {
  closestColumnNames,
  columnIndex,
  describeHeaderProblem,
  type ColumnarTable,
} from '../../../src/core/records';
import { DataFileError } from '../csvFile';

/**
 * The values of `column` at the test rows (table rows), null where a cell is missing. Throws
 * DataFileError when the table lacks the column (absent, or excluded) or holds text in it.
 */
export function outOfSampleValuesOf(
  table: ColumnarTable,
  column: string,
  test: ArrayLike<number>,
  dataPath: string,
): (number | null)[] {
  const names = table.columns.map((c) => c.name);
  const found = table.columns[columnIndex(names, column)];
  if (found === undefined) {
    if (columnIndex(table.excluded, column) >= 0) {
      throw new DataFileError(
        `${dataPath}: --value-column "${column}" is also excluded; the value must be a column the training reads`,
      );
    }
    throw new DataFileError(
      `${dataPath}: ${describeHeaderProblem({ code: 'no-value-column', column, closest: closestColumnNames(column, names) })}`,
    );
  }
  if (found.kind !== 'numeric') {
    throw new DataFileError(
      `${dataPath}: ${describeHeaderProblem({ code: 'column-kind', column: found.name })}`,
    );
  }
  return Array.from({ length: test.length }, (_, i) => {
    const value = found.values[test[i] ?? 0] ?? Number.NaN;
    return Number.isFinite(value) ? value : null;
  });
}
