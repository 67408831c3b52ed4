/**
 * The refitted oblivious tree member: one model, boosted on every development row for a
 * multiple of the fold models' mean tree count, with nothing held out to stop it.
 */
import { describe, expect, it } from 'vitest';
import { rocAuc } from '../../src/core/metrics';
import { treeCount, treeLogits } from '../../src/core/scoring';
import { createRng } from '../../src/core/rng';
import { refitTreeCount, refitTrees } from '../../training/lib/pipeline/refitTrees';
import { binMatrix } from '../../training/lib/treeBins';
import { DEFAULT_TREE_MEMBER } from '../../training/lib/treeMember';

describe('the refitted member’s tree count', () => {
  it('is the multiple of the fold models’ mean, rounded', () => {
    // Ecommerce's fold models in a whole-file training kept 724/629/631/540/652 trees.
    expect(refitTreeCount([724, 629, 631, 540, 652], 1.1, 1000)).toBe(699);
    expect(refitTreeCount([10, 11], 1, 1000)).toBe(11);
  });

  it('stays within the fold models’ own cap', () => {
    // Fold models averaging 943 trees (ecommerce's came close) would give 1,037 at 1.1.
    expect(refitTreeCount([1000, 1000, 880, 900, 935], 1.1, 1000)).toBe(1000);
    expect(refitTreeCount([1000, 1000, 880, 900, 935], 1.1, 1100)).toBe(1037);
  });

  it('is at least one tree, also without fold models', () => {
    expect(refitTreeCount([3], 0.1, 1000)).toBe(1);
    expect(refitTreeCount([], 1.1, 1000)).toBe(1);
  });
});

describe('refitting the oblivious tree member on every development row', () => {
  const rng = createRng(3);
  const n = 600;
  const width = 4;
  const matrix = Float32Array.from({ length: n * width }, () => Math.round(rng.normal() * 3));
  // Churn where column 0 is high and column 2 low, with noise.
  const labels = Uint8Array.from({ length: n }, (_, i) =>
    (matrix[i * width] ?? 0) - (matrix[i * width + 2] ?? 0) + rng.normal() > 1 ? 1 : 0,
  );
  const development = Uint32Array.from({ length: n }, (_, i) => i);
  const bins = binMatrix(matrix, width, [0, 1, 2, 3], development, 16);
  const config = { seed: 5, folds: 5, boosting: DEFAULT_TREE_MEMBER.boosting };

  it('boosts exactly the trees asked for, with nothing held out to stop it', async () => {
    const model = await refitTrees(25, bins, labels, development, config);
    expect(treeCount(model)).toBe(25);
    // It learnt the rows' churn: the logits rank churners first.
    expect(rocAuc(treeLogits(model, matrix, width), labels)).toBeGreaterThan(0.85);
  });

  it('boosts the same model from the same seed', async () => {
    const again = await refitTrees(25, bins, labels, development, config);
    const first = await refitTrees(25, bins, labels, development, config);
    expect(Array.from(again.leaves)).toEqual(Array.from(first.leaves));
  });
});
