/** Tables for specifications, built from CSV lines the way the CLIs read files. */
import { parseCsv } from '../../src/core/csv';
import { ColumnarTableBuilder, type ColumnarTable } from '../../src/core/table';
import { valueOf } from './results';

/** A table of CSV lines (header first) whose ID column is "ID"; throws on a bad header. */
export function tableOf(lines: readonly string[]): ColumnarTable {
  const [header, ...records] = parseCsv(lines.join('\n'));
  const builder = valueOf(ColumnarTableBuilder.create(header?.fields ?? [], { idColumn: 'ID' }));
  for (const r of records) builder.add(r.fields, r.line);
  return builder.build();
}
