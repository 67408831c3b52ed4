/**
 * Trains one tower with a hand-rolled loop: seeded shuffles, one small tensor per batch, Adam, and
 * early stopping on validation AUC with the best weights restored. The same loop runs in Node and
 * in a browser worker.
 */
import * as tf from '../../src/model/tf';
import { centerRows, frequentColumnValues, type CenteredRows } from '../../src/core/scoring';
import { rocAuc, logLoss } from '../../src/core/metrics';
import { createRng, shuffleInPlace } from '../../src/core/rng';
import { createCenteredKernel, type CenteredKernel } from '../../src/model/centeredKernel';
import { centeredFirstProduct } from '../../src/model/centeredFirstProduct';
import { buildTower, type NetworkConfig } from '../../src/model/network';

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

/**
 * The loss of a tower that learns from a teacher, per training row:
 * (1 − share) · cross-entropy(label, z) + share · weight · (z − z_teacher)², z being the tower's
 * logit. A squared logit gap weighs a disagreement among customers at 1% risk as much as one at
 * 30%, where cross-entropy with soft targets shrinks it by p(1 − p); the ranking of the many
 * low-risk customers is most of what ROC AUC reads.
 */
export interface LogitMatching {
  /** Weight of the teacher's term, 0 … 1; the label's cross-entropy gets the rest. */
  readonly share: number;
  /** Nats per squared logit of gap. */
  readonly weight: number;
  /**
   * Variance of the teacher's logits over the training rows (squared logits) above which the
   * weight shrinks by spreadCap / variance (effectiveLogitWeight); absent: the weight as given.
   */
  readonly spreadCap?: number | undefined;
}

/**
 * The squared logit gap's weight (nats per squared logit) a tower trains with: `matching.weight`,
 * shrunk by spreadCap / v when the variance v of the teacher's logits over `rows` exceeds
 * `matching.spreadCap`. The squared gap grows with the teacher's spread, so a confident teacher
 * (logits far from 0) would otherwise outweigh the labels; a teacher within the cap keeps the
 * weight. No rows, no cap, or non-finite logits give the weight as given.
 */
export function effectiveLogitWeight(
  matching: LogitMatching,
  teacherLogits: ArrayLike<number>,
  rows: ArrayLike<number>,
): number {
  const cap = matching.spreadCap;
  if (cap === undefined || !(cap > 0) || rows.length === 0) return matching.weight;
  let sum = 0;
  let sumSquares = 0;
  for (let i = 0; i < rows.length; i++) {
    const z = teacherLogits[rows[i] ?? 0] ?? 0;
    sum += z;
    sumSquares += z * z;
  }
  const mean = sum / rows.length;
  const variance = sumSquares / rows.length - mean * mean;
  if (!Number.isFinite(variance) || variance <= cap) return matching.weight;
  return (matching.weight * cap) / variance;
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
  /** Kernel and bias per dense layer as kept (the best epoch's). The caller disposes them. */
  readonly weights: tf.Tensor[];
  /** 1-based epoch of best validation AUC. */
  readonly bestEpoch: number;
  readonly history: EpochLog[];
  /** Validation probabilities of the kept weights (empty without validation rows). */
  readonly validationScores: Float32Array;
}

/** The rows a tower trains and stops on. */
export interface TowerRows {
  readonly train: ArrayLike<number>;
  readonly validation: ArrayLike<number>;
}

/** Values of a per-row array for rows[start … end), as a column. */
function columnOf(values: ArrayLike<number>, rows: ArrayLike<number>, start: number, end: number) {
  const y = new Float32Array(end - start);
  for (let i = start; i < end; i++) y[i - start] = values[rows[i] ?? 0] ?? 0;
  return tf.tensor2d(y, [end - start, 1]);
}

/**
 * The training loss of a batch: cross-entropy with the labels, or with a teacher (LogitMatching)
 * the label's cross-entropy and the squared logit gap, mixed; both terms are means over the batch.
 */
function batchLoss(
  logits: tf.Tensor,
  labels: tf.Tensor,
  teacher: { readonly logits: tf.Tensor; readonly matching: LogitMatching } | null,
): tf.Tensor {
  if (teacher === null) return tf.losses.sigmoidCrossEntropy(labels, logits);
  const crossEntropy = tf.losses.sigmoidCrossEntropy(labels, logits);
  const share = Math.min(Math.max(teacher.matching.share, 0), 1);
  const gap = tf.mean(tf.square(tf.sub(logits, teacher.logits)));
  return tf.add(tf.mul(1 - share, crossEntropy), tf.mul(share * teacher.matching.weight, gap));
}

/** The first layer's products over the matrix as sparse rows (centred on frequent values). */
function centeredKernelOf(data: TrainingMatrix): CenteredKernel {
  return createCenteredKernel(
    data.centered ??
      centerRows(data.matrix, data.width, frequentColumnValues(data.matrix, data.width)),
  );
}

/**
 * A tower's logits for rows batch[start … end): its first dense layer through the sparse product
 * (with its bias and ReLU, as buildTower makes it), then the tower's other layers.
 */
