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
import type { Result } from '../../core/result';
import { SHIPPED } from '../../shared/shippedFiles';
import { fetchOptionalModelJson, type OptionalFileProblem } from './optionalModelFile';

/**
 * Why the rows cannot be had: the build ships no file, it could not be fetched (the network, the
 * server, an offline start before it was kept), or it does not fit.
 */
export type OutOfSampleProblem = OptionalFileProblem | OutOfSampleFileProblem;

/** The rows of the model whose files are at `modelBase` (ending in "/"), checked against its figures. */
export async function loadOutOfSampleRows(
  modelBase: string,
  figures: ModelFigures,
): Promise<Result<OutOfSampleRows, OutOfSampleProblem>> {
  const fetched = await fetchOptionalModelJson(
    `${modelBase}${OUT_OF_SAMPLE_FILE}`,
    SHIPPED.outOfSample,
  );
  return fetched.ok ? readOutOfSampleFile(fetched.value, expectedRowsOf(figures)) : fetched;
}
