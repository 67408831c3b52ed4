/**
 * How a scoring engine reads one input cell of a customer file, and what it names while doing so.
 * Every reader of customer cells (core's encoder, the raw-column reader of the ONNX engine, the
 * snapshot CLI) goes through these functions, so that Node and the browser accept, refuse and warn
 * about the same cells.
 *
 * A cell that cannot be read refuses the row (`not-a-number`). A cell that can be read but looks
 * wrong is scored and named as a warning:
 * - `blank-cell`: nothing in it, in a column that had no missing cell in training; it is read as a
 *   missing value. A blank in a column that had some is what the model expects, and is not named;
 * - `non-finite`: a number too large for float64 ("1e400"); it is read as ±Number.MAX_VALUE, which
 *   the encoder clips like any huge value;
 * - `out-of-range`: beyond the column's training range by more than the range's own width, on the
 *   scale the model reads the column (after signed log1p for skewed columns). So a column trained
 *   on 0…1,000 (log scale 0…6.9) warns above e^13.8 − 1 ≈ 1 million, and an age trained on 5…105
 *   warns above 205 and below −95. The value is scored as it is, clipped by the encoder;
 * - `date-out-of-range`: the same for a date column, named as dates.
 */
import {
  isMissingCell,
  overflowOfCell,
  parseDateCell,
  parseNumberCell,
  referenceDayOf,
  FIRST_DAY,
  LAST_DAY,
  type DateFormat,
  type OnValueWarning,
  type ValueWarning,
} from '../records';
import type { NumericFeature, PreprocessSpec } from './spec';
import { signedLog1p } from '../stats';

/** What a numeric column accepts without a word, raw units; ±Infinity when the spec has no range. */
export interface NumericCellRule {
  readonly column: string;
  readonly low: number;
  readonly high: number;
  /** Raw values that mean "missing" (never out of range). */
  readonly sentinels: readonly number[];
  /** Whether training had missing cells in the column: a blank one is then not named. */
  readonly blankSeen: boolean;
  /** A date column: cells are dates in `format`, read as the days from them to `referenceDay`. */
  readonly date?: { readonly format: DateFormat; readonly referenceDay: number };
}

function inverseSignedLog1p(t: number): number {
  return t < 0 ? -Math.expm1(-t) : Math.expm1(t);
}

/**
 * The plausible range of a numeric column: its training range [min, max] widened on each side by
 * its own width, on the column's transformed scale, brought back to raw units. A zero-width range
 * is widened by 1 on that scale. Without a recorded range, everything is plausible (±Infinity).
 */
export function plausibleRange(
  feature: Pick<NumericFeature, 'transform'>,
  range: readonly [number, number] | undefined,
): { low: number; high: number } {
  if (range === undefined) return { low: -Infinity, high: Infinity };
  const log = feature.transform === 'signed-log1p';
  const to = log ? signedLog1p : (x: number) => x;
  const back = log ? inverseSignedLog1p : (x: number) => x;
  const lo = to(range[0]);
  const hi = to(range[1]);
  const margin = hi > lo ? hi - lo : 1;
  return { low: back(lo - margin), high: back(hi + margin) };
}

/**
 * The rule of a numeric input column of a spec. A column without a numeric feature of its own
 * (read only by the zero count), or a spec without recorded ranges, accepts any finite value.
 */
export function numericCellRule(spec: PreprocessSpec, column: string): NumericCellRule {
  const feature = spec.features.find(
    (f): f is NumericFeature => f.kind === 'numeric' && f.column === column,
  );
  const blankSeen = blankSeenIn(spec, column);
  if (feature === undefined) {
    return { column, low: -Infinity, high: Infinity, sentinels: [], blankSeen };
  }
  const { low, high } = plausibleRange(feature, spec.valueRanges?.[column]);
  const dateRule = spec.inputColumns.find((c) => c.name === column)?.date;
  const referenceDay = dateRule === undefined ? undefined : referenceDayOf(dateRule);
  if (dateRule === undefined || referenceDay === undefined) {
    return { column, low, high, sentinels: feature.sentinels, blankSeen };
  }
  return {
    column,
    low,
    high,
    sentinels: feature.sentinels,
    blankSeen,
    date: { format: dateRule.format, referenceDay },
  };
}

/**
 * Reads a numeric input cell by its column's rule: the number (for a date column, the days from
 * the date to the reference day), NaN for a missing cell, or undefined when the text is not a
 * number, or not a date in a date column's format (the caller refuses the row). Warnings (blank,
 * non-finite, out of range) go to `warn` when given; the value read is the same either way.
 */
export function readNumericInput(
  text: string,
  decimalComma: boolean,
  rule: NumericCellRule,
  warn?: OnValueWarning,
): number | undefined {
  const value =
    rule.date === undefined ? parseNumberCell(text, decimalComma) : daysBefore(text, rule.date);
  if (value === null) {
    if (warn !== undefined && !rule.blankSeen && text.trim() === '') {
      warn({ code: 'blank-cell', column: rule.column });
    }
    return Number.NaN;
  }
  if (value === undefined) {
    if (rule.date !== undefined) return undefined;
    const overflow = overflowOfCell(text, decimalComma);
    if (overflow === undefined) return undefined;
    warn?.({ code: 'non-finite', column: rule.column, text: text.trim() });
    return overflow;
  }
  if (
    warn !== undefined &&
    (value < rule.low || value > rule.high) &&
    !rule.sentinels.includes(value)
  ) {
    warn(outOfRange(rule, value));
  }
  return value;
}

/**
 * The warning of a value beyond its column's plausible range; a date column's names the date and
 * the plausible dates (the range's days counted back from the reference, kept within the years
 * 1000…9999).
 */
function outOfRange(rule: NumericCellRule, value: number): ValueWarning {
  const { column, low, high, date } = rule;
  if (date === undefined) return { code: 'out-of-range', column, value, low, high };
  const within = (day: number) => Math.min(LAST_DAY, Math.max(FIRST_DAY, Math.round(day)));
  return {
    code: 'date-out-of-range',
    column,
    date: date.referenceDay - value,
    first: within(date.referenceDay - high),
    last: within(date.referenceDay - low),
    format: date.format,
  };
}

/** A date cell's days to the reference day (negative after it), null when missing, undefined when no date. */
function daysBefore(
  text: string,
  date: NonNullable<NumericCellRule['date']>,
): number | null | undefined {
  const day = parseDateCell(text, date.format);
  return day === null || day === undefined ? day : date.referenceDay - day;
}

/** What a text input column accepts without a word. */
export interface TextCellRule {
  readonly column: string;
  /** Whether training had missing cells in the column: a blank one is then not named. */
  readonly blankSeen: boolean;
}

/** The rule of a text input column of a spec (a blank cell is named unless training had some). */
export function textCellRule(spec: PreprocessSpec, column: string): TextCellRule {
  return { column, blankSeen: blankSeenIn(spec, column) };
}

/** Whether the spec records missing training cells in the column (false for specs without it). */
function blankSeenIn(spec: PreprocessSpec, column: string): boolean {
  return spec.blankColumns?.includes(column) ?? false;
}

/**
 * Warns about a blank text input cell (a missing category) in a column that had no missing cell
 * in training. Never fails.
 */
export function checkTextInput(text: string, rule: TextCellRule, warn?: OnValueWarning): void {
  if (warn !== undefined && !rule.blankSeen && isMissingCell(text) && text.trim() === '') {
    warn({ code: 'blank-cell', column: rule.column });
  }
}
