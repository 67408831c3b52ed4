/**
 * A data dictionary: readable labels for a file's columns ("tenure" → "Meses como cliente"), read
 * from a two-column CSV (`column,label`) that the analyst writes. The app shows a column's label
 * where one is given, and its name otherwise.
 */
import { parseCsv } from './csv';
import { columnIndex } from './columnNames';

/** Why a line of the dictionary was not taken. */
export type ColumnLabelProblem =
  | { readonly code: 'labels-header'; readonly line: 1 }
  | { readonly code: 'unknown-column'; readonly line: number; readonly column: string }
  | { readonly code: 'no-label'; readonly line: number; readonly column: string }
  | { readonly code: 'repeated-column'; readonly line: number; readonly column: string };

/**
 * The labels of a dictionary's text for the given columns (names as the data file's header has
 * them), with each line not taken and why: a header other than `column,label` (in any case) takes
 * nothing; a column the data lacks, a blank label or a column given twice (the first label stays)
 * is skipped. Labels are trimmed. Empty text gives no labels and the header problem.
 */
export function readColumnLabels(
  text: string,
  columns: readonly string[],
): { labels: Record<string, string>; problems: ColumnLabelProblem[] } {
  const records = parseCsv(text.replace(/^\ufeff/, ''));
  const [header, ...rows] = records;
  const names = (header?.fields ?? []).map((f) => f.trim().toLowerCase());
  if (names[0] !== 'column' || names[1] !== 'label') {
    return { labels: {}, problems: [{ code: 'labels-header', line: 1 }] };
  }
  const labels: Record<string, string> = {};
  const problems: ColumnLabelProblem[] = [];
  for (const row of rows) {
    const given = (row.fields[0] ?? '').trim();
    const label = (row.fields[1] ?? '').trim();
    const at = columnIndex(columns, given);
    const column = columns[at];
    if (column === undefined)
      problems.push({ code: 'unknown-column', line: row.line, column: given });
    else if (label === '') problems.push({ code: 'no-label', line: row.line, column });
    else if (column in labels) problems.push({ code: 'repeated-column', line: row.line, column });
    else labels[column] = label;
  }
  return { labels, problems };
}

/** The English reason for a dictionary problem, for the CLIs. Never fails. */
export function describeColumnLabelProblem(problem: ColumnLabelProblem): string {
  switch (problem.code) {
    case 'labels-header':
      return 'line 1: the header must be "column,label"';
    case 'unknown-column':
      return `line ${problem.line}: the data has no column "${problem.column}"`;
    case 'no-label':
      return `line ${problem.line}: the column "${problem.column}" has no label`;
    case 'repeated-column':
      return `line ${problem.line}: the column "${problem.column}" is given twice; the first label stays`;
  }
}
