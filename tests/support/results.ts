/** Results for specifications: the value of a result that must succeed. */
import type { Result } from '../../src/core/result';

/** The value of a successful result; throws naming the problem's code otherwise. */
export function valueOf<T, P extends { readonly code: string } | string>(result: Result<T, P>): T {
  if (result.ok) return result.value;
  const problem: { readonly code: string } | string = result.problem;
  throw new Error(
    `expected success, got ${typeof problem === 'string' ? problem : JSON.stringify(problem)}`,
  );
}
