/**
 * Why a whole file is refused, as codes with parameters: its header cannot serve, or it is not text
 * at all. Core's readers produce them; `describeHeaderProblem` / `describeFileProblem` are the
 * English of the CLIs, the app words the same codes in Portuguese and English.
 */
export type HeaderProblem =
  | { readonly code: 'repeated-column'; readonly column: string }
  /** `closest`: the header's names nearest to the one asked for (closestColumnNames), maybe none. */
  | { readonly code: 'no-id-column'; readonly column: string; readonly closest: readonly string[] }
  | {
      readonly code: 'no-target-column';
      readonly column: string;
      readonly closest: readonly string[];
    }
  /** The column asked for as each customer's value (R$) is not in the header. */
  | {
      readonly code: 'no-value-column';
      readonly column: string;
      readonly closest: readonly string[];
    }
  /** A column the model reads as numbers holds text. */
  | { readonly code: 'column-kind'; readonly column: string }
  /** A column the model reads as text holds numbers (another model's portfolio, say). */
  | { readonly code: 'text-column'; readonly column: string }
  | {
      readonly code: 'missing-columns';
      /** The first five columns the file lacks. */
      readonly columns: readonly string[];
      /** How many it lacks in all. */
      readonly count: number;
    };

/** The header problem of a file that lacks columns a model reads (at most five named). */
export function missingColumns(names: readonly string[]): HeaderProblem {
  return { code: 'missing-columns', columns: names.slice(0, 5), count: names.length };
}

/** The English reason for a header problem. Never fails. */
export function describeHeaderProblem(problem: HeaderProblem): string {
  switch (problem.code) {
    case 'repeated-column':
      return `the header repeats the column "${problem.column}"`;
    case 'no-id-column':
      return `no ID column "${problem.column}" in the header${closestText(problem.closest)}`;
    case 'no-target-column':
      return `no target column "${problem.column}" in the header${closestText(problem.closest)}`;
    case 'no-value-column':
      return `no value column "${problem.column}" in the header${closestText(problem.closest)}`;
    case 'column-kind':
      return `the column "${problem.column}" should be numeric but holds text`;
    case 'text-column':
      return `the model reads the column "${problem.column}" as text, but it holds numbers`;
    case 'missing-columns':
      return `the file lacks ${problem.count} column(s) the model needs: ${problem.columns.join(', ')}${problem.count > problem.columns.length ? ', …' : ''}`;
  }
}

function closestText(closest: readonly string[]): string {
  return closest.length === 0
    ? ''
    : `; the closest names in it: ${closest.map((name) => `"${name}"`).join(', ')}`;
}

/**
 * A file refused before its header: binary content (a spreadsheet, an archive), nothing in it (not
 * even a header line), gzip that is damaged or cut short; or its header.
 */
export type FileProblem =
  | HeaderProblem
  | { readonly code: 'not-text' }
  | { readonly code: 'empty' }
  | { readonly code: 'corrupt-gzip' };

/** The English reason for a file problem. Never fails. */
export function describeFileProblem(problem: FileProblem): string {
  switch (problem.code) {
    case 'not-text':
      return 'is not a text file (a spreadsheet such as .xlsx, an archive or another binary file): save it as CSV (UTF-8 or UTF-16), gzip-compressed or not';
    case 'empty':
      return 'is empty: it has no header line';
    case 'corrupt-gzip':
      return 'is gzip-compressed but damaged or cut short: compress it again, or use it uncompressed';
    default:
      return describeHeaderProblem(problem);
  }
}
