/**
 * Date cells: the formats a churn file writes its dates in, how a column's format is recognised,
 * and a date as a whole day number. A model reads a date column as the number of days from the
 * date to a reference date (the training file's latest), so dates before it are positive. The
 * Python loader of the MLflow model (training/exports/mlflow/retem_pyfunc.py) reads dates with
 * the same formats and arithmetic.
 */
import { isMissingCell } from './cells';

/** The date formats Retém reads; a time after the date ("2016-01-31 14:05:00") is ignored. */
export const DATE_FORMATS = [
  'yyyy-mm-dd',
  'yyyy/mm/dd',
  'dd/mm/yyyy',
  'mm/dd/yyyy',
  'dd-mm-yyyy',
  'dd.mm.yyyy',
] as const;

export type DateFormat = (typeof DATE_FORMATS)[number];

/** How a model reads a date column: its format, and the day its values count back from. */
export interface DateRule {
  readonly format: DateFormat;
  /** The reference date, as yyyy-mm-dd. */
  readonly reference: string;
}

// Year, month, day positions of each format's three numbers, and its separator.
const LAYOUT: Record<DateFormat, { sep: string; y: number; m: number; d: number }> = {
  'yyyy-mm-dd': { sep: '-', y: 0, m: 1, d: 2 },
  'yyyy/mm/dd': { sep: '/', y: 0, m: 1, d: 2 },
  'dd/mm/yyyy': { sep: '/', y: 2, m: 1, d: 0 },
  'mm/dd/yyyy': { sep: '/', y: 2, m: 0, d: 1 },
  'dd-mm-yyyy': { sep: '-', y: 2, m: 1, d: 0 },
  'dd.mm.yyyy': { sep: '.', y: 2, m: 1, d: 0 },
};

// A date's three numbers (year four digits, day and month one or two), then an optional time.
const DATE_SHAPE =
  /^(\d{1,4})([-/.])(\d{1,2})\2(\d{1,4})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * Days from 1970-01-01 to a calendar date (negative before it); undefined when the date does not
 * exist (month 13, 31 April, 29 February of a common year) or the year is not 1000…9999.
 */
export function dayNumberOf(year: number, month: number, day: number): number | undefined {
  if (year < 1000 || year > 9999 || month < 1 || month > 12 || day < 1) return undefined;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const lengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  if (day > (lengths[month - 1] ?? 0)) return undefined;
  return Date.UTC(year, month - 1, day) / 86_400_000;
}

/**
 * Reads a date cell in `format`: its day number (days from 1970-01-01), null for a missing cell
 * (blank or a missing token), undefined when the text is not a date in that format.
 */
export function parseDateCell(text: string, format: DateFormat): number | null | undefined {
  if (isMissingCell(text)) return null;
  const match = DATE_SHAPE.exec(text.trim());
  if (match === null) return undefined;
  const layout = LAYOUT[format];
  if (match[2] !== layout.sep) return undefined;
  const parts = [match[1] ?? '', match[3] ?? '', match[4] ?? ''];
  const yearText = parts[layout.y] ?? '';
  if (yearText.length !== 4) return undefined;
  return dayNumberOf(Number(yearText), Number(parts[layout.m]), Number(parts[layout.d]));
}

/**
 * Whether a cell that is no date in `format` is yet written in it: the format's separator, a
 * four-digit year in its place, but a day that does not exist in it nor in any other format
 * (31/02/2016, 31/13/2016). False for any other text, including a date of another format
 * (12/31/2016 in a dd/mm/yyyy column, 2016-01-31).
 */
export function isNoSuchDay(text: string, format: DateFormat): boolean {
  const match = DATE_SHAPE.exec(text.trim());
  if (match === null) return false;
  const layout = LAYOUT[format];
  const parts = [match[1] ?? '', match[3] ?? '', match[4] ?? ''];
  return (
    match[2] === layout.sep &&
    (parts[layout.y] ?? '').length === 4 &&
    DATE_FORMATS.every((other) => parseDateCell(text, other) === undefined)
  );
}

/**
 * A day number as yyyy-mm-dd. Outside years 1000…9999 it gives what Date gives; NaN or a day
 * beyond ±100,000,000 throws a RangeError (callers keep to the years Retém reads).
 */
export function dateTextOf(dayNumber: number): string {
  return new Date(dayNumber * 86_400_000).toISOString().slice(0, 10);
}

/** The day numbers of 1000-01-01 and 9999-12-31: the dates Retém reads. */
export const FIRST_DAY = -354_285;
export const LAST_DAY = 2_932_896;

/** A day number written in `format` ("31/01/2016" for dd/mm/yyyy); years 1000…9999 (see dateTextOf). */
export function formatDate(dayNumber: number, format: DateFormat): string {
  const [year = '', month = '', day = ''] = dateTextOf(dayNumber).split('-');
  const layout = LAYOUT[format];
  const parts: string[] = [];
  parts[layout.y] = year;
  parts[layout.m] = month;
  parts[layout.d] = day;
  return parts.join(layout.sep);
}

/**
 * The date a date column's value stands for (the days from it to the rule's reference), written in
 * the rule's format; null for a missing (NaN) value or a rule whose reference is no date.
 */
export function dateOfValue(value: number, rule: DateRule): string | null {
  const reference = referenceDayOf(rule);
  if (Number.isNaN(value) || reference === undefined) return null;
  return formatDate(reference - Math.round(value), rule.format);
}

/** The day number of a yyyy-mm-dd text (a rule's reference); undefined when it is not one. */
export function referenceDayOf(rule: DateRule): number | undefined {
  return parseDateCell(rule.reference, 'yyyy-mm-dd') ?? undefined;
}

/**
 * The format of a column of text cells, or null when it is not a date column: the first format
 * (in DATE_FORMATS order, so day before month where both read) in which every non-missing cell
 * but at most `strayShare` of them is a date. A column with no non-missing cell is not a date
 * column.
 */
export function dateFormatOf(cells: Iterable<string>, strayShare = 0.02): DateFormat | null {
  const misses = new Map<DateFormat, number>(DATE_FORMATS.map((f) => [f, 0]));
  let present = 0;
  for (const cell of cells) {
    if (isMissingCell(cell)) continue;
    present++;
    for (const format of DATE_FORMATS) {
      if (parseDateCell(cell, format) === undefined)
        misses.set(format, (misses.get(format) ?? 0) + 1);
    }
  }
  if (present === 0) return null;
  return DATE_FORMATS.find((format) => (misses.get(format) ?? 0) <= strayShare * present) ?? null;
}
