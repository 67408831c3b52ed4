/**
 * The churn network, shared by the Node trainer and the browser: an ensemble of small MLP towers
 * over the preprocessed inputs, each tower trained alone and the scoring model averaging their
 * probabilities.
 */
import { blendWeights } from '../core/ensembleBlend';
import * as tf from './tf';

export interface NetworkConfig {
  /** Hidden layer widths of one tower, e.g. [64, 32]. */
  readonly hidden: readonly number[];
  /** Dropout rate after each hidden layer; 0 for none. */
  readonly dropout: number;
  /** L2 penalty on the first layer's kernel, added to the training loss. */
  readonly l2: number;
}

export const DEFAULT_NETWORK: NetworkConfig = { hidden: [64, 32], dropout: 0, l2: 0 };

/**
 * One tower with a linear output (logits), for training. The output bias starts at the log-odds
 * of the base rate so that training starts calibrated. Seeded: the same seed, the same weights.
 */
export function buildTower(
  inputWidth: number,
  config: NetworkConfig,
  seed: number,
  priorLogit: number,
): tf.Sequential {
  const model = tf.sequential();
  config.hidden.forEach((units, layer) => {
    model.add(
      tf.layers.dense({
        units,
        activation: 'relu',
        kernelInitializer: tf.initializers.heNormal({ seed: seed * 101 + layer }),
        ...(layer === 0 ? { inputShape: [inputWidth] } : {}),
      }),
    );
    if (config.dropout > 0) {
      model.add(tf.layers.dropout({ rate: config.dropout, seed: seed * 101 + 50 + layer }));
    }
  });
  model.add(
    tf.layers.dense({
      units: 1,
      kernelInitializer: tf.initializers.glorotUniform({ seed: seed * 101 + 99 }),
      biasInitializer: tf.initializers.constant({ value: priorLogit }),
    }),
  );
  return model;
}

/**
 * The scoring model: every tower's layers on one input, a sigmoid on each tower's logit, and the
 * mean of the probabilities. Tower weights come from trained towers in layer order (kernel, bias
 * per dense layer); dropout is inert at inference.
 */
export function buildScoringModel(
  inputWidth: number,
  config: NetworkConfig,
  towerWeights: readonly tf.Tensor[][],
  linear: LinearMember | null = null,
): tf.LayersModel {
  const input = tf.input({ shape: [inputWidth], name: 'features' });
  const outputs = towerWeights.map((weights, tower) => {
    let x: tf.SymbolicTensor = input;
    const layers: tf.layers.Layer[] = [];
    config.hidden.forEach((units, layer) => {
      const dense = tf.layers.dense({ units, activation: 'relu', name: `t${tower}_dense${layer}` });
      layers.push(dense);
      x = dense.apply(x) as tf.SymbolicTensor;
    });
    const head = tf.layers.dense({ units: 1, activation: 'sigmoid', name: `t${tower}_out` });
    layers.push(head);
    x = head.apply(x) as tf.SymbolicTensor;
    layers.forEach((layer, i) => {
      const kernel = weights[2 * i];
      const bias = weights[2 * i + 1];
      if (kernel === undefined || bias === undefined) {
        throw new Error(`tower ${tower} lacks weights for layer ${i}`);
      }
      layer.setWeights([kernel, bias]);
    });
    return x;
  });
  const first = outputs[0];
  if (first === undefined) throw new Error('a scoring model needs at least one tower');
  if (linear === null || linear.share <= 0) {
    const output =
      outputs.length === 1
        ? first
        : (tf.layers.average({ name: 'ensemble_mean' }).apply(outputs) as tf.SymbolicTensor);
    return tf.model({ inputs: input, outputs: output, name: 'retem_churn' });
  }
  // The logistic member, then a fixed weighted mean: (1 − share) split over the towers, share to it.
  const logistic = tf.layers.dense({ units: 1, activation: 'sigmoid', name: 'logistic' });
  const logisticOutput = logistic.apply(input) as tf.SymbolicTensor;
  logistic.setWeights([tf.tensor2d(linear.weights, [inputWidth, 1]), tf.tensor1d([linear.bias])]);
  const members = [...outputs, logisticOutput];
  const stacked = tf.layers.concatenate({ name: 'members' }).apply(members) as tf.SymbolicTensor;
  const mean = tf.layers.dense({
    units: 1,
    useBias: false,
    trainable: false,
    name: 'ensemble_mean',
  });
  const output = mean.apply(stacked) as tf.SymbolicTensor;
  const blend = blendWeights(outputs.length, linear.share);
  mean.setWeights([
    tf.tensor2d([...outputs.map(() => blend.tower), blend.linear], [members.length, 1]),
  ]);
  return tf.model({ inputs: input, outputs: output, name: 'retem_churn' });
}

/** A logistic regression on the same inputs, blended into the ensemble with a fixed share. */
export interface LinearMember {
  readonly weights: Float32Array;
  readonly bias: number;
  /** Share of the final probability, in [0, 1). */
  readonly share: number;
}

/** Churn probabilities of a row-major float32 matrix, one small tensor per batch. */
export function predictProbabilities(
  model: tf.LayersModel,
  matrix: Float32Array,
  width: number,
  batchSize = 4096,
): Float32Array {
  const rows = width === 0 ? 0 : Math.floor(matrix.length / width);
  const out = new Float32Array(rows);
  for (let start = 0; start < rows; start += batchSize) {
    const end = Math.min(start + batchSize, rows);
    const values = tf.tidy(() => {
      const batch = tf.tensor2d(matrix.subarray(start * width, end * width), [end - start, width]);
      return (model.predictOnBatch(batch) as tf.Tensor).dataSync();
    });
    out.set(values, start);
  }
  return out;
}
