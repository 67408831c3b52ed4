/**
 * Reading a number an analyst typed in a box, in the interface's conventions: "150,50" and
 * "1.234,56" in Portuguese, "150.50" and "1,234.56" in English. The other separator is accepted
 * as the decimal mark when it cannot be a thousands separator ("0.12" in Portuguese, "0,12" in
 * English). Problems come back as codes for the interface to word.
 */
import { failure, success, type Result } from './result';

/** Why typed text is not a number the box can take. */
export type DecimalTextProblem =
  | { readonly code: 'empty' }
  | { readonly code: 'not-a-number' }
  | { readonly code: 'not-whole' }
  | { readonly code: 'below-minimum'; readonly minimum: number }
  | { readonly code: 'above-maximum'; readonly maximum: number };

/** The decimal mark of an interface: ',' in Portuguese, '.' in English. */
export type DecimalMark = ',' | '.';

/** What a box accepts: bounds (inclusive) and whether only whole numbers. */
export interface DecimalTextRule {
  readonly minimum?: number;
  readonly maximum?: number;
  readonly whole?: boolean;
}

/** "1.234.567" with "." as the separator: groups of three after a first group of 1–3 digits. */
function isGrouped(digits: string, separator: string): boolean {
  const groups = digits.split(separator);
  if (groups.length < 2) return false;
  const [first, ...rest] = groups;
  return /^[1-9]\d{0,2}$/.test(first ?? '') && rest.every((group) => /^\d{3}$/.test(group));
}

/**
 * The number in `text` (spaces, including no-break spaces, ignored; a leading + or −), with
 * `mark` as the decimal mark. Empty text → 'empty'; anything else that is not one plain decimal
 * number (letters, two decimal marks, misplaced thousands separators, "1e3") → 'not-a-number';
 * then the rule's checks, in this order: 'not-whole', 'below-minimum', 'above-maximum'.
 */
export function readDecimalText(
  text: string,
  mark: DecimalMark,
  rule: DecimalTextRule = {},
): Result<number, DecimalTextProblem> {
  const compact = text.replace(/[\s\u00a0\u202f]/g, '').replace(/^\u2212/, '-');
  if (compact === '') return failure({ code: 'empty' });
  const signed = /^([+-]?)([\d.,]+)$/.exec(compact);
  if (signed === null) return failure({ code: 'not-a-number' });
  const sign = signed[1] === '-' ? -1 : 1;
  const body = signed[2] ?? '';
  const other = mark === ',' ? '.' : ',';
  const plain = readPlainDigits(body, mark, other);
  if (plain === null) return failure({ code: 'not-a-number' });
  const value = sign * plain;
  if (rule.whole === true && !Number.isInteger(value)) return failure({ code: 'not-whole' });
  if (rule.minimum !== undefined && value < rule.minimum)
    return failure({ code: 'below-minimum', minimum: rule.minimum });
  if (rule.maximum !== undefined && value > rule.maximum)
    return failure({ code: 'above-maximum', maximum: rule.maximum });
  return success(value);
}

/** Digits with separators as a non-negative number, or null when they do not read as one. */
function readPlainDigits(body: string, mark: string, other: string): number | null {
  const marks = body.split(mark).length - 1;
  const others = body.split(other).length - 1;
  let integer: string;
  let fraction = '';
  if (marks > 1) return null;
  if (marks === 1) {
    [integer = '', fraction = ''] = body.split(mark);
    // "1.234,5": the other separator may group thousands before the decimal mark, nowhere else.
    if (others > 0) {
      if (!isGrouped(integer, other)) return null;
      integer = integer.split(other).join('');
    }
  } else if (others === 0) {
    integer = body;
  } else if (isGrouped(body, other)) {
    integer = body.split(other).join('');
  } else if (others === 1) {
    // "0.12" in Portuguese, "0,12" in English: the other mark, as a decimal mark.
    [integer = '', fraction = ''] = body.split(other);
  } else {
    return null;
  }
  if (!/^\d*$/.test(integer) || !/^\d*$/.test(fraction) || integer + fraction === '') return null;
  return Number(`${integer === '' ? '0' : integer}.${fraction === '' ? '0' : fraction}`);
}
