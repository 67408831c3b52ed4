/**
 * How a customer held as numbers (a snapshot row) carries text: a text column's value is a code
 * into that column's texts, so that rows stay numeric arrays and each block of a snapshot stores
 * a text once.
 */

/**
 * Per column, the texts a text column's codes stand for: code k ≥ 1 is texts[column][k − 1];
 * null or absent for numeric columns.
 */
export type ColumnTexts = readonly (readonly string[] | null | undefined)[];

/**
 * The text that code `code` of column `column` stands for: null (missing) for 0, NaN, a code
 * beyond the column's texts, or no texts at all. Never throws.
 */
export function textOfCode(
  texts: ColumnTexts | undefined,
  column: number,
  code: number,
): string | null {
  if (!(code >= 1)) return null;
  return texts?.[column]?.[code - 1] ?? null;
}
