/**
 * The baseline logistic regression: mini-batch Adam, L2, bias from the base rate. Fitting on the
 * sparse form of the matrix takes the very steps the dense loop takes.
 */
import { describe, expect, it } from 'vitest';
import { fitLogistic, predictLogistic, sigmoid } from '../../src/core/evaluation/logistic';
import { rocAuc } from '../../src/core/metrics';
import { createRng, shuffleInPlace } from '../../src/core/rng';

/** The fit by definition: every row's dense dot product and gradient, then one Adam step. */
function fitDense(
  matrix: Float32Array,
  width: number,
  labels: Uint8Array,
  rows: number[],
  { epochs = 12, lr = 0.003, l2 = 1e-3, batchSize = 256, seed = 1 } = {},
) {
  const weights = new Float64Array(width);
  const prior = rows.filter((r) => labels[r] === 1).length / rows.length;
  let bias = Math.log(prior / (1 - prior));
  const m = new Float64Array(width + 1);
  const v = new Float64Array(width + 1);
  const order = [...rows];
  const rng = createRng(seed);
  let step = 0;
  for (let epoch = 0; epoch < epochs; epoch++) {
    shuffleInPlace(order, rng);
    for (let start = 0; start < order.length; start += batchSize) {
      const end = Math.min(start + batchSize, order.length);
      const grad = new Float64Array(width + 1);
      for (let b = start; b < end; b++) {
        const row = order[b] ?? 0;
        let z = bias;
        for (let j = 0; j < width; j++) z += (weights[j] ?? 0) * (matrix[row * width + j] ?? 0);
        const error = sigmoid(z) - (labels[row] ?? 0);
        for (let j = 0; j < width; j++)
          grad[j] = (grad[j] ?? 0) + error * (matrix[row * width + j] ?? 0);
        grad[width] = (grad[width] ?? 0) + error;
      }
      step++;
      for (let j = 0; j <= width; j++) {
        const g = (grad[j] ?? 0) / (end - start) + (j < width ? l2 * (weights[j] ?? 0) : 0);
        m[j] = 0.9 * (m[j] ?? 0) + 0.1 * g;
        v[j] = 0.999 * (v[j] ?? 0) + 0.001 * g * g;
        const update =
          (lr * ((m[j] ?? 0) / (1 - 0.9 ** step))) /
          (Math.sqrt((v[j] ?? 0) / (1 - 0.999 ** step)) + 1e-8);
        if (j < width) weights[j] = (weights[j] ?? 0) - update;
        else bias -= update;
      }
    }
  }
  return { weights, bias };
}

describe('the baseline logistic regression', () => {
  const width = 12;
  const n = 900;
  const rng = createRng(4);
  // Encoded-like inputs: mostly each column's usual value; the label leans on columns 1 and 5.
  const matrix = Float32Array.from({ length: n * width }, (_, i) =>
    rng.next() < 0.25 ? rng.normal() : i % width === 5 ? -0.4 : 0,
  );
  const truth = (r: number) =>
    sigmoid(-2 + 1.5 * (matrix[r * width + 1] ?? 0) - (matrix[r * width + 5] ?? 0));
  const labels = Uint8Array.from({ length: n }, (_, r) => (rng.next() < truth(r) ? 1 : 0));
  const rows = Array.from({ length: 700 }, (_, i) => i);
  const held = Array.from({ length: 200 }, (_, i) => 700 + i);

  it('takes the dense loop’s Adam steps on the sparse form of the matrix', () => {
    const sparse = fitLogistic(matrix, width, labels, rows, { seed: 3 });
    const dense = fitDense(matrix, width, labels, rows, { seed: 3 });
    expect(sparse.bias).toBeCloseTo(dense.bias, 9);
    sparse.weights.forEach((w, j) => {
      expect(w).toBeCloseTo(dense.weights[j] ?? Number.NaN, 9);
    });
  });

  it('learns the signal: on held-out rows it ranks nearly as well as the true probabilities', () => {
    const model = fitLogistic(matrix, width, labels, rows, { seed: 3, epochs: 40 });
    const heldLabels = held.map((r) => labels[r] ?? 0);
    const auc = rocAuc(predictLogistic(model, matrix, width, held), heldLabels);
    expect(auc).toBeGreaterThan(rocAuc(held.map(truth), heldLabels) - 0.03);
    expect(model.weights[1]).toBeGreaterThan(0.3);
  });

  it('gives zero weights and bias 0 without rows', () => {
    const model = fitLogistic(matrix, width, labels, []);
    expect(model.bias).toBe(0);
    expect(Array.from(model.weights).every((w) => w === 0)).toBe(true);
  });
});
