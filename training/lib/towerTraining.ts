/**
 * Trains one tower with a hand-rolled loop: seeded shuffles, Adam, and early stopping on
 * validation AUC with the best weights restored. The passes and the optimizer run on plain
 * float32 arrays (towerPasses.ts, adam.ts); TF.js only draws the seeded initial weights, so a
 * tower starts where the TF.js layers of buildTower start.
 */
import * as tf from '../../src/model/tf';
import { centerRows, frequentColumnValues, type CenteredRows } from '../../src/core/scoring';
import { rocAuc, logLoss } from '../../src/core/metrics';
import { createRng, shuffleInPlace } from '../../src/core/rng';
import { createCenteredKernel } from '../../src/model/centeredKernel';
import { buildTower, type NetworkConfig } from '../../src/model/network';
import { createAdam } from './adam';
import { batchLossGradient, effectiveLogitWeight, type LogitMatching } from './towerLoss';
import { createDenseLayerKernel, type DenseLayer } from './denseLayerKernel';
import {
  towerBackward,
  towerForward,
  towerWorkspace,
  type TowerKernels,
  type TowerLayers,
  type TowerWorkspace,
} from './towerPasses';
import type { SerializedTensor } from './towerProtocol';
import type { TowerLoops } from '../../src/core/modelFiles';

export interface TrainingMatrix {
  /** Row-major inputs, rows × width. */
  readonly matrix: Float32Array;
  readonly width: number;
  /** The matrix as sparse rows (centeredRows.ts), when the caller has built them; else built here. */
  readonly centered?: CenteredRows | undefined;
  /** 0/1 per row. */
  readonly labels: Uint8Array;
  /**
   * A teacher's logit per row (distillation; only training rows are read), learnt as
   * `TowerOptions.distillation` says; absent: the labels alone. Validation and early stopping
   * always use the labels.
   */
  readonly teacherLogits?: Float32Array | undefined;
}

export interface TowerOptions {
  readonly network: NetworkConfig;
  readonly seed: number;
  readonly learningRate: number;
  readonly batchSize: number;
  /** Most epochs; with validation rows training stops earlier once AUC stalls. */
  readonly maxEpochs: number;
  /** Epochs without a better validation AUC before stopping. */
  readonly patience: number;
  /** How the loss mixes the label and the teacher's logit, when the matrix has teacher logits. */
  readonly distillation?: LogitMatching | undefined;
}

export interface EpochLog {
  readonly epoch: number;
  /** Mean training loss over the epoch's batches (nats): cross-entropy, or LogitMatching's mix. */
  readonly loss: number;
  /** Validation cross-entropy (nats), or NaN without validation rows. */
  readonly valLoss: number;
  /** Validation ROC AUC, or NaN without validation rows. */
  readonly valAuc: number;
}

export interface TrainedTower {
  /** Kernel and bias per dense layer as kept (the best epoch's), TF.js's shapes and layout. */
  readonly weights: SerializedTensor[];
  /** 1-based epoch of best validation AUC. */
  readonly bestEpoch: number;
  readonly history: EpochLog[];
  /** Validation probabilities of the kept weights (empty without validation rows). */
  readonly validationScores: Float32Array;
  /** The loops it trained with (WebAssembly SIMD, or JavaScript where those could not start). */
  readonly loops: TowerLoops;
}

/** The rows a tower trains and stops on. */
export interface TowerRows {
  readonly train: ArrayLike<number>;
  readonly validation: ArrayLike<number>;
}

/**
 * The loops a tower trains with: the first layer's products over the matrix as sparse rows
 * (centred on frequent values), and the dense loops of the layers after it.
 */
function kernelsOf(data: TrainingMatrix): TowerKernels {
  return {
    firstLayer: createCenteredKernel(
      data.centered ??
        centerRows(data.matrix, data.width, frequentColumnValues(data.matrix, data.width)),
    ),
    dense: createDenseLayerKernel(),
  };
}

/**
 * The seeded initial layers of buildTower (He-normal ReLU layers, a Glorot output whose bias is
 * the prior's logit), drawn by TF.js and copied out.
 */
function initialLayers(width: number, network: NetworkConfig, seed: number, priorLogit: number) {
  const tower = buildTower(width, network, seed, priorLogit);
  try {
    const weights = tower.getWeights();
    const layers: DenseLayer[] = [];
    for (let i = 0; i < weights.length; i += 2) {
      const kernel = weights[i] as tf.Tensor;
      const bias = weights[i + 1] as tf.Tensor;
      const [inputs = 0, units = 0] = kernel.shape;
      layers.push({
        inputs,
        units,
        kernel: Float32Array.from(kernel.dataSync()),
        bias: Float32Array.from(bias.dataSync()),
      });
    }
    return layers;
  } finally {
    tower.dispose();
  }
}

/** A copy of the layers' values, as TF.js shapes them. */
function serialized(layers: TowerLayers): SerializedTensor[] {
  return layers.flatMap((layer) => [
    { shape: [layer.inputs, layer.units], values: Float32Array.from(layer.kernel) },
    { shape: [layer.units], values: Float32Array.from(layer.bias) },
  ]);
}

