/**
 * The churn network, shared by the Node trainer and the browser: an ensemble of small MLP towers
 * over the preprocessed inputs, each tower trained alone, the scoring model averaging their logits
 * and calibrating the result.
 */
import { blendWeights } from '../core/scoring';
import { IDENTITY_CALIBRATION, type CalibrationMap } from '../core/evaluation';
import * as tf from './tf';
import { applyTrees, type TreeModel } from './treeLayer';

export interface NetworkConfig {
  /** Hidden layer widths of one tower, e.g. [64, 32]. */
  readonly hidden: readonly number[];
}

export const DEFAULT_NETWORK: NetworkConfig = { hidden: [24, 12] };

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
 * The scoring model. Every tower's layers read the one input and end in a logit; the logistic
 * member and the tree member (if any) are one more logit each. A fixed linear layer averages them in logit space (the towers
 * share equally what the logistic member's share leaves), and the calibration map turns that logit
 * into a probability: Platt as a sigmoid unit, isotonic as ReLU hinges at its knots (linear
 * interpolation, flat outside). With `calibration: 'logit'` the model outputs the averaged logit
 * itself (for out-of-fold calibration). Tower weights come in layer order (kernel, bias per
 * dense layer).
 */
export function buildScoringModel(
  inputWidth: number,
  config: NetworkConfig,
  towerWeights: readonly (readonly tf.Tensor[])[],
  options: {
    readonly linear?: LinearMember | null;
    readonly trees?: TreeMember | null;
    readonly calibration?: CalibrationMap | 'logit';
  } = {},
): tf.LayersModel {
  const input = tf.input({ shape: [inputWidth], name: 'features' });
  const members = towerWeights.map((weights, tower) => {
    let x: tf.SymbolicTensor = input;
    const layers: tf.layers.Layer[] = [];
    config.hidden.forEach((units, layer) => {
      const dense = tf.layers.dense({ units, activation: 'relu', name: `t${tower}_dense${layer}` });
      layers.push(dense);
      x = dense.apply(x) as tf.SymbolicTensor;
    });
    const head = tf.layers.dense({ units: 1, name: `t${tower}_out` });
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
  if (members.length === 0) throw new Error('a scoring model needs at least one tower');
  const linear = options.linear ?? null;
  const share = linear === null ? 0 : linear.share;
  if (linear !== null && share > 0) {
    const logistic = tf.layers.dense({ units: 1, name: 'logistic' });
    members.push(logistic.apply(input) as tf.SymbolicTensor);
    logistic.setWeights([tf.tensor2d(linear.weights, [inputWidth, 1]), tf.tensor1d([linear.bias])]);
  }
  const trees = options.trees ?? null;
  const treeShare = trees === null ? 0 : trees.share;
  if (trees !== null && treeShare > 0) members.push(applyTrees(input, trees.model));
  let logit = members[0] as tf.SymbolicTensor;
  if (members.length > 1) {
    const stacked = tf.layers.concatenate({ name: 'members' }).apply(members) as tf.SymbolicTensor;
    const mean = tf.layers.dense({ units: 1, useBias: false, name: 'ensemble_logit' });
    logit = mean.apply(stacked) as tf.SymbolicTensor;
    const blend = blendWeights(towerWeights.length, share, treeShare);
    const memberWeights = towerWeights.map(() => blend.tower);
    if (share > 0) memberWeights.push(blend.linear);
    if (treeShare > 0) memberWeights.push(blend.trees);
    mean.setWeights([tf.tensor2d(memberWeights, [members.length, 1])]);
  }
  const calibration = options.calibration ?? IDENTITY_CALIBRATION;
  const output = calibration === 'logit' ? logit : calibrationLayers(logit, calibration);
  return tf.model({ inputs: input, outputs: output, name: 'retem_churn' });
}

/** The calibration map as layers on a logit: one sigmoid unit (Platt) or ReLU hinges (isotonic). */
function calibrationLayers(logit: tf.SymbolicTensor, map: CalibrationMap): tf.SymbolicTensor {
  if (map.method === 'platt') {
    const unit = tf.layers.dense({ units: 1, activation: 'sigmoid', name: 'calibration' });
    const output = unit.apply(logit) as tf.SymbolicTensor;
    unit.setWeights([tf.tensor2d([[map.a]]), tf.tensor1d([map.b])]);
    return output;
  }
  // f(z) = y0 + Σ_k c_k · relu(z − x_k), with c the change of slope at each knot, read on the
  // logit clamped to the knots' range [x_0, x_K], so that no hinge grows beyond that range (far
  // logits summed float32 terms that cancel badly), then clamped to [0, 1], which float32
  // rounding of the sum could otherwise leave by a few ulps. Dense layers only, so that every
  // engine (the sparse path, ONNX) computes it as it computes the rest.
  const knots = map.x.length;
  const first = map.x[0] ?? 0;
  const last = map.x[knots - 1] ?? 0;
  const slopes = Array.from({ length: Math.max(knots - 1, 0) }, (_, k) => {
    const dx = (map.x[k + 1] ?? 0) - (map.x[k] ?? 0);
    return ((map.y[k + 1] ?? 0) - (map.y[k] ?? 0)) / dx;
  });
  const change = Array.from(
    { length: knots },
    (_, k) => (k < slopes.length ? (slopes[k] ?? 0) : 0) - (k > 0 ? (slopes[k - 1] ?? 0) : 0),
  );
  const scalar = (name: string, kernel: number, bias: number, input: tf.SymbolicTensor) => {
    const layer = tf.layers.dense({ units: 1, activation: 'relu', name });
    const output = layer.apply(input) as tf.SymbolicTensor;
    layer.setWeights([tf.tensor2d([[kernel]]), tf.tensor1d([bias])]);
    return output;
  };
  // above = max(z − x_0, 0); below = max(x_K − x_0 − above, 0) = x_K − clamp(z, x_0, x_K).
  const above = scalar('calibration_floor', 1, -first, logit);
  const below = scalar('calibration_ceiling', -1, last - first, above);
  // relu(clamp(z) − x_k) = relu((x_K − x_k) − below).
  const hinges = tf.layers.dense({ units: knots, activation: 'relu', name: 'calibration_knots' });
  const hinged = hinges.apply(below) as tf.SymbolicTensor;
  hinges.setWeights([
    tf.tensor2d(new Array<number>(knots).fill(-1), [1, knots]),
    tf.tensor1d(map.x.map((x) => last - x)),
  ]);
  // short = max(1 − f, 0); the probability max(1 − short, 0) = clamp(f, 0, 1).
  const top = tf.layers.dense({ units: 1, activation: 'relu', name: 'calibration_top' });
  const short = top.apply(hinged) as tf.SymbolicTensor;
  top.setWeights([
    tf.tensor2d(
      change.map((c) => -c),
      [knots, 1],
    ),
    tf.tensor1d([1 - (map.y[0] ?? 0)]),
  ]);
  return scalar('calibration', -1, 1, short);
}

/** A logistic regression on the same inputs, a member of the ensemble with a fixed share. */
export interface LinearMember {
  readonly weights: Float32Array;
  readonly bias: number;
  /** Share of the averaged logit, in [0, 1). */
  readonly share: number;
}

/** Boosted trees (oblivious or depth-wise) on the same inputs, a member of the ensemble with a fixed share. */
export interface TreeMember {
  readonly model: TreeModel;
  /** Share of the blended logit, in [0, 1] (1: the trees alone). */
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
