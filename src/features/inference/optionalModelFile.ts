/**
 * Fetching a file that sits beside the model only when the training wrote it (the out-of-sample
 * rows, the segments), after the start. Its absence and a failed fetch are told apart: the first
 * is the build's, the second is worth another try when the browser is back online.
 */
import { failure, success, type Result } from '../../core/result';

/** Why an optional model file is not to be had. */
export type OptionalFileProblem =
  /** The build ships no such file (the server answers 404, or the build says so). */
  | { readonly code: 'absent' }
  /** The fetch failed on the way: the network, the server, an offline start before it was kept. */
  | { readonly code: 'unreachable' };

/**
 * The JSON body of the optional file at `url`; `shipped` false (the build says it ships none) is
 * 'absent' without a request. A body that is not JSON comes as undefined, which every file's
 * reader refuses as not its file; a body the browser sees cut off on the way is 'unreachable'
 * (one cut off where the server gave no length reads as not the file).
 */
export async function fetchOptionalModelJson(
  url: string,
  shipped: boolean,
): Promise<Result<unknown, OptionalFileProblem>> {
  if (!shipped) return failure({ code: 'absent' });
  let response: Response;
  try {
    response = await fetch(url);
  } catch {
    return failure({ code: 'unreachable' });
  }
  if (response.status === 404) return failure({ code: 'absent' });
  if (!response.ok) return failure({ code: 'unreachable' });
  let text: string;
  try {
    text = await response.text();
  } catch {
    return failure({ code: 'unreachable' });
  }
  try {
    return success(JSON.parse(text) as unknown);
  } catch {
    return success(undefined);
  }
}
