/**
 * A TF.js layers model as ONNX nodes. It walks the model's layers in their (topological) order
 * and writes each as the ONNX operators that compute the same thing in float32. Layers it does not
 * know are refused by name rather than exported wrong.
 */
import * as tf from '@tensorflow/tfjs';
import type { GraphBuilder } from './graphBuilder';
import type { EncodedInputs } from './preprocessGraph';
import { isTreeLayer } from '../../../src/model/treeLayer';
import { addTrees } from './treeGraph';

/** The model holds a layer or a setting the exporter cannot write as ONNX. */
export class OnnxExportError extends Error {
  override readonly name = 'OnnxExportError';
}

interface LayerConfig {
  readonly activation?: string;
  readonly useBias?: boolean;
  readonly axis?: number;
}

/**
 * Adds the network's nodes, reading the encoded customers (float32 [rows, N], spec output i at
 * row rowOf[i]) as the model's single input; returns its single output (float32 [N, 1]).
 */
export function addNetwork(
  graph: GraphBuilder,
  model: tf.LayersModel,
  encoded: EncodedInputs,
): string {
  if (model.inputs.length !== 1 || model.outputs.length !== 1) {
    throw new OnnxExportError('the exporter writes models with one input and one output');
  }
  const valueOf = addInputLayers(graph, model, encoded);
  for (const layer of model.layers) {
    if (valueOf.has(layer.name)) continue;
    const className = layer.getClassName();
    const config = layer.getConfig() as LayerConfig;
    const inbound = layer.inboundNodes[0]?.inboundLayers ?? [];
    const inputs = inbound.map((source) => {
      const value = valueOf.get(source.name);
      if (value === undefined) {
        throw new OnnxExportError(`layer "${layer.name}" reads "${source.name}" before it exists`);
      }
      return value;
    });
    if (inputs.includes(encoded.value)) {
      throw new OnnxExportError(
        `layer "${layer.name}" (${className}) reads the model input: only Dense layers may`,
      );
    }
    const first = inputs[0] ?? '';
    let value: string;
    switch (className) {
      case 'Dense': {
        const weights = layer.getWeights();
        const kernel = weights[0];
        if (kernel === undefined) throw new OnnxExportError(`layer "${layer.name}" has no kernel`);
        const [rows, units] = kernel.shape as [number, number];
        const gemmInputs = [
          first,
          graph.floats(`${layer.name}_kernel`, kernel.dataSync(), [rows, units]),
        ];
        const bias = config.useBias === false ? undefined : weights[1];
        if (bias !== undefined)
          gemmInputs.push(graph.floats(`${layer.name}_bias`, bias.dataSync()));
        const linear = graph.op('Gemm', gemmInputs, [], `${layer.name}_linear`);
        value = activation(graph, linear, config.activation ?? 'linear', layer.name);
        break;
      }
      case 'Average':
        value = inputs.length === 1 ? first : graph.op('Mean', inputs, [], layer.name);
        break;
      case 'Concatenate': {
        const axis = config.axis ?? -1;
        value = graph.op(
          'Concat',
          inputs,
          [{ name: 'axis', kind: 'int', value: axis }],
          layer.name,
        );
        break;
      }
      default:
        throw new OnnxExportError(
          `the ONNX exporter does not know the layer "${layer.name}" (${className})`,
        );
    }
    valueOf.set(layer.name, value);
  }
  const outputLayer = model.outputLayers[0];
  const output = outputLayer === undefined ? undefined : valueOf.get(outputLayer.name);
  if (output === undefined) throw new OnnxExportError('the model has no output layer');
  return output;
}

/**
 * The input layer and every Dense layer that reads it, as one Gemm over the encoded rows: their
 * kernels side by side, rows permuted to where the preprocessing put each input (rows the model
 * does not read get zero weights), then split back into one value per layer.
 */
