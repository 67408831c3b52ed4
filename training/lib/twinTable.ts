/** Builds twin customers straight into a table, without a file, for calibration and tests. */
import {
  describeHeaderProblem,
  ColumnarTableBuilder,
  type ColumnarTable,
} from '../../src/core/records';
import { twinCsvLines, type TwinStats } from './twin';

/** A labelled table of `rows` twin customers (seeded). */
export function twinTable(stats: TwinStats, rows: number, seed: number): ColumnarTable {
  const lines = twinCsvLines(stats, rows, seed, 1, true);
  const first = lines.next();
  const header = first.done === true ? [] : first.value.split(',');
  const builder = ColumnarTableBuilder.create(header, {
    idColumn: stats.idColumn,
    targetColumn: stats.targetColumn,
  });
  if (!builder.ok) throw new Error(describeHeaderProblem(builder.problem));
  let line = 1;
  for (const text of lines) builder.value.add(text.split(','), ++line);
  return builder.value.build();
}
