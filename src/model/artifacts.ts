/**
 * Model files as the app and the CLIs exchange them: model.json (topology and weights manifest)
 * and weights.bin, written and read without any platform file API.
 */
import * as tf from './tf';
import { quantizeUint8 } from '../core/scoring';
import { EXACT_WEIGHT_SUFFIX } from './treeLayer';

/**
 * Weight tensors of at least this many values ship as 8-bit (TF.js's uint8 quantisation); smaller
 * ones (biases, the logistic member, the ensemble and calibration layers) stay float32, where
 * they cost little and rounding would move the calibration map.
 */
export const QUANTIZE_MIN_VALUES = 1024;

/**
 * Whether a weight tensor of this many values ships quantised; a tree layer's thresholds (named
 * …/thresholds) never do: a split moved by rounding sends customers to other leaves.
 */
export function shipsQuantized(size: number, name = ''): boolean {
  return size >= QUANTIZE_MIN_VALUES && !name.endsWith(EXACT_WEIGHT_SUFFIX);
}

export interface ModelFiles {
  /** The model.json document. */
  readonly modelJson: {
    modelTopology: unknown;
    format: string;
    generatedBy: string;
    convertedBy: string | null;
    weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
  };
  readonly weights: Uint8Array;
}

/**
 * Serialises a model to model.json + weights.bin bytes; with `quantize`, every float32 tensor of
 * at least QUANTIZE_MIN_VALUES values is stored as uint8 (per-tensor min and scale).
 */
export async function saveModelFiles(
  model: tf.LayersModel,
  options: { readonly quantize?: boolean } = {},
): Promise<ModelFiles> {
  const saved: { files?: ModelFiles } = {};
  await model.save(
    tf.io.withSaveHandler((artifacts) => {
      const data = artifacts.weightData;
      const joined =
        data === undefined
          ? new ArrayBuffer(0)
          : Array.isArray(data)
            ? tf.io.CompositeArrayBuffer.join(data)
            : data;
      const specs = artifacts.weightSpecs ?? [];
      const stored =
        options.quantize === true
          ? quantizeWeights(specs, new Uint8Array(joined))
          : { specs, bytes: new Uint8Array(joined.slice(0)) };
      saved.files = {
        modelJson: {
          modelTopology: artifacts.modelTopology,
          format: artifacts.format ?? 'layers-model',
          generatedBy: artifacts.generatedBy ?? `TensorFlow.js tfjs-layers v${tf.version_layers}`,
          convertedBy: null,
          weightsManifest: [{ paths: ['./weights.bin'], weights: stored.specs }],
        },
        weights: stored.bytes,
      };
      return Promise.resolve({
        modelArtifactsInfo: {
          dateSaved: new Date(0),
          modelTopologyType: 'JSON',
          weightDataBytes: joined.byteLength,
        },
      });
    }),
  );
  if (saved.files === undefined) throw new Error('the model produced no artifacts');
  return saved.files;
}

/** Rewrites float32 weights of QUANTIZE_MIN_VALUES or more values as uint8 with their scales. */
function quantizeWeights(
  specs: readonly tf.io.WeightsManifestEntry[],
  data: Uint8Array,
): { specs: tf.io.WeightsManifestEntry[]; bytes: Uint8Array } {
  const parts: Uint8Array[] = [];
  const out: tf.io.WeightsManifestEntry[] = [];
  let offset = 0;
  for (const spec of specs) {
    const size = spec.shape.reduce((n, d) => n * d, 1);
    if (spec.dtype !== 'float32' || spec.quantization !== undefined) {
      throw new Error(`weight ${spec.name} is not plain float32`);
    }
    const bytes = data.slice(offset, offset + size * 4);
    offset += size * 4;
    if (!shipsQuantized(size, spec.name)) {
      parts.push(bytes);
      out.push(spec);
      continue;
    }
    const quantized = quantizeUint8(new Float32Array(bytes.buffer, 0, size));
    parts.push(quantized.bytes);
    out.push({
      ...spec,
      quantization: { dtype: 'uint8', min: quantized.min, scale: quantized.scale },
    });
  }
  const total = parts.reduce((n, part) => n + part.length, 0);
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const part of parts) {
    bytes.set(part, at);
    at += part.length;
  }
  return { specs: out, bytes };
}

/** Loads a model from model.json content and weights.bin bytes. */
export async function loadModelFiles(
  modelJson: ModelFiles['modelJson'],
  weights: Uint8Array,
): Promise<tf.LayersModel> {
  const buffer = weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength);
  return tf.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: modelJson.modelTopology as tf.io.ModelJSON['modelTopology'],
      weightSpecs: modelJson.weightsManifest.flatMap((group) => group.weights),
      weightData: buffer as ArrayBuffer,
    }),
  );
}
