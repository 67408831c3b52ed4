/**
 * Scoring engines for the Node scorer: the same records, the same refusals, the same
 * probabilities, by two runtimes. `tfjs` encodes each record with core's encoder and runs the
 * TF.js model; `onnx` reads the raw cells with core's raw-record reader and runs model.onnx (the
 * whole pipeline) on onnxruntime-node, an optional dependency.
 */
import { join } from 'node:path';
import {
  type CellProblem,
  allocateRawColumns,
  createRawRecordReader,
  rawInputNames,
  createRecordEncoder,
} from '../../src/core/preprocess';
import type { HeaderProblem, OnValueWarning } from '../../src/core/records';
import { success, type Result } from '../../src/core/result';
import { predictProbabilities } from '../../src/model/network';
import { ONNX_MISSING_CATEGORY } from '../exports/onnx/preprocessGraph';
import { ONNX_MODEL_FILE } from '../exports/onnx/pipelineModel';
import { ModelDirError, type ExportedModel } from '../lib/modelDir';

export const ENGINES = ['tfjs', 'onnx'] as const;
export type EngineName = (typeof ENGINES)[number];

/** A batch being filled: records go into slots 0…size−1, then score(count) scores the first count. */
export interface RecordBatch {
  readonly size: number;
  /**
   * Reads a record into a slot; returns the first cell that cannot be read, or null. Cells read
   * but looking wrong go to `warn` (core's cell rules).
   */
  read(fields: readonly string[], slot: number, warn?: OnValueWarning): CellProblem | null;
  /** Churn probabilities of slots 0…count−1. */
  score(count: number): Promise<ArrayLike<number>>;
}

export interface ScoringEngine {
  readonly name: EngineName;
  /** Prepares a batch for a file's header, or says why the header cannot serve. */
  batchFor(header: readonly string[], decimalComma: boolean): Result<RecordBatch, HeaderProblem>;
  dispose(): Promise<void>;
}

/** onnxruntime-node is not installed (it is optional): an infrastructure failure. */
export class EngineUnavailableError extends Error {
  override readonly name = 'EngineUnavailableError';
}

/** The TF.js engine over an exported model. */
export function tfjsEngine(
  exported: Pick<ExportedModel, 'spec' | 'model'>,
  batchSize = 4096,
): ScoringEngine {
  const { spec, model } = exported;
  const width = spec.outputNames.length;
  return {
    name: 'tfjs',
    batchFor(header, decimalComma) {
      const created = createRecordEncoder(spec, header, decimalComma);
      if (!created.ok) return created;
      const encode = created.value;
      const matrix = new Float32Array(batchSize * width);
      return success<RecordBatch>({
        size: batchSize,
        read: (fields, slot, warn) => encode(fields, matrix, slot * width, warn),
        score: (count) =>
          Promise.resolve(
            predictProbabilities(model, matrix.subarray(0, count * width), width, batchSize),
          ),
      });
    },
    dispose: () => Promise.resolve(),
  };
}

// The few onnxruntime-node types used here, so that the project type-checks without it.
interface OrtTensor {
  readonly data: ArrayLike<number>;
}
interface OrtSession {
  readonly inputNames: readonly string[];
  run(
    feeds: Record<string, OrtTensor>,
    outputs: readonly string[],
  ): Promise<Record<string, OrtTensor>>;
  release(): Promise<void>;
}
interface OrtModule {
  Tensor: new (
    type: 'float64' | 'string',
    data: Float64Array | string[],
    dims: number[],
  ) => OrtTensor;
  InferenceSession: {
    create(path: string, options: Record<string, unknown>): Promise<OrtSession>;
  };
}

/** Loads onnxruntime-node, or throws EngineUnavailableError saying how to get it. */
export async function loadOnnxRuntime(): Promise<OrtModule> {
  const name = 'onnxruntime-node';
  try {
    return (await import(name)) as OrtModule;
  } catch (error) {
    throw new EngineUnavailableError(
      `the onnx engine needs the optional package onnxruntime-node, which did not load (${(error as Error).message}). ` +
        'Install it with "npm install" (the project\'s .npmrc skips its GPU download), or use --engine tfjs.',
    );
  }
}

/**
 * The ONNX engine: model.onnx of an exported model directory on onnxruntime-node's CPU provider.
 * Throws ModelDirError when model.onnx is absent or reads other columns than the spec.
 */
export async function onnxEngine(
  dir: string,
  exported: Pick<ExportedModel, 'spec'>,
  options: { batchSize?: number; threads?: number } = {},
): Promise<ScoringEngine> {
  const ort = await loadOnnxRuntime();
  const { spec } = exported;
  const batchSize = options.batchSize ?? 4096;
  let session: OrtSession;
  try {
    session = await ort.InferenceSession.create(join(dir, ONNX_MODEL_FILE), {
      executionProviders: ['cpu'],
      graphOptimizationLevel: 'all',
      intraOpNumThreads: options.threads ?? 2,
    });
  } catch (error) {
    throw new ModelDirError(
      `${join(dir, ONNX_MODEL_FILE)} cannot be loaded: ${(error as Error).message}. Re-export the model with "npm run train".`,
    );
  }
  const { numeric, text } = rawInputNames(spec);
  const expected = [...numeric, ...text].sort();
  const actual = [...session.inputNames].sort();
  if (expected.join('\n') !== actual.join('\n')) {
    throw new ModelDirError(
      `${ONNX_MODEL_FILE} in ${dir} reads other columns than preprocess.json: it comes from another training`,
    );
  }
  return {
    name: 'onnx',
    batchFor(header, decimalComma) {
      const created = createRawRecordReader(spec, header, decimalComma);
      if (!created.ok) return created;
      const read = created.value;
      const columns = allocateRawColumns(spec, batchSize);
      return success<RecordBatch>({
        size: batchSize,
        read: (fields, slot, warn) => read(fields, columns, slot, warn),
        async score(count) {
          const feeds: Record<string, OrtTensor> = {};
          numeric.forEach((name, k) => {
            const values = columns.numbers[k] ?? new Float64Array(batchSize);
            feeds[name] = new ort.Tensor('float64', values.subarray(0, count), [count]);
          });
          text.forEach((name, k) => {
            const values = (columns.texts[k] ?? []).slice(0, count);
            feeds[name] = new ort.Tensor(
              'string',
              values.map((v) => v ?? ONNX_MISSING_CATEGORY),
              [count],
            );
          });
          const result = await session.run(feeds, ['probability']);
          const probability = result['probability'];
          if (probability === undefined)
            throw new ModelDirError(`${ONNX_MODEL_FILE} gave no probability`);
          return probability.data;
        },
      });
    },
    dispose: () => session.release(),
  };
}
