/**
 * Training a tower from a teacher's logits (distillation): at share 0 it is training on the labels
 * alone, to the bit; at share 1 the tower's logits follow the teacher's, whatever the labels say;
 * teacher-only rows teach the teacher's logits without their labels being read.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/rng';
import { trainTower, type TowerOptions } from '../../training/lib/towerTraining';
import { initTensorflow } from '../../training/lib/tfNode';

beforeAll(async () => {
  await initTensorflow();
});

const width = 6;
const rowCount = 3000;
const rng = createRng(5);
const matrix = Float32Array.from({ length: rowCount * width }, () => rng.normal());
// The teacher's logit is a smooth function of two inputs; the labels are drawn from it.
const teacherLogits = Float32Array.from({ length: rowCount }, (_, r) => {
  const [x0 = 0, x1 = 0] = matrix.subarray(r * width, r * width + 2);
  return 1.5 * x0 - Math.abs(x1) - 1;
});
const labels = Uint8Array.from(teacherLogits, (z) => (rng.next() < 1 / (1 + Math.exp(-z)) ? 1 : 0));
const train = Uint32Array.from({ length: 2400 }, (_, i) => i);
const held = Uint32Array.from({ length: 600 }, (_, i) => 2400 + i);
const options: TowerOptions = {
  network: { hidden: [16, 8] },
  seed: 3,
  learningRate: 0.01,
  batchSize: 128,
  maxEpochs: 25,
  patience: 25,
};
const weightsOf = (tower: Awaited<ReturnType<typeof trainTower>>) =>
  tower.weights.map((w) => Array.from(w.values));

describe('a tower learning from a teacher’s logits', () => {
  it('trains exactly as on the labels alone at share 0', async () => {
    const alone = await trainTower({ matrix, width, labels }, { train, validation: held }, options);
    const taught = await trainTower(
      { matrix, width, labels, teacherLogits },
      { train, validation: held },
      {
        ...options,
        distillation: { share: 0, weight: 1 },
      },
    );
    expect(taught.bestEpoch).toBe(alone.bestEpoch);
    expect(weightsOf(taught)).toEqual(weightsOf(alone));
  });

  it('follows the teacher’s logits at share 1, even against labels that contradict them', async () => {
    const flipped = Uint8Array.from(labels, (y) => 1 - y);
    // Early stopping reads the true labels of the held rows; training sees flipped labels only.
    const trueHeld = Uint8Array.from(flipped, (y, r) => (r >= 2400 ? 1 - y : y));
    const taught = await trainTower(
      { matrix, width, labels: trueHeld, teacherLogits },
      { train, validation: held },
      { ...options, distillation: { share: 1, weight: 0.5 } },
    );
    let gap = 0;
    held.forEach((row, i) => {
      const p = taught.validationScores[i] ?? 0.5;
      gap += Math.abs(Math.log(p / (1 - p)) - (teacherLogits[row] ?? 0));
    });
    // Within 0.15 of a logit on average, on rows the tower never trained on (at share 0.3: 1.2).
    expect(gap / held.length).toBeLessThan(0.15);
  });
});
