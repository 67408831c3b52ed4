/**
 * The app's words in Portuguese (the default) and English, from the dictionaries in locales/, and
 * number formatting per language.
 */
import type { DecimalMark, DecimalTextProblem } from '../core/decimalText';
import {
  formatDate as dateIn,
  type DateFormat,
  type FileProblem,
  type RowProblem,
  shownNumber,
  shownText,
} from '../core/records';
import { en } from './locales/en';
import { pt, type MessageKey } from './locales/pt';

export type Language = 'pt-BR' | 'en';
export type { MessageKey };

const dictionaries: Record<Language, Record<MessageKey, string>> = { 'pt-BR': pt, en };

/** The message in a language, with {name} placeholders filled. */
export function translate(
  language: Language,
  key: MessageKey,
  params: Record<string, string | number> = {},
): string {
  return dictionaries[language][key].replace(/\{(\w+)\}/g, (_, name: string) =>
    String(params[name] ?? `{${name}}`),
  );
}

/**
 * Intl formatters are costly to build and the views format many numbers on every threshold
 * change: one formatter per language and options, built on first use.
 */
const numberFormats = new Map<string, Intl.NumberFormat>();
function numberFormat(language: Language, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${language} ${JSON.stringify(options)}`;
  let format = numberFormats.get(key);
  if (format === undefined) {
    format = new Intl.NumberFormat(language, options);
    numberFormats.set(key, format);
  }
  return format;
}
const dateFormats = new Map<Language, Intl.DateTimeFormat>();

/**
 * A creation time (ISO 8601) as a date and time: "06/12/2026, 02:09" in Portuguese, "Dec 6, 2026,
 * 2:09 AM" in English (the month named, since English readers split on the order of day and
 * month); the text itself if it is not one.
 */
export function formatDate(language: Language, iso: string): string {
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return iso;
  let format = dateFormats.get(language);
  if (format === undefined) {
    format = new Intl.DateTimeFormat(language, {
      dateStyle: language === 'en' ? 'medium' : 'short',
      timeStyle: 'short',
    });
    dateFormats.set(language, format);
  }
  return format.format(time);
}

/** A date format as the language writes it: "dd/mm/aaaa" in Portuguese, "dd/mm/yyyy" in English. */
export function dateFormatWords(format: DateFormat, language: Language): string {
  return language === 'pt-BR' ? format.replace('yyyy', 'aaaa') : format;
}

/** A yyyy-mm-dd day written out, e.g. "18 de março de 2016" or "March 18, 2016"; other text as it is. */
export function formatDay(language: Language, day: string): string {
  const time = Date.parse(`${day}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || Number.isNaN(time)) return day;
  return new Intl.DateTimeFormat(language, { dateStyle: 'long', timeZone: 'UTC' }).format(time);
}

