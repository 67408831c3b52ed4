/** Tables for specifications, built from CSV lines the way the CLIs read files. */
import { parseCsv } from '../../src/core/records/csv';
import { ColumnarTableBuilder, type ColumnarTable } from '../../src/core/records/table';
import { valueOf } from './results';

/** A table of CSV lines (header first) whose ID column is idColumn; throws on a bad header. */
export function tableOf(lines: readonly string[], idColumn = 'ID'): ColumnarTable {
  const [header, ...records] = parseCsv(lines.join('\n'));
  const builder = valueOf(ColumnarTableBuilder.create(header?.fields ?? [], { idColumn }));
  for (const r of records) builder.add(r.fields, r.line);
  return builder.build();
}

/**
 * CSV lines (header first, plain comma-separated cells) with cells replaced: each edit names a
 * data row (1-based), a column of the header and the new text. Returns new lines.
 */
export function withCells(
  lines: readonly string[],
  edits: readonly (readonly [row: number, column: string, text: string])[],
): string[] {
  const names = (lines[0] ?? '').split(',');
  const edited = [...lines];
  for (const [row, column, text] of edits) {
    const fields = (edited[row] ?? '').split(',');
    fields[names.indexOf(column)] = text;
    edited[row] = fields.join(',');
  }
  return edited;
}
