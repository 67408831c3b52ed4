/**
 * L2-regularised logistic regression fitted by mini-batch Adam on a row-major float32 matrix.
 * It is the baseline every model is reported against, and cheap enough to fit on every run.
 */
import { centerRows, frequentColumnValues, type CenteredRows } from '../scoring';
import { createRng, shuffleInPlace } from '../rng';

export interface LogisticModel {
  readonly weights: Float64Array;
  readonly bias: number;
}

export interface LogisticOptions {
  readonly epochs?: number;
  readonly learningRate?: number;
  /** L2 penalty per row (weight decay strength). Default 1e-3. */
  readonly l2?: number;
  readonly batchSize?: number;
  readonly seed?: number;
}

/** Logistic function; saturates cleanly for large |z|. */
export function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

/**
 * Fits on `rows` of the matrix (width columns). The bias starts at the log-odds of the base rate.
 * No rows gives zero weights and bias 0.
 */
export function fitLogistic(
  matrix: Float32Array,
  width: number,
  labels: ArrayLike<number>,
  rows: ArrayLike<number>,
  options: LogisticOptions = {},
): LogisticModel {
  const centered = centerRows(matrix, width, frequentColumnValues(matrix, width));
  return fitLogisticCentered(centered, labels, rows, options);
}

/**
 * fitLogistic on a matrix already in sparse form (centeredRows.ts): the same steps, at a cost
 * proportional to the inputs that differ from their column's centre. No rows gives zero weights
 * and bias 0.
 */
export function fitLogisticCentered(
  matrix: CenteredRows,
  labels: ArrayLike<number>,
  rows: ArrayLike<number>,
  options: LogisticOptions = {},
): LogisticModel {
  const epochs = options.epochs ?? 12;
  const lr = options.learningRate ?? 0.003;
  const l2 = options.l2 ?? 1e-3;
  const batchSize = options.batchSize ?? 256;
  const width = matrix.width;
  const { centre, rowStart, column, deviation } = matrix;
  const weights = new Float64Array(width);
  const n = rows.length;
  if (n === 0) return { weights, bias: 0 };
  let positives = 0;
  for (let i = 0; i < n; i++) positives += labels[rows[i] ?? 0] === 1 ? 1 : 0;
  const prior = Math.min(Math.max(positives / n, 1e-6), 1 - 1e-6);
  let bias = Math.log(prior / (1 - prior));
  const m = new Float64Array(width + 1);
  const v = new Float64Array(width + 1);
  const grad = new Float64Array(width + 1);
  const order = Array.from(rows);
  const rng = createRng(options.seed ?? 1);
  const beta1 = 0.9;
  const beta2 = 0.999;
  let step = 0;
  for (let epoch = 0; epoch < epochs; epoch++) {
    shuffleInPlace(order, rng);
    for (let start = 0; start < n; start += batchSize) {
      const end = Math.min(start + batchSize, n);
      grad.fill(0);
      // Every row's z shares centre·w; its gradient shares centre × the summed error.
      let shared = bias;
      for (let j = 0; j < width; j++) shared += (weights[j] ?? 0) * (centre[j] ?? 0);
      let errorSum = 0;
      for (let b = start; b < end; b++) {
        const row = order[b] ?? 0;
        const last = rowStart[row + 1] ?? 0;
        let z = shared;
        for (let e = rowStart[row] ?? 0; e < last; e++) {
          z += (weights[column[e] ?? 0] ?? 0) * (deviation[e] ?? 0);
        }
        const error = sigmoid(z) - (labels[row] === 1 ? 1 : 0);
        for (let e = rowStart[row] ?? 0; e < last; e++) {
          const j = column[e] ?? 0;
          grad[j] = (grad[j] ?? 0) + error * (deviation[e] ?? 0);
        }
        errorSum += error;
      }
      for (let j = 0; j < width; j++) grad[j] = (grad[j] ?? 0) + errorSum * (centre[j] ?? 0);
      grad[width] = errorSum;
      const size = end - start;
      step++;
      const c1 = 1 - Math.pow(beta1, step);
      const c2 = 1 - Math.pow(beta2, step);
      for (let j = 0; j <= width; j++) {
        const g = (grad[j] ?? 0) / size + (j < width ? l2 * (weights[j] ?? 0) : 0);
        const mj = beta1 * (m[j] ?? 0) + (1 - beta1) * g;
        const vj = beta2 * (v[j] ?? 0) + (1 - beta2) * g * g;
        m[j] = mj;
        v[j] = vj;
        const update = (lr * (mj / c1)) / (Math.sqrt(vj / c2) + 1e-8);
        if (j < width) weights[j] = (weights[j] ?? 0) - update;
        else bias -= update;
      }
    }
  }
  return { weights, bias };
}

/** Churn probabilities for `rows` of the matrix; no rows gives an empty array. */
export function predictLogistic(
  model: LogisticModel,
  matrix: Float32Array,
  width: number,
  rows: ArrayLike<number>,
): Float64Array {
  const out = new Float64Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const base = (rows[i] ?? 0) * width;
    let z = model.bias;
    for (let j = 0; j < width; j++) z += (model.weights[j] ?? 0) * (matrix[base + j] ?? 0);
    out[i] = sigmoid(z);
  }
  return out;
}
