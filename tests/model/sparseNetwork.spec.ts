/**
 * The split network: the first layer apart, the rest as a tail that runs same-shape towers side
 * by side. The first layer's pre-activations through the tail give the layered model's
 * probabilities.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/rng';
import { nodesPerTree } from '../../src/core/scoring';
import { buildScoringModel, buildTower, predictProbabilities } from '../../src/model/network';
import { splitAfterFirstLayer } from '../../src/model/sparseNetwork';
import * as tf from '../../src/model/tf';
import { initTensorflow } from '../../training/lib/tfNode';

beforeAll(async () => {
  await initTensorflow();
});

/** The first layer by hand, in float64: bias + inputs · kernel, for every row. */
function firstLayerByHand(
  { kernel, bias, units }: { kernel: Float32Array; bias: Float32Array; units: number },
  matrix: Float32Array,
  rows: number,
  width: number,
): Float32Array {
  const pre = new Float32Array(rows * units);
  for (let r = 0; r < rows; r++) {
    for (let u = 0; u < units; u++) {
      let sum = bias[u] ?? 0;
      for (let i = 0; i < width; i++) {
        sum += (matrix[r * width + i] ?? 0) * (kernel[i * units + u] ?? 0);
      }
      pre[r * units + u] = sum;
    }
  }
  return pre;
}

describe('a model split after its first layer', () => {
  const width = 30;
  const config = { hidden: [8, 4] };
  const rng = createRng(17);
  const matrix = Float32Array.from({ length: 50 * width }, () => rng.normal());

  it('gives the layered model’s probabilities for stacked towers, a logistic member and an isotonic map', () => {
    const towers = [1, 2, 3, 4].map((seed) => buildTower(width, config, seed, -2).getWeights());
    const model = buildScoringModel(width, config, towers, {
      linear: {
        weights: Float32Array.from({ length: width }, () => rng.normal() * 0.2),
        bias: -2,
        share: 0.25,
      },
      calibration: { method: 'isotonic', x: [-4, -2, 0, 1], y: [0.01, 0.1, 0.4, 0.7] },
    });
    const split = splitAfterFirstLayer(model);
    if (split === null) throw new Error('the model reads its input through Dense layers only');
    const expected = predictProbabilities(model, matrix, width);
    const units = split.firstLayer.units;
    const pre = firstLayerByHand(split.firstLayer, matrix, 50, width);
    const viaDense = split.tail(pre, 50, units);
    let worst = 0;
    expected.forEach((p, i) => {
      worst = Math.max(worst, Math.abs(p - (viaDense[i] ?? Number.NaN)));
    });
    expect(worst).toBeLessThanOrEqual(1e-6);
    expect(Math.max(...expected) - Math.min(...expected)).toBeGreaterThan(0.05);
    // Four towers of 8 units and the logistic unit read the input.
    expect(split.firstLayer.units).toBe(33);
  });

  it.each(['oblivious', 'depthwise'] as const)(
    'gives the layered model’s probabilities with a tree member (%s), whose read columns become first-layer units',
    (kind) => {
      const towers = [1, 2].map((seed) => buildTower(width, config, seed, -2).getWeights());
      const depth = 3;
      const trees = 5;
      const splits = trees * (kind === 'oblivious' ? depth : nodesPerTree(depth));
      const columns = Int32Array.from({ length: splits }, (_, k) => [2, 7, 7, 11, 29][k % 5] ?? 0);
      const member = {
        depth,
        bias: -1.5,
        columns,
        // Every seventh split never splits (+∞), as a depth-wise node without a split.
        thresholds: Float32Array.from(columns, (_, k) =>
          k % 7 === 6 ? Number.POSITIVE_INFINITY : rng.normal() * 0.5,
        ),
        leaves: Float32Array.from({ length: trees << depth }, () => rng.normal() * 0.3),
      };
      const model = buildScoringModel(width, config, towers, {
        trees: {
          model:
            kind === 'oblivious' ? { kind, trees: member } : { kind: 'depthwise', trees: member },
          share: 0.4,
        },
        calibration: { method: 'platt', a: 1.1, b: 0.2 },
      });
      const split = splitAfterFirstLayer(model);
      if (split === null) throw new Error('a tree layer on the input keeps the sparse path');
      // Two towers of 8 units, then the four distinct columns the trees read.
      expect(split.firstLayer.units).toBe(20);
      const units = split.firstLayer.units;
      const pre = firstLayerByHand(split.firstLayer, matrix, 50, width);
      const expected = predictProbabilities(model, matrix, width);
      const viaSplit = split.tail(pre, 50, units);
      let worst = 0;
      expected.forEach((p, i) => {
        worst = Math.max(worst, Math.abs(p - (viaSplit[i] ?? Number.NaN)));
      });
      expect(worst).toBeLessThanOrEqual(1e-6);
      expect(Math.max(...expected) - Math.min(...expected)).toBeGreaterThan(0.05);
    },
  );

  it('gives the layered model’s probabilities when heads of two stacks are concatenated out of order, one also read alone', () => {
    const width = 12;
    const input = tf.input({ shape: [width] });
    const tower = (name: string, hidden: number[]) => {
      let x = input;
      hidden.forEach((units, l) => {
        x = tf.layers
          .dense({ units, activation: 'relu', name: `${name}_${l}` })
          .apply(x) as tf.SymbolicTensor;
      });
      return tf.layers.dense({ units: 1, name: `${name}_out` }).apply(x) as tf.SymbolicTensor;
    };
    const a = [0, 1, 2].map((t) => tower(`a${t}`, [6]));
    const b = [0, 1].map((t) => tower(`b${t}`, [5, 3]));
    const members = tf.layers
      .concatenate({ name: 'members' })
      .apply([a[0], a[1], b[0], a[2], b[1]] as tf.SymbolicTensor[]) as tf.SymbolicTensor;
    const mixed = tf.layers.dense({ units: 1, name: 'mix' }).apply(members) as tf.SymbolicTensor;
    const sum = tf.layers.add().apply([mixed, a[1]] as tf.SymbolicTensor[]) as tf.SymbolicTensor;
    const output = tf.layers.activation({ activation: 'sigmoid' }).apply(sum) as tf.SymbolicTensor;
    const model = tf.model({ inputs: input, outputs: output });
    const rng = createRng(23);
    const rows = 40;
    const matrix = Float32Array.from({ length: rows * width }, () => rng.normal());
    const expected = predictProbabilities(model, matrix, width);
    for (const towerKernel of [true, false]) {
      const split = splitAfterFirstLayer(model, { towerKernel });
      if (split === null) throw new Error('the model did not split');
      expect(split.towersInKernel).toBe(towerKernel ? 5 : 0);
      const units = split.firstLayer.units;
      const pre = firstLayerByHand(split.firstLayer, matrix, rows, width);
      const viaSplit = split.tail(pre, rows, units);
      let worst = 0;
      expected.forEach((p, i) => {
        worst = Math.max(worst, Math.abs(p - (viaSplit[i] ?? Number.NaN)));
      });
      expect(worst).toBeLessThanOrEqual(1e-6);
    }
    expect(Math.max(...expected) - Math.min(...expected)).toBeGreaterThan(0.05);
  });
});
