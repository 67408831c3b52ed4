/**
 * The tree member's fold models boosted on a worker thread of their own: the same trees, to the
 * bit, as boostFolds gives on the calling thread, and a failure that reaches the caller.
 */
import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/rng';
import { binMatrix } from '../../training/lib/treeBins';
import { boostFoldsOnWorker } from '../../training/lib/treeFoldsThread';
import { boostFolds, DEFAULT_TREE_MEMBER } from '../../training/lib/treeMember';

const rng = createRng(8);
const n = 800;
const width = 5;
const matrix = Float32Array.from({ length: n * width }, () => Math.round(rng.normal() * 4) / 2);
// Churn where column 1 is high and column 3 low, with noise.
const labels = Uint8Array.from({ length: n }, (_, i) =>
  (matrix[i * width + 1] ?? 0) - (matrix[i * width + 3] ?? 0) + rng.normal() > 1 ? 1 : 0,
);
const development = Uint32Array.from({ length: n }, (_, i) => i);
const bins = binMatrix(matrix, width, [0, 1, 2, 3, 4], development, 16);
// Three folds: each holds out every third row.
const folds = [0, 1, 2].map((fold) => ({
  train: development.filter((row) => row % 3 !== fold),
  held: development.filter((row) => row % 3 === fold),
}));
const boosting = { ...DEFAULT_TREE_MEMBER.boosting, maxTrees: 40 };

describe('the tree member’s folds on a worker thread', () => {
  it('are the trees boostFolds grows here, to the bit', async () => {
    const here = await boostFolds(bins, labels, folds, boosting, 11);
    const there = await boostFoldsOnWorker({ bins, labels, folds, boosting, seed: 11 });
    expect(there).toHaveLength(3);
    there.forEach((model, fold) => {
      const expected = here[fold];
      expect(model.depth).toBe(expected?.depth);
      expect(model.bias).toBe(expected?.bias);
      expect(Array.from(model.columns)).toEqual(Array.from(expected?.columns ?? []));
      expect(Array.from(model.thresholds)).toEqual(Array.from(expected?.thresholds ?? []));
      expect(Array.from(model.leaves)).toEqual(Array.from(expected?.leaves ?? []));
      expect(model.leaves.length).toBeGreaterThan(0);
    });
  });

  it('rejects when the worker cannot boost what it is sent', async () => {
    const job = { bins, labels, folds, boosting, seed: 11 };
    // Labels that cannot be cloned to the worker: the post itself fails.
    await expect(
      boostFoldsOnWorker({ ...job, labels: (() => 1) as unknown as Uint8Array }),
    ).rejects.toThrow();
  });
});
