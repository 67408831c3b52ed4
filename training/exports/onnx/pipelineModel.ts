/**
 * The whole scoring pipeline as one ONNX file: raw customer columns in (named after them), the
 * preprocessing spec, the network, and two outputs: `probability` (float64, [N]) and `decision`
 * (int64, [N], 1 when probability ≥ the decision threshold it is built with).
 */
import * as tf from '@tensorflow/tfjs';
import type { PreprocessSpec } from '../../../src/core/preprocess';
import { GraphBuilder } from './graphBuilder';
import { addNetwork } from './networkGraph';
import { encodeOnnxModel } from './onnxFile';
import { addPreprocessing } from './preprocessGraph';

export const ONNX_MODEL_FILE = 'model.onnx';

/**
 * Builds the pipeline graph for a spec, a trained model and a threshold (a probability in [0, 1]).
 * Throws OnnxExportError (networkGraph.ts) for a model layer it cannot write.
 */
export function buildPipelineGraph(
  spec: PreprocessSpec,
  model: tf.LayersModel,
  threshold: number,
): GraphBuilder {
  const graph = new GraphBuilder();
  const encoded = addPreprocessing(graph, spec);
  const output = addNetwork(graph, model, encoded);
  const flat = graph.op('Reshape', [output, graph.int64s('batch_shape', [-1])], [], 'p_float');
  const probability = graph.op('Cast', [flat], [{ name: 'to', kind: 'int', value: 11 }]);
  const decision = graph.op(
    'Cast',
    [graph.op('GreaterOrEqual', [probability, graph.doubles('threshold', [threshold], [])])],
    [{ name: 'to', kind: 'int', value: 7 }],
  );
  graph.output(
    { name: 'probability', type: 'double', shape: ['N'], doc: 'churn probability' },
    probability,
  );
  graph.output(
    { name: 'decision', type: 'int64', shape: ['N'], doc: `1 = contact (p ≥ ${threshold})` },
    decision,
  );
  return graph;
}

/** The ONNX file's bytes for a spec, a trained model and its threshold. */
export function pipelineOnnxBytes(
  spec: PreprocessSpec,
  model: tf.LayersModel,
  threshold: number,
): Uint8Array {
  const graph = buildPipelineGraph(spec, model, threshold);
  return encodeOnnxModel(graph, 'retem_churn_pipeline', {
    producerVersion: `tfjs ${tf.version.tfjs}`,
    doc: 'Retém churn model: raw customer columns in, churn probability and decision out.',
    metadata: {
      schema_hash: spec.schemaHash,
      id_column: spec.idColumn,
      threshold: String(threshold),
    },
  });
}
