/**
 * Inference speed of the two scoring engines on the same customers, CSV reading apart: the file
 * is read once into raw columns; then TF.js encodes and predicts batch by batch (what its engine
 * does per batch), and ONNX Runtime runs model.onnx on the raw columns. Steady state: one warm-up
 * pass, then the best of three timed passes.
 */
import { describeHeaderProblem } from '../../../src/core/records';
import { join } from 'node:path';
import {
  createRawRecordReader,
  allocateRawColumns,
  rawInputNames,
  createValueEncoder,
} from '../../../src/core/preprocess';
import { predictProbabilities } from '../../../src/model/network';
import { streamCsvFile } from '../../lib/csvFile';
import { readScoringModel } from '../../lib/modelDir';
import { loadOnnxRuntime } from '../../scoring/scoringEngine';
import { initTensorflow } from '../../lib/tfNode';
import { ONNX_MODEL_FILE } from '../../exports/onnx/pipelineModel';

export interface EngineSpeed {
  readonly customers: number;
  readonly batchSize: number;
  readonly tfjsRowsPerSecond: number;
  /** null when onnxruntime-node is not installed. */
  readonly onnxRowsPerSecond: number | null;
  readonly onnxThreads: number;
}

const BATCH = 4096;

function bestOf(passes: number, run: () => Promise<void> | void): Promise<number> {
  return (async () => {
    await run();
    let best = Infinity;
    for (let i = 0; i < passes; i++) {
      const started = performance.now();
      await run();
      best = Math.min(best, (performance.now() - started) / 1000);
    }
    return best;
  })();
}

/** Measures both engines with the model in modelDir on the customers of csvPath. */
export async function benchEngines(modelDir: string, csvPath: string): Promise<EngineSpeed> {
  await initTensorflow();
  const { spec, model } = await readScoringModel(modelDir);
  const names = rawInputNames(spec);
  if (names.text.length > 0) throw new Error('the engine bench reads numeric models only');
  const rows: Float64Array[] = [];
  let columns = allocateRawColumns(spec, 1);
  let read: ReturnType<typeof createRawRecordReader> | null = null;
  await streamCsvFile(csvPath, {
    hashText: false,
    onHeader(fields) {
      read = createRawRecordReader(spec, fields);
    },
    onRecord(record) {
      if (read?.ok !== true) throw new Error(`${csvPath}: the header lacks the model's columns`);
      columns = allocateRawColumns(spec, 1);
      if (read.value(record.fields, columns, 0) === null) {
        rows.push(Float64Array.from(columns.numbers, (c) => c[0] ?? Number.NaN));
      }
    },
  });
  const n = rows.length;
  // Column-major copies for ONNX Runtime; row-major raw values for the TF.js encoder.
  const byColumn = names.numeric.map((_, k) => Float64Array.from(rows, (r) => r[k] ?? Number.NaN));
  const created = createValueEncoder(spec, names.numeric);
  if (!created.ok) throw new Error(describeHeaderProblem(created.problem));
  const encode = created.value;
  const width = spec.outputNames.length;
  const matrix = new Float32Array(BATCH * width);

  const tfjsSeconds = await bestOf(3, () => {
    for (let start = 0; start < n; start += BATCH) {
      const end = Math.min(start + BATCH, n);
      for (let i = start; i < end; i++) encode(rows[i] ?? [], matrix, (i - start) * width);
      predictProbabilities(model, matrix.subarray(0, (end - start) * width), width, BATCH);
    }
  });

  let onnxRowsPerSecond: number | null = null;
  const threads = 2;
  try {
    const ort = await loadOnnxRuntime();
    const session = await ort.InferenceSession.create(join(modelDir, ONNX_MODEL_FILE), {
      executionProviders: ['cpu'],
      graphOptimizationLevel: 'all',
      intraOpNumThreads: threads,
    });
    const onnxSeconds = await bestOf(3, async () => {
      for (let start = 0; start < n; start += BATCH) {
        const end = Math.min(start + BATCH, n);
        const feeds: Record<string, InstanceType<typeof ort.Tensor>> = {};
        names.numeric.forEach((name, k) => {
          feeds[name] = new ort.Tensor(
            'float64',
            (byColumn[k] ?? new Float64Array(0)).subarray(start, end),
            [end - start],
          );
        });
        await session.run(feeds, ['probability']);
      }
    });
    await session.release();
    onnxRowsPerSecond = n / onnxSeconds;
  } catch (error) {
    console.error(`  (onnx engine not measured: ${(error as Error).message})`);
  }
  return {
    customers: n,
    batchSize: BATCH,
    tfjsRowsPerSecond: n / tfjsSeconds,
    onnxRowsPerSecond,
    onnxThreads: threads,
  };
}
