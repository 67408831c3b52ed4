/**
 * The tree member's folds: one boosted model per fold, under the L2 penalty that fold 1's held
 * rows prefer.
 */
import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/rng';
import { binMatrix } from '../../training/lib/treeBins';
import { boostTrees, DEFAULT_BOOSTING } from '../../training/lib/treeBoosting';
import { boostFolds, DEFAULT_TREE_MEMBER } from '../../training/lib/treeMember';

// 1,200 customers, six columns; the label depends on three of them.
const rows = 1200;
const width = 6;
const rng = createRng(5);
const data = new Float32Array(rows * width);
const labels = new Uint8Array(rows);
for (let r = 0; r < rows; r++) {
  for (let c = 0; c < width; c++) data[r * width + c] = rng.next() < 0.6 ? 0 : rng.int(12);
  const x = (i: number) => data[r * width + i] ?? 0;
  const z = -1.5 + 0.2 * x(0) - 0.15 * x(3) + (x(1) > 6 ? 1 : 0);
  labels[r] = rng.next() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
}
const none = new Uint32Array(0);
const folds = [0, 1, 2].map((f) => ({
  train: Uint32Array.from({ length: rows }, (_, i) => i).filter((i) => i % 3 !== f),
  held: Uint32Array.from({ length: rows }, (_, i) => i).filter((i) => i % 3 === f),
}));
const [first = { train: none, held: none }, second = { train: none, held: none }] = folds;
const bins = binMatrix(data, width, [0, 1, 2, 3, 4, 5], first.train, 16);
const boosting = { ...DEFAULT_BOOSTING, depth: 3, maxTrees: 60, patience: 10 };
const seed = 4;

describe('the tree member’s folds', () => {
  it('take the L2 penalty whose fold-1 trees reach the lowest held-out log loss', async () => {
    const lambdas = [0.01, 2000];
    const boosted = await boostFolds(bins, labels, folds, { boosting, lambdas }, seed);
    const fold1 = lambdas.map((lambda) => {
      const { heldOutLogLoss } = boostTrees(bins, labels, first.train, first.held, {
        ...boosting,
        lambda,
        seed: seed * 7919,
      });
      return Math.min(...heldOutLogLoss);
    });
    expect(boosted.heldLogLossByLambda).toEqual([
      { lambda: 0.01, logLoss: fold1[0] },
      { lambda: 2000, logLoss: fold1[1] },
    ]);
    // A penalty of 2,000 hessian units shrinks every leaf of 400 held-out-sized nodes to almost
    // nothing: 60 trees barely leave the prior.
    expect(fold1[0]).toBeLessThan((fold1[1] ?? 0) - 0.01);
    expect(boosted.lambda).toBe(0.01);
  });

  it('boost every other fold under the chosen penalty, each with its own seed', async () => {
    const boosted = await boostFolds(
      bins,
      labels,
      folds,
      { boosting, lambdas: [2000, 0.01] },
      seed,
    );
    expect(boosted.lambda).toBe(0.01);
    expect(boosted.models).toHaveLength(3);
    const secondFold = boostTrees(bins, labels, second.train, second.held, {
      ...boosting,
      lambda: 0.01,
      seed: seed * 7919 + 1,
    });
    expect(Array.from(boosted.models[1]?.columns ?? [])).toEqual(
      Array.from(secondFold.model.columns),
    );
    expect(Array.from(boosted.models[1]?.leaves ?? [])).toEqual(
      Array.from(secondFold.model.leaves),
    );
  });

  it('choose between 2 and 20 by default', () => {
    expect(DEFAULT_TREE_MEMBER.lambdas).toEqual([2, 20]);
  });
});
