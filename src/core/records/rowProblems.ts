/**
 * Why a row of a customer file is not scored, as a code with parameters. Core's readers and
 * checks produce them; each interface words them in its own language: `describeRowProblem` is
 * the English of the CLIs and of logs, the app words the same codes in Portuguese and English.
 */
import type { CustomerIdProblem, RowIdProblem } from './customerId';
import { formatDate, type DateFormat } from './dateCells';

/** A cell that was read and scored but looks wrong (see cellRules.ts). */
export type ValueWarning =
  | { readonly code: 'blank-cell'; readonly column: string }
  | { readonly code: 'non-finite'; readonly column: string; readonly text: string }
  | {
      readonly code: 'out-of-range';
      readonly column: string;
      readonly value: number;
      /** The plausible range of the column, raw units. */
      readonly low: number;
      readonly high: number;
    }
  /** A date column's date far outside the training dates (day numbers, see dateCells.ts). */
  | {
      readonly code: 'date-out-of-range';
      readonly column: string;
      readonly date: number;
      /** The plausible dates, first and last included, within years 1000…9999. */
      readonly first: number;
      readonly last: number;
      readonly format: DateFormat;
    };

/** Receives the warnings of the cells a reader reads. */
export type OnValueWarning = (warning: ValueWarning) => void;

/** Why a row is not scored. */
export type RowRefusal =
  | RowIdProblem
  | { readonly code: 'field-count'; readonly found: number; readonly expected: number }
  | { readonly code: 'not-a-number'; readonly column: string; readonly text: string }
  /**
   * A date column's cell that is no date in the column's format; `noSuchDay` when it is written
   * in that format but the day does not exist (31/02/2016).
   */
  | {
      readonly code: 'not-a-date';
      readonly column: string;
      readonly text: string;
      readonly format: DateFormat;
      readonly noSuchDay: boolean;
    }
  /** A training row whose target is blank. */
  | { readonly code: 'blank-target'; readonly column: string };

/** A refusal (the row is skipped) or a warning (the row is scored, and the cell named). */
export type RowProblem = RowRefusal | ValueWarning;

const WARNING_CODES: ReadonlySet<RowProblem['code']> = new Set([
  'blank-cell',
  'non-finite',
  'out-of-range',
  'date-out-of-range',
]);

/** True when the row was scored and the problem only names a cell that looks wrong. */
export function isWarning(problem: RowProblem): problem is ValueWarning {
  return WARNING_CODES.has(problem.code);
}

/**
 * A number as problems show it, in a locale (BCP 47, default English): six significant digits,
 * or three in scientific notation when it is beyond 1e9 or below 1e-4 in size. ±Infinity and NaN
 * come out as Intl words them.
 */
export function shownNumber(value: number, locale = 'en'): string {
  const scientific = Math.abs(value) >= 1e9 || (value !== 0 && Math.abs(value) < 1e-4);
  return new Intl.NumberFormat(locale, {
    maximumSignificantDigits: scientific ? 3 : 6,
    notation: scientific ? 'scientific' : 'standard',
  }).format(value);
}

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
    case 'not-a-date':
      return problem.noSuchDay
        ? `"${shownText(problem.text)}" is no day of the calendar (written ${problem.format})`
        : `"${shownText(problem.text)}" is not a date written ${problem.format}`;
    case 'blank-target':
      return 'the target is blank';
    case 'blank-cell':
      return 'blank, though this column had no missing cell in training: scored as a missing value';
    case 'non-finite':
      return `"${shownText(problem.text)}" is too large for a number: scored as the largest one`;
    case 'out-of-range':
      return `${shownNumber(problem.value)} is far outside the training range (plausible: ${shownNumber(problem.low)} to ${shownNumber(problem.high)}): scored clipped`;
    case 'date-out-of-range':
      return `${formatDate(problem.date, problem.format)} is far outside the training dates (plausible: ${formatDate(problem.first, problem.format)} to ${formatDate(problem.last, problem.format)}): scored clipped`;
  }
}

/** A row problem as a row issue: where it is, its English reason and its code. */
export function rowIssue(
  row: number,
  line: number,
  id: string,
  column: string | null,
  problem: RowProblem,
): {
  row: number;
  line: number;
  id: string;
  column: string | null;
  reason: string;
  problem: RowProblem;
} {
  return { row, line, id, column, reason: describeRowProblem(problem), problem };
}
