/** Text cells that stand for a missing value, compared after trimming and lower-casing. */
const MISSING_TOKENS = new Set(['', 'na', 'n/a', 'nan', 'null', 'none', '?', '-']);

/** True when the cell is blank or a common missing-value token ("NA", "null", "?"…). */
export function isMissingCell(text: string): boolean {
  return MISSING_TOKENS.has(text.trim().toLowerCase());
}

/**
 * Reads a numeric cell. Returns the number, null for a missing cell, or undefined when the text is
 * not a number (a row-level problem for the caller to report). With decimalComma, "1,5" reads as
 * 1.5 (files saved by pt-BR spreadsheets with ';' separators). Infinity is not a number here.
 */
export function parseNumberCell(text: string, decimalComma = false): number | null | undefined {
  // Fast path for the common cell: plain digits, nothing to trim or translate.
  const first = text.charCodeAt(0);
  if (((first >= 48 && first <= 57) || first === 45) && !decimalComma && isDecimalNumber(text)) {
    const value = Number(text);
    return Number.isFinite(value) ? value : undefined;
  }
  const trimmed = text.trim();
  if (MISSING_TOKENS.has(trimmed.toLowerCase())) return null;
  const normalized = decimalNotation(trimmed, decimalComma);
  if (normalized === undefined) return undefined;
  const value = Number(normalized);
  return Number.isFinite(value) ? value : undefined;
}

/**
 * The value of a cell written in decimal notation that float64 cannot hold ("1e400", "-1e999"):
 * ±Number.MAX_VALUE. Undefined for any other cell, including ordinary numbers.
 */
export function overflowOfCell(text: string, decimalComma = false): number | undefined {
  const normalized = decimalNotation(text.trim(), decimalComma);
  if (normalized === undefined) return undefined;
  const value = Number(normalized);
  if (Number.isFinite(value)) return undefined;
  return value > 0 ? Number.MAX_VALUE : -Number.MAX_VALUE;
}

/** Trimmed text as plain decimal notation (a decimal comma made a point), or undefined. */
function decimalNotation(trimmed: string, decimalComma: boolean): string | undefined {
  let normalized = trimmed;
  if (decimalComma && trimmed.includes(',')) {
    if (trimmed.indexOf(',') !== trimmed.lastIndexOf(',')) return undefined;
    normalized = trimmed.replaceAll('.', '').replace(',', '.');
  }
  return isDecimalNumber(normalized) ? normalized : undefined;
}

/**
 * True for plain decimal notation: an optional sign, digits with at most one point (at least one
 * digit), and an optional exponent. A hand-written scan: it runs for every cell of every file.
 */
function isDecimalNumber(text: string): boolean {
  const n = text.length;
  let i = 0;
  let c = text.charCodeAt(0);
  if (c === 43 || c === 45) i++; // + -
  let digits = 0;
  let point = false;
  for (; i < n; i++) {
    c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
    else if (c === 46 && !point) point = true;
    else break;
  }
  if (digits === 0) return false;
  if (i === n) return true;
  if (c !== 101 && c !== 69) return false; // e E
  i++;
  c = text.charCodeAt(i);
  if (c === 43 || c === 45) i++;
  if (i >= n) return false;
  for (; i < n; i++) {
    c = text.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}
