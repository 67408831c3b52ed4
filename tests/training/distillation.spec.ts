/**
 * The towers' teacher: depth-wise boosted trees, checked against scikit-learn's histogram
 * gradient boosting on a depth-2 tree whose two children split on different columns, and the
 * logits a fold's towers learn from it.
 */
import { describe, expect, it } from 'vitest';
import { depthwiseLogits as matrixLogits } from '../../src/core/scoring';
import {
  asDepthwiseTrees,
  boostDepthwise,
  type DepthwiseModel,
} from '../../training/lib/depthwiseBoosting';
import {
  chooseTeacherHessian,
  DEFAULT_DISTILLATION,
  foldTeacher,
} from '../../training/lib/distillation';
import { binMatrix, columnMajorBins, type TreeBins } from '../../training/lib/treeBins';

/** The reference: each row walked down every tree's heap by its bins, the bias plus the leaves. */
function depthwiseLogits(
  model: DepthwiseModel,
  bins: TreeBins,
  rows: ArrayLike<number>,
): Float64Array {
  const byColumn = columnMajorBins(bins);
  const rowCount = bins.rowStart.length - 1;
  return Float64Array.from({ length: rows.length }, (_, i) => {
    const row = rows[i] ?? 0;
    let z = model.bias;
    for (const { tree, leaves } of model.trees) {
      let node = 0;
      for (let level = 0; level < model.depth; level++) {
        const c = tree.candidates[node] ?? -1;
        const right = c >= 0 && (byColumn[c * rowCount + row] ?? 0) > (tree.bins[node] ?? 0);
        node = 2 * node + (right ? 2 : 1);
      }
      z += leaves[node - (2 ** model.depth - 1)] ?? 0;
    }
    return z;
  });
}

const all = (n: number) => Uint32Array.from({ length: n }, (_, i) => i);

// The fixture scikit-learn was given (HistGradientBoostingClassifier, max_iter=1, max_depth=2,
// max_leaf_nodes=4, learning_rate=1, l2_regularization=2, min_samples_leaf=1, max_bins=255, no
// early stopping): below 4.5 in column 0 the label follows column 2, above it column 1.
const n = 200;
const matrix = Float32Array.from({ length: n * 3 }, (_, k) => {
  const i = Math.floor(k / 3);
  return [i % 7, (i * 3) % 5, (i * i) % 11][k % 3] ?? 0;
});
const labels = Uint8Array.from({ length: n }, (_, i) =>
  ((i * 3) % 5 >= 3 ? (i * i) % 11 >= 6 : i % 7 >= 5) || i % 13 === 0 ? 1 : 0,
);
const bins = binMatrix(matrix, 3, [0, 1, 2], all(n), 255);
const oneTree = {
  depth: 2,
  learningRate: 1,
  maxTrees: 1,
  patience: 1,
  lambda: 2,
  rowShare: 1,
  columnShare: 1,
  minChildHessian: 1e-3,
  seed: 1,
};

