/** Model versions in the MLflow registry: downloading one as a model directory. */
import { cp, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { REGISTRY_FILE } from '../../src/core/modelFiles';
import { SEGMENTS_FILE } from '../../src/core/segments';
import { dirname, join } from 'node:path';
import {
  CARD_FILE,
  METRICS_FILE,
  MODEL_FILE,
  OUT_OF_SAMPLE_FILE,
  SPEC_FILE,
  WEIGHTS_FILE,
} from '../lib/modelDir';
import { MLFLOW_MODEL_FILES, MLMODEL_FILE } from '../exports/mlflow/mlflowModel';
import { ONNX_MODEL_FILE } from '../exports/onnx/pipelineModel';
import type { MlflowClient, ModelVersion } from './mlflowClient';

/** The files of a model directory, as uploaded under a run's `model/` artifact folder. */
export const MODEL_DIR_FILES = [
  MODEL_FILE,
  WEIGHTS_FILE,
  SPEC_FILE,
  METRICS_FILE,
  CARD_FILE,
] as const;

/**
 * Files a model directory has when its training wrote them: a version may lack them (one trained
 * before its out-of-sample rows had their own file holds them in metrics.json).
 */
export const OPTIONAL_MODEL_DIR_FILES = [OUT_OF_SAMPLE_FILE, SEGMENTS_FILE] as const;

/**
 * The files that make the directory a standard MLflow model (python_function and onnx flavors).
 * MLmodel is not among them: each run writes its own, naming the run.
 */
export const MLFLOW_MODEL_DIR_FILES = [
  ONNX_MODEL_FILE,
  ...MLFLOW_MODEL_FILES.filter((file) => file !== MLMODEL_FILE),
] as const;

/** A version's files could not be found or are incomplete. */
export class RegistryError extends Error {
  override readonly name = 'RegistryError';
}

/** Resolves `--alias` or `--version` to a READY model version. */
export async function resolveVersion(
  client: MlflowClient,
  name: string,
  selector: { alias?: string | undefined; version?: string | undefined },
): Promise<ModelVersion> {
  if (selector.version !== undefined) {
    const version = await client.getModelVersion(name, selector.version);
    if (version.status !== 'READY')
      throw new RegistryError(
        `version ${selector.version} of ${name} is ${version.status}, not READY`,
      );
    return version;
  }
  const alias = selector.alias ?? 'champion';
  const version = await client.getVersionByAlias(name, alias);
  if (version === null) throw new RegistryError(`${name} has no version with the alias "${alias}"`);
  return version;
}

/**
 * Downloads a version's model directory into `dir`: the app's files, which must be there, and the
 * MLflow model's files where the version has them. Returns the artifact URI it came from.
 */
export async function downloadVersion(
  client: MlflowClient,
  version: ModelVersion,
  dir: string,
): Promise<string> {
  const uri = await client.getDownloadUri(version.name, version.version);
  const listed = new Set(
    (await client.listArtifacts(uri)).map((file) => file.path.split('/').pop() ?? ''),
  );
  const missing = MODEL_DIR_FILES.filter((file) => !listed.has(file));
  if (missing.length > 0)
    throw new RegistryError(
      `version ${version.version} of ${version.name} lacks ${missing.join(', ')} at ${uri}`,
    );
  await mkdir(dir, { recursive: true });
  for (const file of MODEL_DIR_FILES) {
    await writeFile(join(dir, file), await client.downloadArtifact(uri, file));
  }
  for (const file of OPTIONAL_MODEL_DIR_FILES) {
    if (listed.has(file))
      await writeFile(join(dir, file), await client.downloadArtifact(uri, file));
    else await rm(join(dir, file), { force: true });
  }
  if (listed.has(ONNX_MODEL_FILE)) {
    for (const file of [...MLFLOW_MODEL_DIR_FILES, MLMODEL_FILE]) {
      const path = join(dir, file);
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, await client.downloadArtifact(uri, file));
    }
  }
  return uri;
}

/**
 * Puts a downloaded model directory (`from`) in place of the model in `to`: everything in `from`
 * is copied, and every file a model directory may hold that `from` lacks (the segments, the
 * out-of-sample rows, the MLflow files of the model before) is removed from `to`, with the MLflow
 * code folder when that leaves it empty. Files of no model directory in `to` are left alone.
 */
export async function replaceModelDir(from: string, to: string): Promise<void> {
  await mkdir(to, { recursive: true });
  const files = [
    ...MODEL_DIR_FILES,
    ...OPTIONAL_MODEL_DIR_FILES,
    ...MLFLOW_MODEL_DIR_FILES,
    MLMODEL_FILE,
    REGISTRY_FILE,
  ];
  for (const file of files) {
    if (!existsSync(join(from, file))) await rm(join(to, file), { recursive: true, force: true });
  }
  for (const folder of new Set(files.map((file) => dirname(file)).filter((d) => d !== '.'))) {
    const path = join(to, folder);
    if (existsSync(path) && (await readdir(path)).length === 0) await rm(path, { recursive: true });
  }
  await cp(from, to, { recursive: true });
}
