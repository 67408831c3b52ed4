/** Builds twin customers straight into a table, without a file, for calibration and tests. */
import { ColumnarTableBuilder, type ColumnarTable } from '../../src/core/table';
import { twinCsvLines, type TwinStats } from '../../src/core/twin';

/** A labelled table of `rows` twin customers (seeded). */
export function twinTable(stats: TwinStats, rows: number, seed: number): ColumnarTable {
  const lines = twinCsvLines(stats, rows, seed, 1, true);
  const first = lines.next();
  const header = first.done === true ? [] : first.value.split(',');
  const builder = ColumnarTableBuilder.create(header, {
    idColumn: stats.idColumn,
    targetColumn: stats.targetColumn,
  });
  if ('reason' in builder) throw new Error(builder.reason);
  let line = 1;
  for (const text of lines) builder.add(text.split(','), ++line);
  return builder.build();
}
