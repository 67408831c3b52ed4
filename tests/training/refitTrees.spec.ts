/**
 * The refitted tree member: one model of the chosen kind, boosted on every development row for a
 * multiple of the fold models' mean tree count, with nothing held out to stop it.
 */
import { describe, expect, it } from 'vitest';
import { rocAuc } from '../../src/core/metrics';
import { depthwiseTreeCount, treeCount } from '../../src/core/scoring';
import { createRng } from '../../src/core/rng';
import { refitTreeCount, refitTrees } from '../../training/lib/pipeline/refitTrees';
import { DEFAULT_DISTILLATION } from '../../training/lib/distillation';
import { binMatrix } from '../../training/lib/treeBins';
import { DEFAULT_TREE_MEMBER, treeModelLogits } from '../../training/lib/treeMember';

describe('the refitted member’s tree count', () => {
  it('is the multiple of the fold models’ mean, rounded', () => {
    // Ecommerce's fold models in a whole-file training kept 724/629/631/540/652 trees.
    expect(refitTreeCount([724, 629, 631, 540, 652], 1.1)).toBe(699);
    expect(refitTreeCount([10, 11], 1)).toBe(11);
  });

  it('is at least one tree, also without fold models', () => {
    expect(refitTreeCount([3], 0.1)).toBe(1);
    expect(refitTreeCount([], 1.1)).toBe(1);
  });
});

describe('refitting the tree member on every development row', () => {
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
  const config = {
    seed: 5,
    folds: 5,
    trees: DEFAULT_TREE_MEMBER,
    distillation: DEFAULT_DISTILLATION,
  };
  const inputs = { treeBins: bins, teacherBins: bins, teacherMinChildHessian: 1 };

  it.each(['oblivious', 'depthwise'] as const)(
    'boosts exactly the trees asked for, of the %s kind, with nothing held out to stop it',
    async (kind) => {
      const model = await refitTrees(kind, 25, inputs, labels, development, config);
      expect(model.kind).toBe(kind);
      expect(
        model.kind === 'oblivious' ? treeCount(model.trees) : depthwiseTreeCount(model.trees),
      ).toBe(25);
      // It learnt the rows' churn: the logits rank churners first.
      expect(rocAuc(treeModelLogits(model, matrix, width), labels)).toBeGreaterThan(0.85);
    },
  );

  it('refuses a kind whose bins the fold training did not keep', async () => {
    await expect(
      refitTrees('depthwise', 5, { ...inputs, teacherBins: null }, labels, development, config),
    ).rejects.toThrow(/no bins for the depth-wise trees/);
  });
});
