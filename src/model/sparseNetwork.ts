/**
 * Scoring with a sparse first layer: core's sparseFirstLayer computes the pre-activations of every
 * dense layer that reads the model's input (the towers' first layers, the logistic member) from a
 * customer's non-zero cells, and TF.js runs the rest of the graph on them. Any model whose input
 * feeds only Dense layers qualifies, whatever its shape after that; other models keep the dense path.
 */
import type { FirstLayerWeights } from '../core/sparseFirstLayer';
import * as tf from './tf';

const ACTIVATIONS: Record<string, (x: tf.Tensor) => tf.Tensor> = {
  linear: (x) => x,
  relu: (x) => tf.relu(x),
  sigmoid: (x) => tf.sigmoid(x),
};

/** The input's dense readers side by side, and the rest of the graph as a function of them. */
export interface SplitNetwork {
  /** Every first-layer unit: kernel [inputs × units], bias [units]. */
  readonly firstLayer: FirstLayerWeights;
  /**
   * Probabilities from first-layer pre-activations, row-major [rows × width]; width ≥ units (the
   * columns after the units, such as SIMD padding, are ignored).
   */
  tail(preActivations: Float32Array, rows: number, width: number): Float32Array;
}

interface FirstReader {
  readonly layer: tf.layers.Layer;
  readonly offset: number;
  readonly units: number;
  readonly activation: (x: tf.Tensor) => tf.Tensor;
}

/**
 * Splits a single-input, single-output model after its first dense layers; null when the input
 * feeds anything but Dense layers with a linear, relu or sigmoid activation.
 */
export function splitAfterFirstLayer(model: tf.LayersModel): SplitNetwork | null {
  const input = model.inputLayers[0];
  const output = model.outputLayers[0];
  if (model.inputLayers.length !== 1 || model.outputLayers.length !== 1) return null;
  if (input === undefined || output === undefined) return null;
  const inbound = (layer: tf.layers.Layer) => layer.inboundNodes[0]?.inboundLayers ?? [];
  const readers: FirstReader[] = [];
  let offset = 0;
  for (const layer of model.layers) {
    if (!inbound(layer).includes(input)) continue;
    const config = layer.getConfig();
    const named = config['activation'];
    const activation = ACTIVATIONS[typeof named === 'string' ? named : 'linear'];
    if (layer.getClassName() !== 'Dense' || inbound(layer).length !== 1) return null;
    if (activation === undefined || config['useBias'] === false) return null;
    const units = config['units'];
    if (typeof units !== 'number') return null;
    readers.push({ layer, offset, units, activation });
    offset += units;
  }
  if (readers.length === 0) return null;
  const units = offset;
  const inputs = input.batchInputShape[1] ?? 0;
  const kernel = new Float32Array(inputs * units);
  const bias = new Float32Array(units);
  for (const reader of readers) {
    const [k, b] = reader.layer.getWeights();
    if (k === undefined || b === undefined) return null;
    const values = k.dataSync();
    for (let i = 0; i < inputs; i++) {
      kernel.set(
        values.subarray(i * reader.units, (i + 1) * reader.units),
        i * units + reader.offset,
      );
    }
    bias.set(b.dataSync(), reader.offset);
  }
  const firstOf = new Map(readers.map((reader) => [reader.layer, reader]));
  return {
    firstLayer: { kernel, bias, units },
    tail(preActivations, rows, width) {
      return tf.tidy(() => {
        const pre = tf.tensor2d(preActivations.subarray(0, rows * width), [rows, width]);
        const outputs = new Map<tf.layers.Layer, tf.Tensor>();
        for (const layer of model.layers) {
          if (layer === input) continue;
          const reader = firstOf.get(layer);
          if (reader !== undefined) {
            const slice = tf.slice(pre, [0, reader.offset], [rows, reader.units]);
            outputs.set(layer, reader.activation(slice));
            continue;
          }
          const from = inbound(layer).map((source) => outputs.get(source));
          if (from.some((tensor) => tensor === undefined)) {
            throw new Error(`layer ${layer.name} reads a layer computed after it`);
          }
          const args = from as tf.Tensor[];
          outputs.set(
            layer,
            layer.apply(args.length === 1 ? (args[0] as tf.Tensor) : args) as tf.Tensor,
          );
        }
        const result = outputs.get(output);
        if (result === undefined) throw new Error('the output layer was never reached');
        return result.dataSync() as Float32Array;
      });
    },
  };
}