/** R$ amounts, e.g. "R$ 1.234,56" in Portuguese and "R$1,234.56" in English. */
export function formatMoney(language: Language, value: number, digits = 0): string {
  return numberFormat(language, {
    style: 'currency',
    currency: 'BRL',
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(value);
}

export function formatNumber(language: Language, value: number, digits = 0): string {
  return numberFormat(language, {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(value);
}

/**
 * A cell's value as a file holds it: whole numbers without decimals (309.275), others with up to
 * four (0,161; 43,65).
 */
export function formatCellValue(language: Language, value: number): string {
  return numberFormat(language, {
    minimumFractionDigits: 0,
    maximumFractionDigits: Number.isInteger(value) ? 0 : 4,
  }).format(value);
}

export function formatPercent(language: Language, value: number, digits = 1): string {
  return Number.isFinite(value)
    ? numberFormat(language, {
        style: 'percent',
        minimumFractionDigits: digits,
        maximumFractionDigits: digits,
      }).format(value)
    : '—';
}

/**
 * `value` as a percentage with `digits` decimals, or with more (up to `most`) when at `digits` it
 * would read the same as `other` while differing from it: a probability beside the threshold it
 * is compared with must not look equal to it. Non-finite values give "—".
 */
export function formatPercentApart(
  language: Language,
  value: number,
  other: number,
  digits = 2,
  most = 6,
): string {
  const text = formatPercent(language, value, digits);
  if (value === other || !Number.isFinite(other)) return text;
  for (let more = digits; more <= most; more++) {
    const shown = formatPercent(language, value, more);
    if (shown !== formatPercent(language, other, more)) return shown;
  }
  return text;
}

/** A file's size for a person: "2,4 MB" in Portuguese, "2.4 MB" in English; bytes below 1 kB. */
export function formatBytes(language: Language, bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB'] as const;
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${formatNumber(language, value, unit === 0 ? 0 : 1)} ${units[unit] ?? 'B'}`;
}

/** The decimal mark a language types: ',' in Portuguese, '.' in English. */
export function decimalMarkOf(language: Language): DecimalMark {
  return language === 'pt-BR' ? ',' : '.';
}

/** A value as a box shows it for editing: the language's decimal mark, no grouping, ≤ digits. */
export function formatEditable(language: Language, value: number, digits: number): string {
  return numberFormat(language, { maximumFractionDigits: digits, useGrouping: false }).format(
    value,
  );
}

/**
 * Why a number box refused what was typed (core's DecimalTextProblem), in the view's language; a
 * cost box says that its amount is typed without a minus sign.
 */
export function numberProblemText(
  t: (key: MessageKey, params?: Record<string, string | number>) => string,
  problem: DecimalTextProblem,
  language: Language,
  typed: string,
  isCost = false,
): string {
  switch (problem.code) {
    case 'empty':
      return t('numberProblem_empty');
    case 'not-a-number':
      return t('numberProblem_not-a-number', { text: shownText(typed) });
    case 'not-whole':
      return t('numberProblem_not-whole');
    case 'below-minimum':
      return isCost && problem.minimum === 0
        ? t('numberProblem_positive')
        : t('numberProblem_below-minimum', { minimum: formatNumber(language, problem.minimum) });
    case 'above-maximum':
      return t('numberProblem_above-maximum', {
        maximum: formatEditable(language, problem.maximum, 6),
      });
  }
}

/** " Closest names in its header: "a", "b"." after a missing column, or nothing. */
function closestNames(
  t: (key: MessageKey, params?: Record<string, string | number>) => string,
  closest: readonly string[],
): string {
  return closest.length === 0
    ? ''
    : ` ${t('file_closest', { names: closest.map((name) => `"${name}"`).join(', ') })}`;
}

/** Why an uploaded file was refused as a whole (core's FileProblem), in the view's language. */
export function fileRefusal(
  t: (key: MessageKey, params?: Record<string, string | number>) => string,
  problem: FileProblem,
): string {
  switch (problem.code) {
    case 'not-text':
      return t('file_not-text');
    case 'empty':
      return t('file_empty');
    case 'corrupt-gzip':
      return t('file_corrupt-gzip');
    case 'repeated-column':
      return t('file_repeated-column', { column: problem.column });
    case 'no-id-column':
      return t('file_no-id-column', { column: problem.column }) + closestNames(t, problem.closest);
    case 'no-target-column':
      return (
        t('file_no-target-column', { column: problem.column }) + closestNames(t, problem.closest)
      );
    case 'no-value-column':
      return (
        t('file_no-value-column', { column: problem.column }) + closestNames(t, problem.closest)
      );
    case 'column-kind':
      return t('file_column-kind', { column: problem.column });
    case 'text-column':
      return t('file_text-column', { column: problem.column });
    case 'missing-columns':
      return t('file_missing-columns', {
        count: problem.count,
        columns: problem.columns.join(', ') + (problem.count > problem.columns.length ? ', …' : ''),
      });
  }
}

/** Why a row was not scored, or what looks wrong in a scored one (core's RowProblem). */
export function rowReason(
  t: (key: MessageKey, params?: Record<string, string | number>) => string,
  problem: RowProblem,
  language: Language,
): string {
  switch (problem.code) {
    case 'no-id':
      return t('rowId_no-id');
    case 'id-kind':
      return t('rowId_id-kind', {
        id: shownText(problem.id),
        problem: t(`idKind_${problem.problem}`),
      });
    case 'duplicate-id':
      return t('rowId_duplicate-id', { id: shownText(problem.id), firstRow: problem.firstRow });
    case 'field-count':
      return t('row_field-count', { found: problem.found, expected: problem.expected });
    case 'not-a-number':
      return t('row_not-a-number', { text: shownText(problem.text) });
    case 'not-a-date':
      return t(problem.noSuchDay ? 'row_no-such-day' : 'row_not-a-date', {
        text: shownText(problem.text),
        format: dateFormatWords(problem.format, language),
      });
    case 'blank-target':
      return t('row_blank-target');
    case 'blank-cell':
      return t('row_blank-cell');
    case 'non-finite':
      return t('row_non-finite', { text: shownText(problem.text) });
    case 'out-of-range':
      return t('row_out-of-range', {
        value: shownNumber(problem.value, language),
        low: shownNumber(problem.low, language),
        high: shownNumber(problem.high, language),
      });
    case 'date-out-of-range':
      return t('row_date-out-of-range', {
        date: dateIn(problem.date, problem.format),
        first: dateIn(problem.first, problem.format),
        last: dateIn(problem.last, problem.format),
      });
  }
}
