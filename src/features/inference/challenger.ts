/**
 * A second model to compare with the one that answers: its files from the build's `challenger/`
 * folder or from the analyst's disk, checked as the champion's are (core's checkModelFiles).
 */
import {
  checkModelFiles,
  type ModelFigures,
  type ModelFilesProblem,
  type ModelMetrics,
  OUT_OF_SAMPLE_FILE,
  type OutOfSampleFileProblem,
  readMetricsJson,
  readOutOfSampleFile,
  expectedRowsOf,
  withOutOfSampleRows,
} from '../../core/modelFiles';
import type { PreprocessSpec } from '../../core/preprocess';
import { failure, success, type Result } from '../../core/result';
import type { ModelFiles } from '../../model/artifacts';
import type { ModelBundle } from './engine';

/** Where a challenger comes from: the build (a folder beside the app) or files from disk. */
export type ChallengerSource =
  | { readonly kind: 'bundled'; readonly base: string }
  | { readonly kind: 'files'; readonly files: readonly File[] };

/** Why a challenger cannot be compared, as a code the view words. */
export type ChallengerProblem =
  /** The build ships no challenger. */
  | { readonly code: 'absent' }
  /** Files a model directory needs that were not among those picked. */
  | { readonly code: 'missing-files'; readonly files: readonly string[] }
  /** A file that is not what its name says (not JSON, say). */
  | { readonly code: 'unreadable'; readonly file: string }
  /** The files do not belong together. */
  | { readonly code: 'model-files'; readonly problem: ModelFilesProblem }
  /** out-of-sample.json does not hold the rows metrics.json was measured on. */
  | { readonly code: 'out-of-sample'; readonly problem: OutOfSampleFileProblem };

/**
 * The files a challenger needs: the model directory's, but its card and the MLflow ones
 * (out-of-sample.json is not needed beside a metrics.json that holds its rows inline, as one
 * written before the rows had their own file does).
 */
export const CHALLENGER_FILES = [
  'model.json',
  'weights.bin',
  'preprocess.json',
  'metrics.json',
  OUT_OF_SAMPLE_FILE,
];

/**
 * out-of-sample.json is needed beside this metrics.json (parsed; null when missing or not JSON):
 * not when metrics.json holds the rows inline, nor before metrics.json itself can be read.
 */
const needsRowsFile = (metrics: unknown): boolean =>
  typeof metrics === 'object' &&
  metrics !== null &&
  !Array.isArray((metrics as { outOfSample?: { scores?: unknown } }).outOfSample?.scores);

/** Reads and checks a challenger's files. Network and disk failures become problems, not throws. */
export async function readChallenger(
  source: ChallengerSource,
): Promise<Result<{ bundle: ModelBundle; metrics: ModelMetrics }, ChallengerProblem>> {
  const bytesOf = new Map<string, Uint8Array>();
  const json = (name: string): unknown => {
    try {
      return JSON.parse(new TextDecoder().decode(bytesOf.get(name))) as unknown;
    } catch {
      return null;
    }
  };
  if (source.kind === 'bundled') {
    for (const name of CHALLENGER_FILES) {
      if (name === OUT_OF_SAMPLE_FILE && !needsRowsFile(json('metrics.json'))) continue;
      try {
        const response = await fetch(`${source.base}${name}`);
        if (!response.ok) return failure({ code: 'absent' });
        bytesOf.set(name, new Uint8Array(await response.arrayBuffer()));
      } catch {
        return failure({ code: 'absent' });
      }
    }
  } else {
    for (const file of source.files) {
      if (CHALLENGER_FILES.includes(file.name)) {
        bytesOf.set(file.name, new Uint8Array(await file.arrayBuffer()));
      }
    }
    const needed = needsRowsFile(json('metrics.json'))
      ? CHALLENGER_FILES
      : CHALLENGER_FILES.filter((name) => name !== OUT_OF_SAMPLE_FILE);
    const missing = needed.filter((name) => !bytesOf.has(name));
    if (missing.length > 0) return failure({ code: 'missing-files', files: missing });
  }
  // checkModelFiles reads their shapes; a file that is not JSON at all is named here.
  const modelJson = json('model.json') as ModelFiles['modelJson'] | null;
  if (modelJson === null) return failure({ code: 'unreadable', file: 'model.json' });
  const spec = json('preprocess.json') as PreprocessSpec | null;
  if (spec === null) return failure({ code: 'unreadable', file: 'preprocess.json' });
  const metricsJson = json('metrics.json') as ModelFigures | null;
  if (metricsJson === null) return failure({ code: 'unreadable', file: 'metrics.json' });
  const weights = bytesOf.get('weights.bin') ?? new Uint8Array(0);
  const problem = checkModelFiles({
    spec,
    metrics: metricsJson,
    modelJson,
    weightBytes: weights.byteLength,
  });
  if (problem !== null) return failure({ code: 'model-files', problem });
  const { figures, inlineRows } = readMetricsJson(metricsJson);
  const bundle: ModelBundle = { modelJson, weights, spec, card: '' };
  if (inlineRows !== null) {
    return success({ bundle, metrics: withOutOfSampleRows(figures, inlineRows) });
  }
  const rowsJson = json(OUT_OF_SAMPLE_FILE);
  if (rowsJson === null) return failure({ code: 'unreadable', file: OUT_OF_SAMPLE_FILE });
  const rows = readOutOfSampleFile(rowsJson, expectedRowsOf(figures));
  if (!rows.ok) return failure({ code: 'out-of-sample', problem: rows.problem });
  return success({ bundle, metrics: withOutOfSampleRows(figures, rows.value) });
}