/** Probabilities of a tower on the given rows, in batches of up to workspace.rows rows. */
function towerProbabilities(
  layers: TowerLayers,
  kernels: TowerKernels,
  batch: ArrayLike<number>,
  workspace: TowerWorkspace,
): Float32Array {
  const out = new Float32Array(batch.length);
  const batchSize = Math.max(workspace.rows, 1);
  for (let start = 0; start < batch.length; start += batchSize) {
    const end = Math.min(start + batchSize, batch.length);
    const logits = towerForward(layers, kernels, batch, start, end, workspace);
    for (let i = 0; i < end - start; i++) out[start + i] = 1 / (1 + Math.exp(-(logits[i] ?? 0)));
  }
  return out;
}

/**
 * Trains a tower on rows.train. With rows.validation it
 * keeps the epoch of best validation AUC and stops after `patience` epochs without gain; without
 * them it trains exactly maxEpochs. Throws RangeError when there are no training rows.
 */
export async function trainTower(
  data: TrainingMatrix,
  rows: TowerRows,
  options: TowerOptions,
  onEpoch?: (log: EpochLog) => void,
): Promise<TrainedTower> {
  const { train: trainRows, validation: validationRows } = rows;
  if (trainRows.length === 0) throw new RangeError('trainTower needs training rows');
  let positives = 0;
  for (let i = 0; i < trainRows.length; i++) positives += data.labels[trainRows[i] ?? 0] ?? 0;
  const prior = Math.min(Math.max(positives / trainRows.length, 1e-4), 1 - 1e-4);
  const layers = initialLayers(
    data.width,
    options.network,
    options.seed,
    Math.log(prior / (1 - prior)),
  );
  const gradients: DenseLayer[] = layers.map((layer) => ({
    ...layer,
    kernel: new Float32Array(layer.kernel.length),
    bias: new Float32Array(layer.bias.length),
  }));
  // Adam steps kernel and bias of each layer, in layer order.
  const parameters = layers.flatMap((layer) => [layer.kernel, layer.bias]);
  const parameterGradients = gradients.flatMap((layer) => [layer.kernel, layer.bias]);
  const optimizer = createAdam(
    parameters.map((p) => p.length),
    { learningRate: options.learningRate },
  );
  const kernels = kernelsOf(data);
  const workspace = towerWorkspace(layers, Math.min(options.batchSize, trainRows.length));
  const logitGradient = new Float32Array(workspace.rows);
  // Validation rows are scored in batches of up to 4,096 every epoch, in a workspace made once.
  const validationWorkspace = towerWorkspace(layers, Math.min(4096, validationRows.length));
  const teacherLogits = data.teacherLogits;
  const teacher =
    options.distillation === undefined || teacherLogits === undefined
      ? null
      : {
          logits: teacherLogits,
          matching: {
            share: options.distillation.share,
            weight: effectiveLogitWeight(options.distillation, teacherLogits, trainRows),
          } satisfies LogitMatching,
        };
  const order = Array.from(trainRows);
  const rng = createRng(options.seed);
  const validationLabels = Uint8Array.from(
    { length: validationRows.length },
    (_, i) => data.labels[validationRows[i] ?? 0] ?? 0,
  );
  const history: EpochLog[] = [];
  let best: {
    epoch: number;
    auc: number;
    weights: SerializedTensor[];
    scores: Float32Array;
  } | null = null;
  for (let epoch = 1; epoch <= options.maxEpochs; epoch++) {
    shuffleInPlace(order, rng);
    let lossSum = 0;
    let batches = 0;
    for (let start = 0; start < order.length; start += options.batchSize) {
      const end = Math.min(start + options.batchSize, order.length);
      const logits = towerForward(layers, kernels, order, start, end, workspace);
      const loss = batchLossGradient(
        { logits, labels: data.labels, teacher, order, start, count: end - start },
        logitGradient,
      );
      towerBackward(layers, kernels, order, start, end, workspace, logitGradient, gradients);
      optimizer.step(parameters, parameterGradients);
      lossSum += loss;
      batches++;
    }
    let valAuc = Number.NaN;
    let valLoss = Number.NaN;
    let scores: Float32Array = new Float32Array(0);
    if (validationRows.length > 0) {
      scores = towerProbabilities(layers, kernels, validationRows, validationWorkspace);
      valAuc = rocAuc(scores, validationLabels);
      valLoss = logLoss(scores, validationLabels);
    }
    const log = { epoch, loss: lossSum / Math.max(batches, 1), valLoss, valAuc };
    history.push(log);
    onEpoch?.(log);
    const improved =
      validationRows.length === 0 || best === null || (!Number.isNaN(valAuc) && valAuc > best.auc);
    if (improved) best = { epoch, auc: valAuc, weights: serialized(layers), scores };
    if (!improved && best !== null && epoch - best.epoch >= options.patience) break;
    // Yield so that progress output and messages get through between epochs.
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  if (best === null) throw new Error('training produced no epoch');
  return {
    weights: best.weights,
    bestEpoch: best.epoch,
    history,
    validationScores: best.scores,
    loops: { firstLayer: kernels.firstLayer.name, dense: kernels.dense.name },
  };
}
