/**
 * The model directory as an MLflow model: an MLmodel file with three flavors over the same files,
 *  - python_function: code/retem_pyfunc.py casts a pandas frame's columns and runs model.onnx
 *    (what `mlflow.pyfunc.load_model`, `spark_udf` and `mlflow models serve` use);
 *  - onnx: model.onnx itself, for `mlflow.onnx.load_model`;
 *  - retem_tfjs: model.json + weights.bin + preprocess.json, for the app and the Node CLIs;
 * with a signature naming every raw input column, an input example, and the Python environment.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { PreprocessSpec } from '../../../src/core/preprocess';
import { formatDate, referenceDayOf } from '../../../src/core/records';
import { ONNX_MODEL_FILE } from '../onnx/pipelineModel';

export const MLMODEL_FILE = 'MLmodel';
export const PYFUNC_MODULE = 'retem_pyfunc';
export const PYFUNC_CODE_FILE = `code/${PYFUNC_MODULE}.py`;
export const REQUIREMENTS_FILE = 'requirements.txt';
export const PYTHON_ENV_FILE = 'python_env.yaml';
export const CONDA_FILE = 'conda.yaml';
export const INPUT_EXAMPLE_FILE = 'input_example.json';
export const SERVING_EXAMPLE_FILE = 'serving_input_example.json';

/** The files this module adds to a model directory (MLmodel last: it describes the others). */
export const MLFLOW_MODEL_FILES = [
  PYFUNC_CODE_FILE,
  REQUIREMENTS_FILE,
  PYTHON_ENV_FILE,
  CONDA_FILE,
  INPUT_EXAMPLE_FILE,
  SERVING_EXAMPLE_FILE,
  MLMODEL_FILE,
] as const;

const SOURCE_DIR = import.meta.dirname;
/** YAML reads a JSON string as the same string, whatever it holds. */
const yamlString = (value: string) => JSON.stringify(value);
const PYTHON_VERSION = '3.11';

export interface MlmodelFields {
  readonly spec: PreprocessSpec;
  readonly threshold: number;
  /** The run the model belongs to, when it is logged to a tracking server. */
  readonly runId?: string;
  /** The tracking server's MLflow version; the pinned one otherwise. */
  readonly mlflowVersion?: string;
}

/** The pinned Python requirements of the model (also what the tests' virtualenv installs). */
export async function modelRequirements(): Promise<string[]> {
  const text = await readFile(join(SOURCE_DIR, REQUIREMENTS_FILE), 'utf8');
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}

function pinnedVersion(requirements: readonly string[], name: string): string {
  const line = requirements.find((r) => r.startsWith(`${name}==`));
  if (line === undefined) throw new Error(`${REQUIREMENTS_FILE} pins no ${name}`);
  return line.slice(name.length + 2);
}

/**
 * The signature's columns: every raw column the model reads, as MLflow's AnyType, because
 * MLflow's typed columns refuse int64 for double inputs and frames from read_csv have both; the
 * loader casts them. Outputs are typed. Spark's `udf()` and `models serve` read the names.
 */
export function signatureJson(spec: PreprocessSpec): { inputs: string; outputs: string } {
  return {
    inputs: JSON.stringify(
      spec.inputColumns.map((column) => ({ type: 'any', name: column.name, required: true })),
    ),
    outputs: JSON.stringify([
      { type: 'double', name: 'probability', required: true },
      { type: 'long', name: 'decision', required: true },
      { type: 'double', name: 'expected_value_brl', required: true },
    ]),
  };
}

/**
 * Two example customers made from the spec, never from data rows: one at every column's training
 * median (a categorical column at its most frequent category, a date column at its median date)
 * and one with every cell missing.
 */
export function inputExample(spec: PreprocessSpec): {
  columns: string[];
  data: (number | string | null)[][];
} {
  const typical = spec.inputColumns.map((column) => {
    const feature = spec.features.find((f) => f.kind !== 'zero-count' && f.column === column.name);
    if (feature?.kind === 'numeric') {
      const reference = column.date === undefined ? undefined : referenceDayOf(column.date);
      // A date column's example is a date in its format, as a file writes it.
      if (column.date === undefined || reference === undefined) return feature.fill;
      return formatDate(reference - Math.round(feature.fill), column.date.format);
    }
    if (feature?.kind === 'categorical') return feature.categories[0] ?? null;
    return null;
  });
  return {
    columns: spec.inputColumns.map((column) => column.name),
    data: [typical, spec.inputColumns.map(() => null)],
  };
}

