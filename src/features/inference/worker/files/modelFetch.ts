/**
 * What the worker fetches from the build: the model's files, its registry record, the snapshot's
 * manifest, or an older build's single snapshot file.
 */
import {
  CARD_FILE,
  METRICS_FILE,
  MODEL_FILE,
  readRegistryRecord,
  REGISTRY_FILE,
  SPEC_FILE,
  WEIGHTS_FILE,
  readMetricsJson,
  type ModelFigures,
  type OutOfSampleRows,
  type RegistryRecord,
} from '../../../../core/modelFiles';
import type { PreprocessSpec } from '../../../../core/preprocess';
import { readSnapshotManifest, type SnapshotManifest } from '../../../../core/snapshot';
import type { ModelFiles } from '../../../../model/artifacts';
import { SHIPPED } from '../../../../shared/shippedFiles';
import { inflate } from './gzipStreams';

async function fetchOk(url: string): Promise<Response> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response;
}

/** The model's files as the build ships them under `modelBase`, with its registry record. */
export interface ShippedModel {
  readonly modelJson: ModelFiles['modelJson'];
  readonly weights: Uint8Array;
  readonly spec: PreprocessSpec;
  readonly metrics: ModelFigures;
  /**
   * The out-of-sample rows when metrics.json holds them inline (written before they had their
   * own file); null when they are in out-of-sample.json, which the view fetches after the start.
   */
  readonly inlineRows: OutOfSampleRows | null;
  readonly card: string;
  /** Null for a model trained locally (no record, or one that cannot be read). */
  readonly registry: RegistryRecord | null;
}

/** Fetches the model's files; a file that cannot be fetched throws an Error naming its URL. */
export async function fetchShippedModel(modelBase: string): Promise<ShippedModel> {
  const [modelJson, weights, spec, { figures, inlineRows }, card, registry] = await Promise.all([
    fetchOk(`${modelBase}${MODEL_FILE}`).then((r) => r.json() as Promise<ModelFiles['modelJson']>),
    fetchOk(`${modelBase}${WEIGHTS_FILE}`).then(async (r) => new Uint8Array(await r.arrayBuffer())),
    fetchOk(`${modelBase}${SPEC_FILE}`).then((r) => r.json() as Promise<PreprocessSpec>),
    fetchOk(`${modelBase}${METRICS_FILE}`).then(async (r) =>
      readMetricsJson((await r.json()) as ModelFigures),
    ),
    fetchOk(`${modelBase}${CARD_FILE}`).then((r) => r.text()),
    SHIPPED.registry ? fetchRegistryRecord(`${modelBase}${REGISTRY_FILE}`) : null,
  ]);
  return { modelJson, weights, spec, metrics: figures, inlineRows, card, registry };
}

/** The model's registry record, or null for a model trained locally (no file, or unreadable). */
async function fetchRegistryRecord(url: string): Promise<RegistryRecord | null> {
  try {
    const response = await fetch(url);
    return response.ok ? readRegistryRecord(await response.json()) : null;
  } catch {
    return null;
  }
}

/** The snapshot's manifest, or null when there is none or it cannot be read (then: download). */
export async function fetchManifest(url: string): Promise<SnapshotManifest | null> {
  try {
    const response = await fetch(url, { cache: 'no-cache' });
    return response.ok ? readSnapshotManifest(await response.json()) : null;
  } catch {
    return null;
  }
}

/**
 * Downloads and un-gzips an older build's single snapshot file, reporting download progress;
 * null when the build ships no snapshot (HTTP 404).
 */
export async function downloadSnapshot(
  url: string,
  onProgress: (fraction: number) => void,
): Promise<Uint8Array | null> {
  const response = await fetch(url);
  if (response.status === 404) return null;
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  const total = Number(response.headers.get('content-length') ?? 0);
  const body = response.body;
  if (body === null) throw new Error(`${url}: empty response`);
  let received = 0;
  const counted = body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        received += chunk.length;
        if (total > 0) onProgress(Math.min(received / total, 1));
        controller.enqueue(chunk);
      },
    }),
  );
  return inflate(counted);
}

/** A fingerprint of the model: SHA-256 of its weights, with the schema hash. */
export async function modelDigest(weights: Uint8Array, schemaHash: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', weights.slice().buffer));
  return `${schemaHash}:${Array.from(digest.subarray(0, 12), (b) => b.toString(16).padStart(2, '0')).join('')}`;
}
