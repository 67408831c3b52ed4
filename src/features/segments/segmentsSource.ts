/**
 * The segments file beside the model, fetched when the analyst opens the segments view (it is not
 * part of a first visit: a few hundred kB that only this view reads), and checked against the
 * model that answers.
 */
import type { ModelFigures } from '../../core/modelFiles';
import { failure, type Result } from '../../core/result';
import { SHIPPED } from '../../shared/shippedFiles';
import { fetchOptionalModelJson, type OptionalFileProblem } from '../inference/optionalModelFile';
import {
  readSegmentsFile,
  SEGMENTS_FILE,
  type SegmentData,
  type SegmentsFileProblem,
} from '../../core/segments';

/** Why the segments view has nothing to show, as a code the view words. */
export type SegmentsProblem =
  | SegmentsFileProblem
  /** No segments file (a model from before it, or none to segment), or a failed fetch. */
  | OptionalFileProblem
  /** The file was written for another model. */
  | { readonly code: 'other-model' }
  /** Its evaluation rows are not the model's (their count, or out of fold against a test split). */
  | { readonly code: 'test-rows'; readonly found: number; readonly expected: number };

/**
 * The segments of the model whose files are at `modelBase` (ending in "/"), checked against its
 * metrics. A missing file is 'absent'; a failed fetch, 'unreachable'.
 */
export async function loadSegments(
  modelBase: string,
  metrics: ModelFigures,
): Promise<Result<SegmentData, SegmentsProblem>> {
  const fetched = await fetchOptionalModelJson(`${modelBase}${SEGMENTS_FILE}`, SHIPPED.segments);
  if (!fetched.ok) return fetched;
  const read = readSegmentsFile(fetched.value);
  if (!read.ok) return read;
  if (read.value.schemaHash !== metrics.schemaHash) return failure({ code: 'other-model' });
  const expected = metrics.outOfSample.rows;
  const found = read.value.test.codes[0]?.length ?? expected;
  // A file measured out of fold goes with figures out of fold, and one with test codes with a test split.
  const outOfFold = read.value.development.folds !== undefined;
  if (found !== expected || outOfFold !== (metrics.outOfSample.source === 'out-of-fold')) {
    return failure({ code: 'test-rows', found, expected });
  }
  return read;
}