describe('depth-wise boosting (the teacher)', () => {
  it('grows the same depth-2 tree as scikit-learn: a split per node, leaves and prior', async () => {
    const model = await boostDepthwise(bins, labels, all(n), all(n), oneTree);
    const tree = model.trees[0];
    if (tree === undefined) throw new Error('one tree expected');
    // Root: column 0 after 4.5 (bin 4 of 0…6); left child: column 2 at 7 (between 5 and 9, bin 4
    // of 0, 1, 3, 4, 5, 9, 10 … its values); right child: column 1 at 2.5 (bin 2 of 0…4).
    expect(Array.from(tree.tree.candidates)).toEqual([0, 2, 1]);
    expect(bins.edges[0]?.[tree.tree.bins[0] ?? -1]).toBe(4.5);
    expect(bins.edges[2]?.[tree.tree.bins[1] ?? -1]).toBe(7);
    expect(bins.edges[1]?.[tree.tree.bins[2] ?? -1]).toBe(2.5);
    expect(model.bias).toBeCloseTo(-0.84729786, 7);
    const expected = [-0.98581039, 0.29490613, 2.60393875, 0.06042292];
    expected.forEach((value, leaf) => {
      expect(tree.leaves[leaf]).toBeCloseTo(value, 6);
    });
    const logits = depthwiseLogits(model, bins, [0, 5, 6, 12]);
    [-1.8331082476, 1.7566408896, -0.786874938, 1.7566408896].forEach((value, i) => {
      expect(logits[i]).toBeCloseTo(value, 6);
    });
  });

  it('leaves a node whole when a side would hold less hessian than asked', async () => {
    // The 200 rows hold hessian 200 · p(1 − p) ≈ 42 at the prior p ≈ 0.3: with 16 a side the root
    // can split, but neither child (under 42 − 16 = 26 < 2 · 16) can.
    const model = await boostDepthwise(bins, labels, all(n), all(n), {
      ...oneTree,
      minChildHessian: 16,
    });
    const candidates = Array.from(model.trees[0]?.tree.candidates ?? []);
    expect(candidates[0]).toBeGreaterThanOrEqual(0);
    expect(candidates.slice(1)).toEqual([-1, -1]);
  });
});

describe('depth-wise trees in the shipped format', () => {
  it('give the logits of the bins they were boosted on, read from the encoded values', async () => {
    // Depth 3 with 4 of hessian a side: some nodes stay whole (+∞) and send their rows left.
    const model = await boostDepthwise(bins, labels, all(n), all(n), {
      ...oneTree,
      depth: 3,
      maxTrees: 8,
      learningRate: 0.3,
      minChildHessian: 4,
    });
    const shipped = asDepthwiseTrees(model, bins);
    expect(shipped.thresholds.some((t) => t === Number.POSITIVE_INFINITY)).toBe(true);
    expect(shipped.columns.length).toBe(model.trees.length * 7);
    // A node that does not split reads a column the others read: nothing more to compute.
    const read = new Set(shipped.columns.filter((_, k) => shipped.thresholds[k] !== Infinity));
    expect(shipped.columns.every((c) => read.has(c))).toBe(true);
    const fromBins = depthwiseLogits(model, bins, all(n));
    const fromValues = matrixLogits(shipped, matrix, 3);
    fromBins.forEach((z, i) => {
      expect(fromValues[i]).toBeCloseTo(z, 6);
    });
    expect(Math.max(...fromBins) - Math.min(...fromBins)).toBeGreaterThan(1);
  });
});

