/**
 * Checks that the files of an exported model belong together before anything scores with them:
 * the spec is a Retém spec of a version this code reads and matches its schema hash, the metrics
 * come from the same training, the network is made of layers this code scores with and reads as
 * many inputs as the spec makes, and the weights file holds exactly the bytes its manifest describes. Node (the CLIs) and the app call
 * the same check; each words the problem codes in its own language.
 */
import { METRICS_FORMAT } from './modelMetrics';
import { firstUnknownLayerClass } from './networkLayers';
import { computeSchemaHash, PREPROCESS_FORMAT, PREPROCESS_VERSION } from '../preprocess';

export type ModelFilesProblem =
  | { readonly code: 'spec-not-retem' }
  | { readonly code: 'spec-version'; readonly found: number; readonly supported: number }
  | { readonly code: 'spec-edited'; readonly recorded: string; readonly computed: string }
  | { readonly code: 'metrics-not-retem' }
  | { readonly code: 'metrics-other-training'; readonly spec: string; readonly metrics: string }
  | { readonly code: 'network-unreadable' }
  | { readonly code: 'network-layer-unknown'; readonly className: string }
  | { readonly code: 'input-width'; readonly network: number; readonly spec: number }
  | { readonly code: 'weights-size'; readonly expected: number; readonly found: number };

/** Bytes per element of the weight dtypes TF.js writes. */
const DTYPE_BYTES: Readonly<Record<string, number>> = {
  float32: 4,
  int32: 4,
  bool: 1,
  uint8: 1,
  uint16: 2,
  float16: 2,
};

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null;

/**
 * The first problem of a set of model files, or null when they belong together. Inputs are the
 * parsed JSON documents (any shape: a file that is not what it should be is a problem, not an
 * exception) and the byte length of weights.bin.
 */
export function checkModelFiles(files: {
  readonly spec: unknown;
  readonly metrics: unknown;
  readonly modelJson: unknown;
  readonly weightBytes: number;
}): ModelFilesProblem | null {
  const { spec, metrics, modelJson } = files;
  if (!isRecord(spec) || spec['format'] !== PREPROCESS_FORMAT) return { code: 'spec-not-retem' };
  const version = Number(spec['version']);
  if (version !== PREPROCESS_VERSION) {
    return { code: 'spec-version', found: version, supported: PREPROCESS_VERSION };
  }
  const recorded = String(spec['schemaHash']);
  let computed: string;
  try {
    computed = computeSchemaHash(spec as unknown as Parameters<typeof computeSchemaHash>[0]);
  } catch {
    computed = 'unreadable';
  }
  if (computed !== recorded) return { code: 'spec-edited', recorded, computed };
  if (!isRecord(metrics) || metrics['format'] !== METRICS_FORMAT) {
    return { code: 'metrics-not-retem' };
  }
  if (metrics['schemaHash'] !== recorded) {
    return {
      code: 'metrics-other-training',
      spec: recorded,
      metrics: String(metrics['schemaHash']),
    };
  }
  const network = networkShape(modelJson);
  if (network === null) return { code: 'network-unreadable' };
  if (network.unknownLayer !== null) {
    return { code: 'network-layer-unknown', className: network.unknownLayer };
  }
  const outputNames = spec['outputNames'];
  const specWidth = Array.isArray(outputNames) ? outputNames.length : -1;
  if (network.inputWidth !== specWidth) {
    return { code: 'input-width', network: network.inputWidth, spec: specWidth };
  }
  if (network.weightBytes !== files.weightBytes) {
    return { code: 'weights-size', expected: network.weightBytes, found: files.weightBytes };
  }
  return null;
}

/**
 * The network's input width, the weight bytes its manifest describes and the first layer class
 * this code cannot score with (null when none), or null if unreadable.
 */
function networkShape(
  modelJson: unknown,
): { inputWidth: number; weightBytes: number; unknownLayer: string | null } | null {
  if (!isRecord(modelJson)) return null;
  const topology = modelJson['modelTopology'];
  const config = isRecord(topology) && isRecord(topology['config']) ? topology['config'] : null;
  const layers: unknown[] | null =
    config !== null && Array.isArray(config['layers']) ? (config['layers'] as unknown[]) : null;
  const input = layers?.find((layer) => isRecord(layer) && layer['class_name'] === 'InputLayer');
  const inputConfig = isRecord(input) && isRecord(input['config']) ? input['config'] : null;
  const shape = inputConfig?.['batch_input_shape'] ?? inputConfig?.['batchInputShape'];
  const inputWidth = Array.isArray(shape) ? Number(shape[shape.length - 1]) : Number.NaN;
  const manifest = modelJson['weightsManifest'];
  if (!Number.isInteger(inputWidth) || !Array.isArray(manifest)) return null;
  let weightBytes = 0;
  for (const group of manifest) {
    const weights: unknown[] =
      isRecord(group) && Array.isArray(group['weights']) ? (group['weights'] as unknown[]) : [];
    for (const weight of weights) {
      if (!isRecord(weight) || !Array.isArray(weight['shape'])) return null;
      // A quantised weight takes the bytes of its quantised dtype.
      const quantization = weight['quantization'];
      const stored = isRecord(quantization) ? quantization['dtype'] : weight['dtype'];
      const size = DTYPE_BYTES[String(stored)];
      if (size === undefined) return null;
      weightBytes += size * weight['shape'].reduce((n: number, d) => n * Number(d), 1);
    }
  }
  return { inputWidth, weightBytes, unknownLayer: firstUnknownLayerClass(layers ?? []) };
}
