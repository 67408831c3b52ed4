/**
 * Each customer's value (R$), read from a column of their file that the analyst names: where it is
 * in the header, and what one of its cells says.
 */
import type { Result } from '../result';
import { parseNumberCell } from './cells';
import { closestColumnNames, columnIndex } from './columnNames';
import type { HeaderProblem } from './fileProblems';

/**
 * The index of `column` in a header, matched as columnIndex matches (surrounding spaces dropped,
 * case kept), or 'no-value-column' with the closest names when it is not there.
 */
export function valueColumnIndex(
  header: readonly string[],
  column: string,
): Result<number, HeaderProblem> {
  const index = columnIndex(header, column);
  if (index >= 0) return { ok: true, value: index };
  return {
    ok: false,
    problem: { code: 'no-value-column', column, closest: closestColumnNames(column, header) },
  };
}

/**
 * A value cell as R$: the number (decimal comma read with `decimalComma`), or NaN when the cell is
 * missing, blank, not a number, or absent (undefined): such a customer is worth the flat benefit.
 */
export function valueOfCell(text: string | undefined, decimalComma = false): number {
  if (text === undefined) return Number.NaN;
  const value = parseNumberCell(text, decimalComma);
  return typeof value === 'number' ? value : Number.NaN;
}
