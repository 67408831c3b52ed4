/** The exported model directory: what `train` writes and what `score`, the app and tests read. */
import { expectedGainThreshold } from '../../src/core/decision';
import { readFileSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import {
  REGISTRY_FILE,
  CARD_FILE,
  METRICS_FILE,
  MODEL_FILE,
  SPEC_FILE,
  WEIGHTS_FILE,
  checkModelFiles,
  type ModelFilesProblem,
  type ModelFigures,
  type ModelMetrics,
  OUT_OF_SAMPLE_FILE,
  outOfSampleFileJson,
  readMetricsJson,
  readOutOfSampleFile,
  expectedRowsOf,
  type OutOfSampleRows,
  splitMetrics,
  withOutOfSampleRows,
} from '../../src/core/modelFiles';
import { join } from 'node:path';
import { UserFacingError } from './userFacingError';
import * as tf from '@tensorflow/tfjs';
import { loadModelFiles, saveModelFiles, type ModelFiles } from '../../src/model/artifacts';
import type { PreprocessSpec } from '../../src/core/preprocess';
import { SEGMENTS_FILE, segmentsFileJson, type SegmentData } from '../../src/core/segments';
import { writeMlflowModelFiles } from '../exports/mlflow/mlflowModel';
import { ONNX_MODEL_FILE, pipelineOnnxBytes } from '../exports/onnx/pipelineModel';

export { CARD_FILE, METRICS_FILE, MODEL_FILE, OUT_OF_SAMPLE_FILE, SPEC_FILE, WEIGHTS_FILE };

/** A model directory is missing a file or holds an inconsistent one. */
export class ModelDirError extends UserFacingError {
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
  measured?: ModelFiles,
  segments?: SegmentData,
): Promise<void> {
  await mkdir(dir, { recursive: true });
  // A model trained here comes from no registry: drop the record a pulled model left.
  await rm(join(dir, REGISTRY_FILE), { force: true });
  // The files the model was measured from, when training produced them (a quantised model's exact
  // bytes); otherwise serialised here, quantised as its metrics say.
  const files =
    measured ??
    (await saveModelFiles(model, { quantize: metrics.model.quantization?.dtype === 'uint8' }));
  await writeFile(join(dir, MODEL_FILE), JSON.stringify(files.modelJson));
  await writeFile(join(dir, WEIGHTS_FILE), files.weights);
  await writeFile(join(dir, SPEC_FILE), JSON.stringify(spec, null, 1));
  for (const [file, text] of Object.entries(metricsFileTexts(metrics))) {
    await writeFile(join(dir, file), text);
  }
  await writeFile(join(dir, CARD_FILE), card);
  // A model without segment data (one read back and written again) drops a stale file.
  if (segments === undefined) await rm(join(dir, SEGMENTS_FILE), { force: true });
  else await writeFile(join(dir, SEGMENTS_FILE), JSON.stringify(segmentsFileJson(segments)));
  // The exports decide as `npm run score` and the app do by default: core's expected-gain rule
  // under the payoffs the model was trained with.
  const threshold = expectedGainThreshold(metrics.payoffs);
  await writeFile(join(dir, ONNX_MODEL_FILE), pipelineOnnxBytes(spec, model, threshold));
  await writeMlflowModelFiles(dir, { spec, threshold });
}

/**
 * The text of metrics.json (the figures) and of out-of-sample.json (the rows they were measured
 * on), by file name, as a training writes them.
 */
export function metricsFileTexts(metrics: ModelMetrics): Record<string, string> {
  const { figures, rows } = splitMetrics(metrics);
  return {
    [METRICS_FILE]: JSON.stringify(figures, jsonNumbers, 1),
    [OUT_OF_SAMPLE_FILE]: JSON.stringify(outOfSampleFileJson(rows, metrics)),
  };
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

/** A model-files problem from core's check, in English for the CLIs. */
export function describeModelFilesProblem(problem: ModelFilesProblem, dir: string): string {
  switch (problem.code) {
    case 'spec-not-retem':
      return `${SPEC_FILE} in ${dir} is not a Retém preprocessing spec`;
    case 'spec-version':
      return `${SPEC_FILE} in ${dir} has format version ${problem.found}; this code reads version ${problem.supported}: re-export the model with "npm run train"`;
    case 'spec-edited':
      return `${SPEC_FILE} in ${dir} does not match its schema hash (${problem.recorded}, content ${problem.computed}): it was edited or is corrupt`;
    case 'metrics-not-retem':
      return `${METRICS_FILE} in ${dir} is not a Retém metrics file`;
    case 'metrics-other-training':
      return `${METRICS_FILE} and ${SPEC_FILE} in ${dir} come from different trainings (schema ${problem.metrics} and ${problem.spec})`;
    case 'network-unreadable':
      return `${MODEL_FILE} in ${dir} is not a TF.js layers model this code can read`;
    case 'network-layer-unknown':
      return `${MODEL_FILE} in ${dir} holds a layer of class "${problem.className}", which this code cannot score with: the model comes from another version of Retém; score it with the version that exported it, or export it again with this one`;
    case 'input-width':
      return `the model in ${dir} reads ${problem.network} inputs but the spec makes ${problem.spec}`;
    case 'weights-size':
      return `${WEIGHTS_FILE} in ${dir} holds ${problem.found} bytes where ${MODEL_FILE} describes ${problem.expected}: the two files come from different exports`;
  }
}

/** A file of `dir`, parsed as JSON; a missing or unparseable one throws ModelDirError, naming it. */
function jsonOf(dir: string, file: string): unknown {
  let text: string;
  try {
    text = readFileSync(join(dir, file), 'utf8');
  } catch {
    throw new ModelDirError(
      `${join(dir, file)} is missing: is ${dir} a model directory made by "npm run train"?`,
    );
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ModelDirError(`${join(dir, file)} is not JSON: the file is damaged`);
  }
}

/** metrics.json's figures, with the rows when it holds them inline (the earlier layout). */
function figuresOf(dir: string): ReturnType<typeof readMetricsJson> {
  return readMetricsJson(jsonOf(dir, METRICS_FILE) as ModelFigures);
}

/** out-of-sample.json's rows, checked against the figures; throws ModelDirError when they do not fit. */
function rowsOf(dir: string, figures: ModelFigures): OutOfSampleRows {
  const read = readOutOfSampleFile(jsonOf(dir, OUT_OF_SAMPLE_FILE), expectedRowsOf(figures));
  if (read.ok) return read.value;
  const why =
    read.problem.code === 'not-out-of-sample'
      ? 'is not a Retém out-of-sample file'
      : read.problem.code === 'other-training'
        ? `comes from another training than ${METRICS_FILE}`
        : `does not hold the ${figures.outOfSample.rows} rows ${METRICS_FILE} counts (its ${read.problem.field})`;
  throw new ModelDirError(`${OUT_OF_SAMPLE_FILE} in ${dir} ${why}`);
}

/**
 * The whole metrics of a model directory: metrics.json's figures with the rows of
 * out-of-sample.json, or those metrics.json holds inline when it was written before they had
 * their own file. A missing or unfitting file throws ModelDirError, naming it.
 */
export function readModelMetrics(dir: string): ModelMetrics {
  const { figures, inlineRows } = figuresOf(dir);
  return withOutOfSampleRows(figures, inlineRows ?? rowsOf(dir, figures));
}

/** The network and spec of `dir`, after core's check that its files belong together. */
async function loadChecked(
  dir: string,
  metrics: ModelFigures | ModelMetrics,
): Promise<{ model: tf.LayersModel; spec: PreprocessSpec }> {
  const spec = JSON.parse(await readText(dir, SPEC_FILE)) as PreprocessSpec;
  const modelJson = JSON.parse(await readText(dir, MODEL_FILE)) as ModelFiles['modelJson'];
  let weights: Uint8Array;
  try {
    weights = new Uint8Array(await readFile(join(dir, WEIGHTS_FILE)));
  } catch {
    throw new ModelDirError(`${join(dir, WEIGHTS_FILE)} is missing`);
  }
  const problem = checkModelFiles({ spec, metrics, modelJson, weightBytes: weights.byteLength });
  if (problem !== null) throw new ModelDirError(describeModelFilesProblem(problem, dir));
  return { model: await loadModelFiles(modelJson, weights), spec };
}

/** Reads a model directory, its metrics whole (out-of-sample rows included). */
export async function readModelDir(dir: string): Promise<ExportedModel> {
  const metrics = readModelMetrics(dir);
  return { ...(await loadChecked(dir, metrics)), metrics };
}

/**
 * Reads what scoring needs of a model directory: the network, the spec and metrics.json's figures
 * (the payoffs it was trained with), without the out-of-sample rows, which need not be there.
 */
export async function readScoringModel(
  dir: string,
): Promise<{ model: tf.LayersModel; spec: PreprocessSpec; figures: ModelFigures }> {
  const { figures } = figuresOf(dir);
  return { ...(await loadChecked(dir, figures)), figures };
}
