/** The exported model directory: what `train` writes and what `score`, the app and tests read. */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { loadModelFiles, saveModelFiles, type ModelFiles } from '../../src/model/artifacts';
import {
  computeSchemaHash,
  PREPROCESS_FORMAT,
  type PreprocessSpec,
} from '../../src/core/preprocess';
import type { ModelMetrics } from '../../src/core/modelMetrics';
import { writeMlflowModelFiles } from '../mlflow/mlflowModel';
import { ONNX_MODEL_FILE, pipelineOnnxBytes } from '../onnx/pipelineModel';

export const MODEL_FILE = 'model.json';
export const WEIGHTS_FILE = 'weights.bin';
export const SPEC_FILE = 'preprocess.json';
export const METRICS_FILE = 'metrics.json';
export const CARD_FILE = 'MODEL_CARD.md';

/** A model directory is missing a file or holds an inconsistent one. */
export class ModelDirError extends Error {
  override readonly name = 'ModelDirError';
}

export interface ExportedModel {
  readonly model: tf.LayersModel;
  readonly spec: PreprocessSpec;
  readonly metrics: ModelMetrics;
}

/**
 * Writes every file of a model directory, creating the directory: the TF.js model and its spec for
 * the app and the CLIs, the same pipeline as one ONNX file, and the MLflow model files around it.
 */
export async function writeModelDir(
  dir: string,
  model: tf.LayersModel,
  spec: PreprocessSpec,
  metrics: ModelMetrics,
  card: string,
): Promise<void> {
  await mkdir(dir, { recursive: true });
  const files = await saveModelFiles(model);
  await writeFile(join(dir, MODEL_FILE), JSON.stringify(files.modelJson));
  await writeFile(join(dir, WEIGHTS_FILE), files.weights);
  await writeFile(join(dir, SPEC_FILE), JSON.stringify(spec, null, 1));
  await writeFile(join(dir, METRICS_FILE), JSON.stringify(metrics, jsonNumbers, 1));
  await writeFile(join(dir, CARD_FILE), card);
  const threshold = metrics.threshold.threshold;
  await writeFile(join(dir, ONNX_MODEL_FILE), pipelineOnnxBytes(spec, model, threshold));
  await writeMlflowModelFiles(dir, { spec, threshold });
}

/** JSON has no NaN or Infinity: write them as null, as the reader expects. */
function jsonNumbers(_key: string, value: unknown): unknown {
  return typeof value === 'number' && !Number.isFinite(value) ? null : value;
}

async function readText(dir: string, file: string): Promise<string> {
  try {
    return await readFile(join(dir, file), 'utf8');
  } catch {
    throw new ModelDirError(
      `${join(dir, file)} is missing: is ${dir} a model directory made by "npm run train"?`,
    );
  }
}

/** Reads a model directory and checks that its spec's schema hash matches its content. */
export async function readModelDir(dir: string): Promise<ExportedModel> {
  const parsed = JSON.parse(await readText(dir, SPEC_FILE)) as { format?: unknown };
  const spec = parsed as PreprocessSpec;
  if (parsed.format !== PREPROCESS_FORMAT)
    throw new ModelDirError(`${SPEC_FILE} in ${dir} is not a Retém preprocessing spec`);
  if (computeSchemaHash(spec) !== spec.schemaHash) {
    throw new ModelDirError(
      `${SPEC_FILE} in ${dir} does not match its schema hash: it was edited or is corrupt`,
    );
  }
  const metrics = JSON.parse(await readText(dir, METRICS_FILE)) as ModelMetrics;
  if (metrics.schemaHash !== spec.schemaHash) {
    throw new ModelDirError(
      `${METRICS_FILE} and ${SPEC_FILE} in ${dir} come from different trainings`,
    );
  }
  const modelJson = JSON.parse(await readText(dir, MODEL_FILE)) as ModelFiles['modelJson'];
  let weights: Uint8Array;
  try {
    weights = new Uint8Array(await readFile(join(dir, WEIGHTS_FILE)));
  } catch {
    throw new ModelDirError(`${join(dir, WEIGHTS_FILE)} is missing`);
  }
  const model = await loadModelFiles(modelJson, weights);
  const inputWidth = (model.inputs[0]?.shape ?? [])[1];
  if (inputWidth !== spec.outputNames.length) {
    throw new ModelDirError(
      `the model reads ${String(inputWidth)} inputs but the spec makes ${spec.outputNames.length}`,
    );
  }
  return { model, spec, metrics };
}
