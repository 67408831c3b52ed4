/**
 * A second model to compare with the one that answers: its files from the build's `challenger/`
 * folder or from the analyst's disk, checked as the champion's are (core's checkModelFiles).
 */
import {
  checkModelFiles,
  type ModelFilesProblem,
  withFloat32Scores,
  type ModelMetrics,
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
  | { readonly code: 'model-files'; readonly problem: ModelFilesProblem };

/** The files a challenger needs: the model directory's, but its card and the MLflow ones. */
export const CHALLENGER_FILES = ['model.json', 'weights.bin', 'preprocess.json', 'metrics.json'];

/** Reads and checks a challenger's files. Network and disk failures become problems, not throws. */
export async function readChallenger(
  source: ChallengerSource,
): Promise<Result<ModelBundle, ChallengerProblem>> {
  const bytesOf = new Map<string, Uint8Array>();
  if (source.kind === 'bundled') {
    for (const name of CHALLENGER_FILES) {
      try {
        const response = await fetch(`${source.base}${name}`);
        if (!response.ok) return failure({ code: 'absent' });
        bytesOf.set(name, new Uint8Array(await response.arrayBuffer()));
      } catch {
        return failure({ code: 'absent' });
      }
    }
  } else {
    const missing = CHALLENGER_FILES.filter((name) => !source.files.some((f) => f.name === name));
    if (missing.length > 0) return failure({ code: 'missing-files', files: missing });
    for (const file of source.files) {
      if (CHALLENGER_FILES.includes(file.name)) {
        bytesOf.set(file.name, new Uint8Array(await file.arrayBuffer()));
      }
    }
  }
  const json = (name: string): unknown => {
    try {
      return JSON.parse(new TextDecoder().decode(bytesOf.get(name))) as unknown;
    } catch {
      return null;
    }
  };
  // checkModelFiles reads their shapes; a file that is not JSON at all is named here.
  const modelJson = json('model.json') as ModelFiles['modelJson'] | null;
  if (modelJson === null) return failure({ code: 'unreadable', file: 'model.json' });
  const spec = json('preprocess.json') as PreprocessSpec | null;
  if (spec === null) return failure({ code: 'unreadable', file: 'preprocess.json' });
  const metrics = json('metrics.json') as ModelMetrics | null;
  if (metrics === null) return failure({ code: 'unreadable', file: 'metrics.json' });
  const weights = bytesOf.get('weights.bin') ?? new Uint8Array(0);
  const problem = checkModelFiles({ spec, metrics, modelJson, weightBytes: weights.byteLength });
  if (problem !== null) return failure({ code: 'model-files', problem });
  return success({ modelJson, weights, spec, metrics: withFloat32Scores(metrics), card: '' });
}
