/** Reading a customer ID typed by an analyst: an integer ≥ 0 within JavaScript's safe range. */
export type CustomerIdProblem = 'empty' | 'not-a-number' | 'not-whole' | 'negative' | 'too-large';

export type CustomerIdResult =
  | { readonly ok: true; readonly id: number }
  | { readonly ok: false; readonly problem: CustomerIdProblem };

/**
 * Parses typed text (spaces around are ignored). "" → empty; "abc" → not-a-number; "1.5" →
 * not-whole; "-1" → negative; beyond Number.MAX_SAFE_INTEGER → too-large.
 */
export function parseCustomerId(text: string): CustomerIdResult {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, problem: 'empty' };
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(trimmed))
    return { ok: false, problem: 'not-a-number' };
  if (trimmed.startsWith('-') && Number(trimmed) !== 0) return { ok: false, problem: 'negative' };
  if (!/^\+?\d+$/.test(trimmed)) return { ok: false, problem: 'not-whole' };
  const digits = trimmed.replace(/^\+/, '').replace(/^0+(?=\d)/, '');
  if (digits.length > 16 || !Number.isSafeInteger(Number(digits)))
    return { ok: false, problem: 'too-large' };
  return { ok: true, id: Number(digits) };
}
