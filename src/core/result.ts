/**
 * The one way core answers "a value, or why not": `{ ok: true, value }` or `{ ok: false, problem }`,
 * where a problem is a code with parameters that each interface words in its own language. Typed
 * exceptions are kept for infrastructure failures (a file that cannot be read, a server down).
 */
export type Result<T, P> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problem: P };

/** A successful result. */
export function success<T>(value: T): { readonly ok: true; readonly value: T } {
  return { ok: true, value };
}

/** A refused result, with its problem. */
export function failure<P>(problem: P): { readonly ok: false; readonly problem: P } {
  return { ok: false, problem };
}
