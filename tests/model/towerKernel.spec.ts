/**
 * The towers' dense steps in the WebAssembly tower kernel give the probabilities TF.js gives for
 * the same split network: narrow towers (summed in registers), wide ones (summed in memory),
 * linear layers between a tower's layers, and batches large enough to grow the kernel's memory.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/rng';
import { buildScoringModel, buildTower } from '../../src/model/network';
import { splitAfterFirstLayer } from '../../src/model/sparseNetwork';
import * as tf from '../../src/model/tf';
import { initTensorflow } from '../../training/lib/tfNode';

beforeAll(async () => {
  await initTensorflow();
});

/** The largest |Δp| between the kernel's and TF.js's tails on random pre-activations. */
function kernelAgainstTfjs(model: tf.LayersModel, rows: number, seed: number) {
  const withKernel = splitAfterFirstLayer(model);
  const withTfjs = splitAfterFirstLayer(model, { towerKernel: false });
  if (withKernel === null || withTfjs === null) throw new Error('the model did not split');
  const units = withKernel.firstLayer.units;
  // Rows wider than the units, as the SIMD padding makes them.
  const width = units + 3;
  const rng = createRng(seed);
  const pre = Float32Array.from({ length: rows * width }, () => rng.normal() * 2);
  const fast = withKernel.tail(pre, rows, width);
  const reference = withTfjs.tail(pre, rows, width);
  let worst = 0;
  reference.forEach((p, i) => {
    worst = Math.max(worst, Math.abs(p - (fast[i] ?? Number.NaN)));
  });
  const spread = Math.max(...reference) - Math.min(...reference);
  return { worst, spread, inKernel: withKernel.towersInKernel, inTfjs: withTfjs.towersInKernel };
}

function towersModel(hidden: number[], towers: number, seed: number): tf.LayersModel {
  const width = 40;
  const config = { hidden };
  const rng = createRng(seed);
  const weights = Array.from({ length: towers }, (_, t) =>
    buildTower(width, config, seed + t, -2).getWeights(),
  );
  return buildScoringModel(width, config, weights, {
    linear: {
      weights: Float32Array.from({ length: width }, () => rng.normal() * 0.2),
      bias: -2,
      share: 0.25,
    },
    calibration: { method: 'isotonic', x: [-4, -2, 0, 1], y: [0.01, 0.1, 0.4, 0.7] },
  });
}

describe('the WebAssembly tower kernel', () => {
  it.each([
    { hidden: [24, 12], towers: 10, rows: 4100, case: 'the shipped shape' },
    { hidden: [8, 4], towers: 3, rows: 37, case: 'narrow towers' },
    { hidden: [20, 18], towers: 4, rows: 600, case: 'towers wider than 16 units' },
    { hidden: [5], towers: 2, rows: 9, case: 'one hidden layer' },
  ])('gives TF.js’s probabilities within 1e-6 for $case', ({ hidden, towers, rows }) => {
    const model = towersModel(hidden, towers, 11);
    const { worst, spread, inKernel, inTfjs } = kernelAgainstTfjs(model, rows, 5);
    expect(inKernel).toBe(towers);
    expect(inTfjs).toBe(0);
    expect(worst).toBeLessThanOrEqual(1e-6);
    expect(spread).toBeGreaterThan(0.05);
  });

  it('reads a linear layer between a tower’s layers as it is', () => {
    const input = tf.input({ shape: [12] });
    const heads = [0, 1, 2].map((t) => {
      const first = tf.layers
        .dense({ units: 6, activation: 'linear', name: `l${t}_0` })
        .apply(input) as tf.SymbolicTensor;
      const second = tf.layers
        .dense({ units: 5, activation: 'relu', name: `l${t}_1` })
        .apply(first) as tf.SymbolicTensor;
      return tf.layers.dense({ units: 1, name: `l${t}_out` }).apply(second) as tf.SymbolicTensor;
    });
    const mean = tf.layers.average().apply(heads) as tf.SymbolicTensor;
    const output = tf.layers.activation({ activation: 'sigmoid' }).apply(mean) as tf.SymbolicTensor;
    const model = tf.model({ inputs: input, outputs: output });
    const { worst, spread, inKernel } = kernelAgainstTfjs(model, 300, 8);
    expect(inKernel).toBe(3);
    expect(worst).toBeLessThanOrEqual(1e-6);
    expect(spread).toBeGreaterThan(0.05);
  });

  it('leaves to TF.js towers that read a sigmoid between their layers', () => {
    const input = tf.input({ shape: [12] });
    const heads = [0, 1].map((t) => {
      const first = tf.layers
        .dense({ units: 6, activation: 'sigmoid', name: `s${t}_0` })
        .apply(input) as tf.SymbolicTensor;
      return tf.layers.dense({ units: 1, name: `s${t}_out` }).apply(first) as tf.SymbolicTensor;
    });
    const model = tf.model({
      inputs: input,
      outputs: tf.layers.average().apply(heads) as tf.SymbolicTensor,
    });
    const { worst, inKernel } = kernelAgainstTfjs(model, 50, 9);
    expect(inKernel).toBe(0);
    expect(worst).toBe(0);
  });
});
