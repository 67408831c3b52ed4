/**
 * The contact list as a spreadsheet opens it: for a call centre, not for a machine. One row per
 * customer to contact, in order, with their position, ID, churn probability in %, expected R$ of
 * the contact and, when known, the main reason; written in a locale's conventions (Brazil: `;`
 * between columns, decimal commas), with a UTF-8 byte order mark so that Excel reads accents.
 * The words (headers) come from the interface; the format lives here once.
 */
import { csvField, type CsvDelimiter } from '../records';

/** A spreadsheet's separators: Brazil's `;` and `,`, or `,` and `.` elsewhere. */
export interface SheetConvention {
  readonly separator: CsvDelimiter;
  readonly decimalMark: ',' | '.';
}

export const BRAZILIAN_SHEET: SheetConvention = { separator: ';', decimalMark: ',' };
export const ENGLISH_SHEET: SheetConvention = { separator: ',', decimalMark: '.' };

/** The byte order mark that tells a spreadsheet the file is UTF-8. */
export const UTF8_BOM = '\uFEFF';

/** One customer to contact. */
export interface ContactSheetRow {
  /** The ID as the portfolio writes it. */
  readonly id: string;
  /** Churn probability in [0, 1]. */
  readonly probability: number;
  /** Expected R$ of contacting the customer. */
  readonly expectedValue: number;
  /** The customer's own value (R$) when the portfolio has one; absent or NaN otherwise. */
  readonly value?: number;
  /** The main reason's readable name, or null when none was computed. */
  readonly reason: string | null;
}

/** The sheet's header words, in the interface's language. */
export interface ContactSheetHeader {
  readonly position: string;
  readonly id: string;
  /** The probability column, in % (for example "Probabilidade de saída (%)"). */
  readonly probability: string;
  /** The expected value column, in R$. */
  readonly expectedValue: string;
  /** The customer's own value column, in R$ (shown only when some row has a value). */
  readonly value: string;
  readonly reason: string;
}

/** A number with `digits` decimals and the convention's decimal mark; NaN gives an empty cell. */
function decimal(value: number, digits: number, convention: SheetConvention): string {
  if (!Number.isFinite(value)) return '';
  const text = value.toFixed(digits);
  return convention.decimalMark === ',' ? text.replace('.', ',') : text;
}

/**
 * The sheet's text: BOM, header, then one line per row in the given order (position from 1), lines
 * ending in CRLF as spreadsheets write them. Probability in % with 1 decimal, R$ with 2. The value
 * column (after the probability) and the reason column are left out when no row has one, so that
 * no column is the same on every row. No rows give the BOM and the header only.
 */
export function contactSheetText(
  rows: readonly ContactSheetRow[],
  header: ContactSheetHeader,
  convention: SheetConvention,
): string {
  const withReason = rows.some((row) => row.reason !== null);
  const withValue = rows.some((row) => Number.isFinite(row.value ?? Number.NaN));
  const field = (text: string) => csvField(text, convention.separator);
  const columns = [header.position, header.id, header.probability];
  if (withValue) columns.push(header.value);
  columns.push(header.expectedValue);
  if (withReason) columns.push(header.reason);
  const lines = [columns.map(field).join(convention.separator)];
  rows.forEach((row, i) => {
    const cells = [String(i + 1), field(row.id), decimal(100 * row.probability, 1, convention)];
    if (withValue) cells.push(decimal(row.value ?? Number.NaN, 2, convention));
    cells.push(decimal(row.expectedValue, 2, convention));
    if (withReason) cells.push(field(row.reason ?? ''));
    lines.push(cells.join(convention.separator));
  });
  return UTF8_BOM + lines.join('\r\n') + '\r\n';
}