describe('a fold’s teacher', () => {
  const train = Uint32Array.from({ length: 150 }, (_, i) => i);
  const held = Uint32Array.from({ length: 50 }, (_, i) => 150 + i);
  const options = {
    ...DEFAULT_DISTILLATION,
    boosting: { ...DEFAULT_DISTILLATION.boosting, maxTrees: 5 },
  };

  it('gives its logits on the fold’s training and held rows, and none elsewhere', async () => {
    const rows = { train, held: held.subarray(0, 40) };
    const teacher = await foldTeacher(bins, labels, rows, options, 1e-3, 3);
    const model = await boostDepthwise(bins, labels, rows.train, rows.held, {
      ...options.boosting,
      minChildHessian: 1e-3,
      seed: 3,
    });
    expect(teacher.trees).toBe(model.trees.length);
    expect(teacher.trees).toBeGreaterThan(0);
    const logits = depthwiseLogits(model, bins, train);
    train.forEach((row, i) => {
      expect(teacher.logits[row]).toBe(Math.fround(logits[i] ?? 0));
    });
    const heldLogits = depthwiseLogits(model, bins, rows.held);
    expect(Array.from(teacher.heldLogits)).toEqual(Array.from(heldLogits));
    rows.held.forEach((row, i) => {
      expect(teacher.logits[row]).toBe(Math.fround(heldLogits[i] ?? 0));
    });
    for (let row = 190; row < 200; row++) expect(teacher.logits[row]).toBeNaN();
  });

  it('gives the kept trees’ logits, not those of the trees grown after the best', async () => {
    const rows = { train, held };
    const stopping = { ...options, boosting: { ...options.boosting, maxTrees: 60, patience: 1 } };
    const teacher = await foldTeacher(bins, labels, rows, stopping, 1e-3, 3);
    const model = await boostDepthwise(bins, labels, rows.train, rows.held, {
      ...stopping.boosting,
      minChildHessian: 1e-3,
      seed: 3,
    });
    // Boosting went on past the kept trees, so the last running sums are not the kept ones.
    expect(model.heldOutLogLoss.length).toBeGreaterThan(teacher.trees);
    expect(teacher.trees).toBeGreaterThan(0);
    const logits = depthwiseLogits(model, bins, train);
    train.forEach((row, i) => {
      expect(teacher.logits[row]).toBe(Math.fround(logits[i] ?? 0));
    });
    expect(Array.from(teacher.heldLogits)).toEqual(Array.from(depthwiseLogits(model, bins, held)));
  });

  it('reports the kept trees’ mean log loss on the held rows', async () => {
    const rows = { train, held };
    // Stopping after one tree without gain: the last tree grown is not kept.
    const stopping = { ...options, boosting: { ...options.boosting, maxTrees: 60, patience: 1 } };
    const teacher = await foldTeacher(bins, labels, rows, stopping, 1e-3, 3);
    expect(teacher.trees).toBeLessThan(60);
    let loss = 0;
    held.forEach((row, i) => {
      const p = 1 / (1 + Math.exp(-(teacher.heldLogits[i] ?? 0)));
      loss -= labels[row] === 1 ? Math.log(p) : Math.log(1 - p);
    });
    expect(teacher.heldLogLoss).toBeCloseTo(loss / held.length, 6);
  });
});

describe('the teacher’s least child hessian', () => {
  const rows = {
    train: Uint32Array.from({ length: 150 }, (_, i) => i),
    held: Uint32Array.from({ length: 50 }, (_, i) => 150 + i),
  };
  const boosting = { ...DEFAULT_DISTILLATION.boosting, maxTrees: 5 };

  it('is the candidate whose fold teacher has the lowest held-out log loss', async () => {
    const candidates = [16, 1e-3];
    const chosen = await chooseTeacherHessian(
      bins,
      labels,
      rows,
      { boosting, minChildHessians: candidates },
      3,
    );
    const losses = await Promise.all(
      candidates.map(
        async (h) => (await foldTeacher(bins, labels, rows, { boosting }, h, 3)).heldLogLoss,
      ),
    );
    expect(chosen.heldLogLossByHessian).toEqual(
      candidates.map((minChildHessian, i) => ({ minChildHessian, logLoss: losses[i] })),
    );
    // A side of 16 leaves every tree unsplit here (a tree samples about 105 rows, whose hessian
    // of about 22 is under 2 · 16), so the finer trees fit these rows better.
    expect(losses[1]).toBeLessThan(losses[0] ?? 0);
    expect(chosen.minChildHessian).toBe(1e-3);
    expect(chosen.teacher.heldLogLoss).toBe(losses[1]);
  });

  it('is the first candidate when that one has the lowest loss', async () => {
    const chosen = await chooseTeacherHessian(
      bins,
      labels,
      rows,
      { boosting, minChildHessians: [1e-3, 16] },
      3,
    );
    expect(chosen.minChildHessian).toBe(1e-3);
    expect(chosen.heldLogLossByHessian.map((c) => c.minChildHessian)).toEqual([1e-3, 16]);
  });

  it('boosts a single candidate alone', async () => {
    const chosen = await chooseTeacherHessian(
      bins,
      labels,
      rows,
      { boosting, minChildHessians: [16] },
      3,
    );
    expect(chosen.minChildHessian).toBe(16);
    expect(chosen.heldLogLossByHessian.map((c) => c.minChildHessian)).toEqual([16]);
  });

  it('chooses between 10 and 1 by default', () => {
    expect(DEFAULT_DISTILLATION.minChildHessians).toEqual([10, 1]);
  });
});