function addInputLayers(
  graph: GraphBuilder,
  model: tf.LayersModel,
  encoded: EncodedInputs,
): Map<string, string> {
  const valueOf = new Map<string, string>();
  const inputLayer = model.layers.find((layer) => layer.getClassName() === 'InputLayer');
  if (inputLayer === undefined) throw new OnnxExportError('the model has no input layer');
  valueOf.set(inputLayer.name, encoded.value);
  const readsInput = (layer: tf.layers.Layer) =>
    layer.inboundNodes[0]?.inboundLayers.some((source) => source.name === inputLayer.name) ?? false;
  for (const layer of model.layers) {
    if (readsInput(layer) && isTreeLayer(layer)) {
      valueOf.set(layer.name, addTrees(graph, layer, encoded));
      continue;
    }
    if (readsInput(layer) && layer.getClassName() !== 'Dense') {
      throw new OnnxExportError(
        `the ONNX exporter does not know the layer "${layer.name}" (${layer.getClassName()}) on the model input: only Dense and tree layers may read it`,
      );
    }
  }
  const readers = model.layers.filter(
    (layer) =>
      layer.getClassName() === 'Dense' &&
      layer.inboundNodes[0]?.inboundLayers.length === 1 &&
      layer.inboundNodes[0].inboundLayers[0]?.name === inputLayer.name,
  );
  if (readers.length === 0) {
    throw new OnnxExportError('the exporter needs Dense layers reading the model input');
  }
  const kernels = readers.map((layer) => {
    const [kernel, bias] = layer.getWeights();
    const config = layer.getConfig() as LayerConfig;
    if (kernel === undefined) throw new OnnxExportError(`layer "${layer.name}" has no kernel`);
    const [inputs, units] = kernel.shape as [number, number];
    if (inputs !== encoded.rowOf.length) {
      throw new OnnxExportError(
        `layer "${layer.name}" reads ${inputs} inputs but the preprocessing makes ${encoded.rowOf.length}`,
      );
    }
    return {
      layer,
      units,
      kernel: kernel.dataSync(),
      bias: config.useBias === false || bias === undefined ? null : bias.dataSync(),
    };
  });
  const total = kernels.reduce((sum, k) => sum + k.units, 0);
  const weights = new Float32Array(encoded.rows * total);
  const biases = new Float32Array(total);
  let offset = 0;
  for (const { units, kernel, bias } of kernels) {
    encoded.rowOf.forEach((row, input) => {
      for (let u = 0; u < units; u++) {
        weights[row * total + offset + u] = kernel[input * units + u] ?? 0;
      }
    });
    if (bias !== null) biases.set(bias, offset);
    offset += units;
  }
  const fused = graph.op(
    'Gemm',
    [
      encoded.value,
      graph.floats('input_kernels', weights, [encoded.rows, total]),
      graph.floats('input_biases', biases),
    ],
    [{ name: 'transA', kind: 'int', value: 1 }],
    'input_linear',
  );
  const linears =
    kernels.length === 1
      ? [fused]
      : graph.opWithOutputs(
          'Split',
          [
            fused,
            graph.int64s(
              'split_sizes',
              kernels.map((k) => k.units),
            ),
          ],
          kernels.map((k) => `${k.layer.name}_linear`),
          [{ name: 'axis', kind: 'int', value: 1 }],
        );
  kernels.forEach(({ layer }, i) => {
    const config = layer.getConfig() as LayerConfig;
    valueOf.set(
      layer.name,
      activation(graph, linears[i] ?? '', config.activation ?? 'linear', layer.name),
    );
  });
  return valueOf;
}

function activation(graph: GraphBuilder, value: string, name: string, layer: string): string {
  switch (name) {
    case 'linear':
      return value;
    case 'relu':
      return graph.op('Relu', [value], [], `${layer}_relu`);
    case 'sigmoid':
      return graph.op('Sigmoid', [value], [], `${layer}_sigmoid`);
    case 'tanh':
      return graph.op('Tanh', [value], [], `${layer}_tanh`);
    default:
      throw new OnnxExportError(`the ONNX exporter does not know the activation "${name}"`);
  }
}