/** The input example as records, one object per customer: `models serve`'s {"inputs": …} body. */
export function exampleRecords(spec: PreprocessSpec): Record<string, number | string | null>[] {
  const { columns, data } = inputExample(spec);
  return data.map((row) => Object.fromEntries(columns.map((name, i) => [name, row[i] ?? null])));
}

/** MLmodel's text. YAML strings are written as JSON strings, which YAML reads as they are. */
export async function mlmodelText(fields: MlmodelFields): Promise<string> {
  const requirements = await modelRequirements();
  const signature = signatureJson(fields.spec);
  const created = new Date().toISOString().replace('T', ' ').replace('Z', '');
  return [
    'artifact_path: model',
    'flavors:',
    '  python_function:',
    `    loader_module: ${PYFUNC_MODULE}`,
    '    code: code',
    `    python_version: ${yamlString(PYTHON_VERSION)}`,
    '    env:',
    `      conda: ${CONDA_FILE}`,
    `      virtualenv: ${PYTHON_ENV_FILE}`,
    '  onnx:',
    `    data: ${ONNX_MODEL_FILE}`,
    `    onnx_version: ${yamlString(pinnedVersion(requirements, 'onnx'))}`,
    '    providers: [CPUExecutionProvider]',
    '    code: null',
    '  retem_tfjs:',
    '    format: tfjs-layers-model',
    '    model_file: model.json',
    '    weights_file: weights.bin',
    '    preprocess_file: preprocess.json',
    '    metrics_file: metrics.json',
    `    onnx_file: ${ONNX_MODEL_FILE}`,
    `    schema_hash: ${yamlString(fields.spec.schemaHash)}`,
    `    threshold: ${fields.threshold}`,
    `    tfjs_version: ${yamlString(tf.version.tfjs)}`,
    `mlflow_version: ${yamlString(fields.mlflowVersion ?? pinnedVersion(requirements, 'mlflow'))}`,
    `model_uuid: ${randomUUID().replaceAll('-', '')}`,
    ...(fields.runId !== undefined ? [`run_id: ${fields.runId}`] : []),
    'saved_input_example_info:',
    `  artifact_path: ${INPUT_EXAMPLE_FILE}`,
    `  serving_input_path: ${SERVING_EXAMPLE_FILE}`,
    '  type: dataframe',
    '  pandas_orient: split',
    'signature:',
    `  inputs: ${yamlString(signature.inputs)}`,
    `  outputs: ${yamlString(signature.outputs)}`,
    '  params: null',
    // The loader checks and casts its input itself, column by column. MLflow's own check of
    // AnyType columns would only confirm the same, one cell at a time in Python: 97% of
    // predict's time on Santander's 75,818 customers. So it is skipped, and `models serve`
    // reads requests as {"inputs": …}.
    'is_signature_from_type_hint: true',
    `utc_time_created: ${yamlString(created)}`,
    '',
  ].join('\n');
}

/** Reads the text of one of the files this module adds, as it goes into a model directory. */
export async function mlflowModelFile(
  file: (typeof MLFLOW_MODEL_FILES)[number],
  fields: MlmodelFields,
): Promise<string> {
  const requirements = await modelRequirements();
  switch (file) {
    case PYFUNC_CODE_FILE:
      return readFile(join(SOURCE_DIR, `${PYFUNC_MODULE}.py`), 'utf8');
    case REQUIREMENTS_FILE:
      return requirements.join('\n') + '\n';
    case PYTHON_ENV_FILE:
      return [
        `python: ${yamlString(PYTHON_VERSION)}`,
        'build_dependencies:',
        '  - pip',
        'dependencies:',
        `  - -r ${REQUIREMENTS_FILE}`,
        '',
      ].join('\n');
    case CONDA_FILE:
      return [
        'name: retem_env',
        'channels:',
        '  - conda-forge',
        'dependencies:',
        `  - python=${PYTHON_VERSION}`,
        '  - pip',
        '  - pip:',
        ...requirements.map((r) => `    - ${r}`),
        '',
      ].join('\n');
    case INPUT_EXAMPLE_FILE:
      return JSON.stringify(inputExample(fields.spec));
    case SERVING_EXAMPLE_FILE:
      return JSON.stringify({ inputs: exampleRecords(fields.spec) });
    case MLMODEL_FILE:
      return mlmodelText(fields);
  }
}

/** Writes every file this module adds into a model directory that already holds model.onnx. */
export async function writeMlflowModelFiles(dir: string, fields: MlmodelFields): Promise<void> {
  for (const file of MLFLOW_MODEL_FILES) {
    const path = join(dir, file);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, await mlflowModelFile(file, fields));
  }
}
