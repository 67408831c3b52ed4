/**
 * Why a row of a customer file is not scored, as a code with parameters. Core's readers and
 * checks produce them; each interface words them in its own language: `describeRowProblem` is
 * the English of the CLIs and of logs, the app words the same codes in Portuguese and English.
 */
import type { CustomerIdProblem, RowIdProblem } from './customerId';

export type RowProblem =
  | RowIdProblem
  | { readonly code: 'field-count'; readonly found: number; readonly expected: number }
  | { readonly code: 'not-a-number'; readonly column: string; readonly text: string };

/** Cell text as problems show it: at most 40 characters, the rest cut with "…". */
export function shownText(text: string): string {
  return text.length > 40 ? text.slice(0, 37) + '…' : text;
}

const ID_KIND_WORDS: Record<CustomerIdProblem, string> = {
  empty: 'is empty',
  'not-a-number': 'is not a number',
  'not-whole': 'is not a whole number',
  negative: 'is negative',
  'too-large': 'is beyond 2^53, where IDs lose digits',
};

/** The English reason for a row problem. Never fails. */
export function describeRowProblem(problem: RowProblem): string {
  switch (problem.code) {
    case 'no-id':
      return 'no ID';
    case 'id-kind':
      return `the ID "${shownText(problem.id)}" ${ID_KIND_WORDS[problem.problem]}: this model's IDs are whole numbers ≥ 0`;
    case 'duplicate-id':
      return `the ID "${shownText(problem.id)}" appears again (first at row ${problem.firstRow})`;
    case 'field-count':
      return `has ${problem.found} fields where the header has ${problem.expected}`;
    case 'not-a-number':
      return `"${shownText(problem.text)}" is not a number`;
  }
}

/** A row problem as a row issue: where it is, its English reason and its code. */
export function rowIssue(
  row: number,
  line: number,
  column: string | null,
  problem: RowProblem,
): { row: number; line: number; column: string | null; reason: string; problem: RowProblem } {
  return { row, line, column, reason: describeRowProblem(problem), problem };
}
