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
  const trimmed = text.trim();
  if (MISSING_TOKENS.has(trimmed.toLowerCase())) return null;
  let normalized = trimmed;
  if (decimalComma && trimmed.includes(',')) {
    if (trimmed.indexOf(',') !== trimmed.lastIndexOf(',')) return undefined;
    normalized = trimmed.replaceAll('.', '').replace(',', '.');
  }
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(normalized)) return undefined;
  const value = Number(normalized);
  return Number.isFinite(value) ? value : undefined;
}
