import { failure, success, type Result } from '../result';

/** Reading a customer ID typed by an analyst: an integer ≥ 0 within JavaScript's safe range. */
export type CustomerIdProblem = 'empty' | 'not-a-number' | 'not-whole' | 'negative' | 'too-large';

export type CustomerIdResult = Result<number, CustomerIdProblem>;

/**
 * Parses typed text (spaces around are ignored). "" → empty; "abc" → not-a-number; "1.5" →
 * not-whole; "-1" → negative; beyond Number.MAX_SAFE_INTEGER → too-large.
 */
export function parseCustomerId(text: string): CustomerIdResult {
  const trimmed = text.trim();
  if (trimmed === '') return failure('empty');
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(trimmed)) return failure('not-a-number');
  if (trimmed.startsWith('-') && Number(trimmed) !== 0) return failure('negative');
  if (!/^\+?\d+$/.test(trimmed)) return failure('not-whole');
  const digits = trimmed.replace(/^\+/, '').replace(/^0+(?=\d)/, '');
  if (digits.length > 16 || !Number.isSafeInteger(Number(digits))) return failure('too-large');
  return success(Number(digits));
}

/**
 * What a model's customer IDs are, learned from its training IDs: 'integer' when every one reads
 * as an integer ≥ 0 within JavaScript's safe range (Santander, BankChurners), 'text' otherwise
 * (Telco's "7590-VHVEG"). No IDs give 'text', the rule that refuses nothing.
 */
export type IdKind = 'integer' | 'text';

/** The ID kind of training IDs (see IdKind). */
export function idKindOf(ids: readonly string[]): IdKind {
  if (ids.length === 0) return 'text';
  return ids.every((id) => parseCustomerId(id).ok) ? 'integer' : 'text';
}

/**
 * A customer's key in a lookup: the ID as a number for a model with integer IDs, as trimmed text
 * for one with text IDs.
 */
export type CustomerKey = number | string;

/**
 * Parses typed text as an ID of `kind`: integer IDs as parseCustomerId; text IDs trimmed, '' →
 * empty. Never throws.
 */
export function parseCustomerKey(
  text: string,
  kind: IdKind,
): Result<CustomerKey, CustomerIdProblem> {
  if (kind === 'integer') return parseCustomerId(text);
  const trimmed = text.trim();
  return trimmed === '' ? failure('empty') : success(trimmed);
}

/** Why a row's ID cannot be scored: none, not of the model's kind, or seen before in the file. */
export type RowIdProblem =
  | { readonly code: 'no-id' }
  | { readonly code: 'id-kind'; readonly id: string; readonly problem: CustomerIdProblem }
  | { readonly code: 'duplicate-id'; readonly id: string; readonly firstRow: number };

/**
 * Checks the IDs of a file's rows, in order, against the model's ID kind and against each other.
 * Integer IDs are compared as numbers ("007" repeats "7"); text IDs as trimmed text.
 */
export class IdLedger {
  private readonly firstRowOf = new Map<string | number, number>();

  constructor(readonly kind: IdKind) {}

  /** The problem of the ID cell `text` of data row `row` (1-based), or null when it can be scored. */
  check(text: string, row: number): RowIdProblem | null {
    const id = text.trim();
    if (id === '') return { code: 'no-id' };
    let key: string | number = id;
    if (this.kind === 'integer') {
      const parsed = parseCustomerId(id);
      if (!parsed.ok) return { code: 'id-kind', id, problem: parsed.problem };
      key = parsed.value;
    }
    const firstRow = this.firstRowOf.get(key);
    if (firstRow !== undefined) return { code: 'duplicate-id', id, firstRow };
    this.firstRowOf.set(key, row);
    return null;
  }
}
