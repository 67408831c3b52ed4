/**
 * Model files as the app and the CLIs exchange them: model.json (topology and weights manifest)
 * and weights.bin, written and read without any platform file API.
 */
import * as tf from './tf';

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

/** Serialises a model to model.json + weights.bin bytes. */
export async function saveModelFiles(model: tf.LayersModel): Promise<ModelFiles> {
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
      saved.files = {
        modelJson: {
          modelTopology: artifacts.modelTopology,
          format: artifacts.format ?? 'layers-model',
          generatedBy: artifacts.generatedBy ?? `TensorFlow.js tfjs-layers v${tf.version_layers}`,
          convertedBy: null,
          weightsManifest: [{ paths: ['./weights.bin'], weights: artifacts.weightSpecs ?? [] }],
        },
        weights: new Uint8Array(joined.slice(0)),
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
