/**
 * The tower's passes on plain arrays against TF.js, the reference they replace: the same logits as
 * the TF.js layers, the same loss and gradients as TF.js's automatic differentiation of the same
 * loss, and Adam's steps as tf.train.adam takes them.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/rng';
import { centerRows, frequentColumnValues } from '../../src/core/scoring';
import { createCenteredKernel } from '../../src/model/centeredKernel';
import { buildTower } from '../../src/model/network';
import * as tf from '../../src/model/tf';
import { createAdam } from '../../training/lib/adam';
import { createDenseLayerKernel } from '../../training/lib/denseLayerKernel';
import { initTensorflow } from '../../training/lib/tfNode';
import { batchLossGradient } from '../../training/lib/towerLoss';
import {
  towerBackward,
  towerForward,
  towerWorkspace,
  type DenseLayer,
} from '../../training/lib/towerPasses';

beforeAll(async () => {
  await initTensorflow();
});

const width = 12;
const rowCount = 40;
const rng = createRng(23);
// Sparse-ish inputs: most cells at their column's usual value, as preprocessed files are.
const matrix = Float32Array.from({ length: rowCount * width }, (_, i) =>
  rng.next() < 0.6 ? (i % width) * 0.1 : rng.normal(),
);
const labels = Uint8Array.from({ length: rowCount }, () => (rng.next() < 0.3 ? 1 : 0));
const teacherLogits = Float32Array.from({ length: rowCount }, () => rng.normal() * 2 - 1);
// Rows in a shuffled order; a batch is positions start … end − 1 of it.
const order = Array.from({ length: rowCount }, (_, i) => (i * 17) % rowCount);
// 32 rows from the 5th position on, and a single row.
const batches = [
  [5, 37],
  [10, 11],
] as const;

function towerAndLayers(hidden: readonly number[]) {
  const tower = buildTower(width, { hidden }, 4, -0.8);
  const weights = tower.getWeights();
  const layers: DenseLayer[] = [];
  for (let i = 0; i < weights.length; i += 2) {
    const kernel = weights[i] as tf.Tensor;
    const [inputs = 0, units = 0] = kernel.shape;
    layers.push({
      inputs,
      units,
      kernel: Float32Array.from(kernel.dataSync()),
      bias: Float32Array.from((weights[i + 1] as tf.Tensor).dataSync()),
    });
  }
  return { tower, layers };
}

const centered = centerRows(matrix, width, frequentColumnValues(matrix, width));
const batchMatrix = (start: number, end: number) =>
  tf.tensor2d(
    order.slice(start, end).flatMap((r) => Array.from(matrix.subarray(r * width, (r + 1) * width))),
    [end - start, width],
  );
const column = (values: ArrayLike<number>, start: number, end: number) =>
  tf.tensor2d(
    order.slice(start, end).map((r) => values[r] ?? 0),
    [end - start, 1],
  );

const worstGap = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  expect(a.length).toBe(b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs((a[i] ?? 0) - (b[i] ?? 0)));
  return worst;
};

// Widths that fill SIMD lanes and widths that leave some empty; one, two and three hidden layers.
const shapes = [[8, 4], [5], [6, 5, 3], [24, 12]];
const cases = (['fastest', 'javascript'] as const).flatMap((prefer) =>
  shapes.map((hidden) => [prefer, hidden] as const),
);

describe.each(cases)(
  'a tower’s passes on plain arrays (%s loops, hidden layers %j)',
  (prefer, hidden) => {
    const loops = {
      firstLayer: createCenteredKernel(centered, prefer),
      dense: createDenseLayerKernel(prefer),
    };

    it('run the loops asked for', () => {
      const name = prefer === 'fastest' ? 'wasm-simd' : 'javascript';
      expect([loops.firstLayer.name, loops.dense.name]).toEqual([name, name]);
    });

    it.each(batches)('give the TF.js layers’ logits (positions %i to %i)', (start, end) => {
      const { tower, layers } = towerAndLayers(hidden);
      const logits = towerForward(layers, loops, order, start, end, towerWorkspace(layers, 64));
      const expected = tf.tidy(() =>
        (tower.predict(batchMatrix(start, end)) as tf.Tensor).dataSync(),
      );
      expect(worstGap(logits.subarray(0, end - start), expected)).toBeLessThan(1e-5);
      tower.dispose();
    });

    it.each(batches)(
      'give the loss and gradients TF.js differentiates, with a teacher mixed in (positions %i to %i)',
      (start, end) => {
        const { tower, layers } = towerAndLayers(hidden);
        const matching = { share: 0.3, weight: 0.5 };
        const workspace = towerWorkspace(layers, 64);
        const logits = towerForward(layers, loops, order, start, end, workspace);
        const logitGradient = new Float32Array(64);
        const loss = batchLossGradient(
          {
            logits,
            labels,
            teacher: { logits: teacherLogits, matching },
            order,
            start,
            count: end - start,
          },
          logitGradient,
        );
        const gradients = layers.map((layer) => ({
          ...layer,
          kernel: new Float32Array(layer.kernel.length),
          bias: new Float32Array(layer.bias.length),
        }));
        towerBackward(layers, loops, order, start, end, workspace, logitGradient, gradients);

        const x = batchMatrix(start, end);
        const y = column(labels, start, end);
        const t = column(teacherLogits, start, end);
        const { value, grads } = tf.variableGrads(() => {
          const z = tower.apply(x) as tf.Tensor;
          const crossEntropy = tf.losses.sigmoidCrossEntropy(y, z);
          const gap = tf.mean(tf.square(tf.sub(z, t)));
          return tf.add<tf.Scalar>(tf.mul(0.7, crossEntropy), tf.mul(0.3 * 0.5, gap));
        });
        expect(loss).toBeCloseTo(value.dataSync()[0] ?? Number.NaN, 5);
        tower.trainableWeights.forEach((weight, i) => {
          const layer = gradients[Math.floor(i / 2)] as DenseLayer;
          const ours = i % 2 === 0 ? layer.kernel : layer.bias;
          const theirs = (grads[weight.originalName] as tf.Tensor).dataSync();
          expect(worstGap(ours, theirs)).toBeLessThan(1e-6);
        });
        tower.dispose();
      },
    );
  },
);

describe('Adam on plain arrays', () => {
  it('takes its steps as tf.train.adam takes them', () => {
    const initial = Float32Array.from({ length: 30 }, () => rng.normal());
    const steps = Array.from({ length: 4 }, () =>
      Float32Array.from({ length: 30 }, () => rng.normal() * 0.1),
    );
    const ours = Float32Array.from(initial);
    const adam = createAdam([30], { learningRate: 0.01 });
    const variable = tf.variable(tf.tensor1d(initial), true, 'adam_reference');
    const reference = tf.train.adam(0.01);
    for (const gradient of steps) {
      adam.step([ours], [gradient]);
      reference.applyGradients([{ name: 'adam_reference', tensor: tf.tensor1d(gradient) }]);
    }
    expect(worstGap(ours, variable.dataSync())).toBeLessThan(1e-6);
    // Four steps of 0.01 each moved every parameter by about 0.04: the comparison is not vacuous.
    expect(worstGap(ours, initial)).toBeGreaterThan(0.03);
    variable.dispose();
    reference.dispose();
  });
});
