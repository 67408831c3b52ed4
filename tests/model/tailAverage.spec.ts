/**
 * A tower that keeps the mean of its weights from its best epoch on (tailAverage): the training
 * itself is unchanged, and the kept weights are the mean of the weights each of those epochs ended
 * with, as trainings stopped at those epochs give them.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/rng';
import { rocAuc } from '../../src/core/metrics';
import { trainTower, type TowerOptions } from '../../src/model/train';
import { initTensorflow } from '../../training/lib/tfNode';

beforeAll(async () => {
  await initTensorflow();
});

const width = 5;
const rowCount = 1600;
const rng = createRng(11);
const matrix = Float32Array.from({ length: rowCount * width }, () => rng.normal());
const labels = Uint8Array.from({ length: rowCount }, (_, r) => {
  const [x0 = 0, x1 = 0, x2 = 0] = matrix.subarray(r * width, r * width + 3);
  return rng.next() < 1 / (1 + Math.exp(-(x0 - x1 * x2 - 1))) ? 1 : 0;
});
const train = Uint32Array.from({ length: 1200 }, (_, i) => i);
const held = Uint32Array.from({ length: 400 }, (_, i) => 1200 + i);
// A high learning rate and a short patience, so that the best epoch comes well before the end.
const options: TowerOptions = {
  network: { hidden: [12, 6], dropout: 0, l2: 0 },
  seed: 4,
  learningRate: 0.05,
  batchSize: 64,
  maxEpochs: 30,
  patience: 3,
};
const valuesOf = (tower: Awaited<ReturnType<typeof trainTower>>) =>
  tower.weights.map((w) => Array.from(w.dataSync()));

describe('a tower that averages its weights from the best epoch on', () => {
  it('trains as without it, and keeps the mean of the epochs from the best one to the last', async () => {
    const plain = await trainTower({ matrix, width, labels }, { train, validation: held }, options);
    const averaged = await trainTower(
      { matrix, width, labels },
      { train, validation: held },
      { ...options, tailAverage: true },
    );
    expect(averaged.history).toEqual(plain.history);
    expect(averaged.bestEpoch).toBe(plain.bestEpoch);
    expect(plain.averagedEpochs).toBe(1);
    const epochsRun = plain.history.length;
    expect(averaged.averagedEpochs).toBe(epochsRun - plain.bestEpoch + 1);
    expect(averaged.averagedEpochs).toBeGreaterThan(1);

    // Without validation rows a training runs exactly maxEpochs and keeps its last epoch: the same
    // shuffles and steps, so these are the weights each averaged epoch ended with.
    const ends: number[][][] = [];
    for (let epoch = plain.bestEpoch; epoch <= epochsRun; epoch++) {
      const stopped = await trainTower(
        { matrix, width, labels },
        { train, validation: new Uint32Array(0) },
        { ...options, maxEpochs: epoch },
      );
      ends.push(valuesOf(stopped));
    }
    expect(ends[0]).toEqual(valuesOf(plain));
    const kept = valuesOf(averaged);
    kept.forEach((values, layer) => {
      values.forEach((value, i) => {
        const mean = ends.reduce((sum, end) => sum + (end[layer]?.[i] ?? 0), 0) / ends.length;
        expect(value).toBeCloseTo(mean, 5);
      });
    });
    // Its validation scores are the averaged weights' own, not the best epoch's.
    expect(Array.from(averaged.validationScores)).not.toEqual(Array.from(plain.validationScores));
    const heldLabels = Uint8Array.from(held, (row) => labels[row] ?? 0);
    expect(rocAuc(averaged.validationScores, heldLabels)).toBeGreaterThan(0.7);
  });
});
