/**
 * The out-of-sample rows of the model that answers, fetched after the start: metrics.json's
 * figures come with the model; the rows they were measured on (60,000 on a whole-file model) are
 * read from out-of-sample.json beside it.
 */
import {
  OUT_OF_SAMPLE_FILE,
  expectedRowsOf,
  readOutOfSampleFile,
  type ModelFigures,
  type OutOfSampleFileProblem,
  type OutOfSampleRows,
} from '../../core/modelFiles';
import { failure, type Result } from '../../core/result';
import { SHIPPED } from '../../shared/shippedFiles';

/**
 * Why the rows cannot be had: the build ships no file, it could not be fetched (the network, the
 * server, an offline start before it was kept), or it does not fit.
 */
export type OutOfSampleProblem =
  { readonly code: 'absent' } | { readonly code: 'unreachable' } | OutOfSampleFileProblem;

/** The rows of the model whose files are at `modelBase` (ending in "/"), checked against its figures. */
export async function loadOutOfSampleRows(
  modelBase: string,
  figures: ModelFigures,
): Promise<Result<OutOfSampleRows, OutOfSampleProblem>> {
  if (!SHIPPED.outOfSample) return failure({ code: 'absent' });
  let response: Response;
  try {
    response = await fetch(`${modelBase}${OUT_OF_SAMPLE_FILE}`);
  } catch {
    return failure({ code: 'unreachable' });
  }
  if (response.status === 404) return failure({ code: 'absent' });
  if (!response.ok) return failure({ code: 'unreachable' });
  let json: unknown;
  try {
    json = await response.json();
  } catch {
    return failure({ code: 'not-out-of-sample' });
  }
  return readOutOfSampleFile(json, expectedRowsOf(figures));
}