function towerLogits(
  tower: tf.LayersModel,
  rows: CenteredKernel,
  batch: ArrayLike<number>,
  start: number,
  end: number,
  training: boolean,
): tf.Tensor {
  const [first, ...rest] = tower.layers;
  const kernel = first?.trainableWeights[0]?.read();
  const bias = first?.trainableWeights[1]?.read();
  if (kernel === undefined || bias === undefined)
    throw new Error('a tower starts with a dense layer');
  const [width = 0, units = 0] = kernel.shape;
  let h = tf.relu(
    tf.add(centeredFirstProduct(rows, width, batch, start, end, units)(kernel), bias),
  );
  for (const layer of rest) h = layer.apply(h, { training }) as tf.Tensor;
  return h;
}

/** Probabilities of a tower on the given rows, batch by batch. */
function towerProbabilities(
  tower: tf.LayersModel,
  rows: CenteredKernel,
  batch: ArrayLike<number>,
  batchSize = 4096,
): Float32Array {
  const out = new Float32Array(batch.length);
  for (let start = 0; start < batch.length; start += batchSize) {
    const end = Math.min(start + batchSize, batch.length);
    const values = tf.tidy(() =>
      tf.sigmoid(towerLogits(tower, rows, batch, start, end, false)).dataSync(),
    );
    out.set(values, start);
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
  const tower = buildTower(
    data.width,
    options.network,
    options.seed,
    Math.log(prior / (1 - prior)),
  );
  // towerLogits applies the first layer's ReLU itself, as buildTower configures it.
  if (tower.layers[0]?.getConfig()['activation'] !== 'relu') {
    throw new Error("a tower's first layer must be a dense ReLU layer");
  }
  const centered = centeredKernelOf(data);
  const optimizer = tf.train.adam(options.learningRate);
  // Only this tower's variables exist while it trains (earlier towers are disposed), so the
  // optimizer's default of "every trainable variable" is exactly this tower's weights.
  const firstKernel = tower.trainableWeights[0]?.read();
  const teacherLogits = data.teacherLogits;
  const matching =
    options.distillation === undefined || teacherLogits === undefined
      ? (options.distillation ?? null)
      : {
          share: options.distillation.share,
          weight: effectiveLogitWeight(options.distillation, teacherLogits, trainRows),
        };
  const order = Array.from(trainRows);
  const rng = createRng(options.seed);
  const validationLabels = Uint8Array.from(
    { length: validationRows.length },
    (_, i) => data.labels[validationRows[i] ?? 0] ?? 0,
  );
  const history: EpochLog[] = [];
  let best: { epoch: number; auc: number; weights: tf.Tensor[]; scores: Float32Array } | null =
    null;
  try {
    for (let epoch = 1; epoch <= options.maxEpochs; epoch++) {
      shuffleInPlace(order, rng);
      let lossSum = 0;
      let batches = 0;
      for (let start = 0; start < order.length; start += options.batchSize) {
        const end = Math.min(start + options.batchSize, order.length);
        const cost: tf.Scalar = tf.tidy(() => {
          const ys = columnOf(data.labels, order, start, end);
          const teacher =
            matching === null || teacherLogits === undefined
              ? null
              : {
                  logits: columnOf(teacherLogits, order, start, end),
                  matching,
                };
          const result = optimizer.minimize(() => {
            const logits = towerLogits(tower, centered, order, start, end, true);
            const loss = batchLoss(logits, ys, teacher);
            return options.network.l2 > 0 && firstKernel !== undefined
              ? tf.add(loss, tf.mul(options.network.l2, tf.sum(tf.square(firstKernel))))
              : (loss as tf.Scalar);
          }, true);
          return result ?? tf.scalar(Number.NaN);
        });
        lossSum += cost.dataSync()[0] ?? 0;
        cost.dispose();
        batches++;
      }
      let valAuc = Number.NaN;
      let valLoss = Number.NaN;
      let scores: Float32Array = new Float32Array(0);
      if (validationRows.length > 0) {
        scores = towerProbabilities(tower, centered, validationRows);
        valAuc = rocAuc(scores, validationLabels);
        valLoss = logLoss(scores, validationLabels);
      }
      const log = { epoch, loss: lossSum / Math.max(batches, 1), valLoss, valAuc };
      history.push(log);
      onEpoch?.(log);
      const improved =
        validationRows.length === 0 ||
        best === null ||
        (!Number.isNaN(valAuc) && valAuc > best.auc);
      if (improved) {
        best?.weights.forEach((w) => {
          w.dispose();
        });
        best = { epoch, auc: valAuc, weights: tower.getWeights().map((w) => w.clone()), scores };
      }
      if (!improved && best !== null && epoch - best.epoch >= options.patience) break;
      // Yield so that progress output and messages get through between epochs.
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
  } finally {
    optimizer.dispose();
    tower.dispose();
  }
  if (best === null) throw new Error('training produced no epoch');
  return {
    weights: best.weights,
    bestEpoch: best.epoch,
    history,
    validationScores: best.scores,
  };
}
