/**
 * Boosted depth-wise trees as core evaluates them: each row walks every heap from the root, right
 * when its value is strictly above the node's threshold, and the bias plus the leaves reached is
 * its logit, as scikit-learn's gradient boosting computes it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  averageTrees,
  columnsRead,
  depthwiseLogitOf,
  depthwiseLogits,
  depthwiseTreeCount,
  nodesPerTree,
  scoreDepthwiseRows,
  type DepthwiseTrees,
} from '../../src/core/scoring';
import { ROOT } from '../support/paths';

interface GoldenTrees {
  readonly depth: number;
  readonly bias: number;
  readonly columns: number[];
  readonly thresholds: (number | null)[];
  readonly leaves: number[];
  readonly rows: number[][];
  readonly logits: number[];
}

const golden = JSON.parse(
  readFileSync(join(ROOT, 'tests/fixtures/golden-depthwise-trees.json'), 'utf8'),
) as GoldenTrees;
const fromSklearn: DepthwiseTrees = {
  depth: golden.depth,
  bias: golden.bias,
  columns: Int32Array.from(golden.columns),
  thresholds: Float32Array.from(golden.thresholds, (t) => t ?? Number.POSITIVE_INFINITY),
  leaves: Float32Array.from(golden.leaves),
};
const width = golden.rows[0]?.length ?? 0;
const matrix = Float32Array.from(golden.rows.flat());

// One tree of depth 2: the root splits column 1 above 0.5; its left child column 0 above 10; its
// right child does not split (+∞), so its rows all reach leaf 2.
const small: DepthwiseTrees = {
  depth: 2,
  bias: -3,
  columns: Int32Array.of(1, 0, 1),
  thresholds: Float32Array.of(0.5, 10, Number.POSITIVE_INFINITY),
  leaves: Float32Array.of(0.1, 0.2, 0.3, 0.4),
};

describe('depth-wise trees', () => {
  it('walk right when a value is strictly above the threshold, and a node of +∞ sends every row left', () => {
    // (x0 = 12, x1 = 0.2): left at the root, right at node 1 → leaf 1.
    expect(depthwiseLogitOf(small, (c) => [12, 0.2][c] ?? 0)).toBeCloseTo(-3 + 0.2, 6);
    // A value equal to its threshold is not above it: (10, 0.5) → leaf 0.
    expect(depthwiseLogitOf(small, (c) => [10, 0.5][c] ?? 0)).toBeCloseTo(-3 + 0.1, 6);
    // Right at the root, then node 2 never splits → leaf 2, whatever the values.
    expect(depthwiseLogitOf(small, (c) => [1e30, 7][c] ?? 0)).toBeCloseTo(-3 + 0.3, 6);
    // NaN is never above a threshold.
    expect(depthwiseLogitOf(small, () => Number.NaN)).toBeCloseTo(-3 + 0.1, 6);
    expect(depthwiseTreeCount(small)).toBe(1);
    expect(nodesPerTree(3)).toBe(7);
  });

  it("give scikit-learn's gradient-boosting logits on its own fitted trees", () => {
    expect(depthwiseTreeCount(fromSklearn)).toBe(12);
    // Some of its nodes stopped above the last level: the +∞ rule is exercised.
    expect(golden.thresholds.filter((t) => t === null).length).toBeGreaterThan(0);
    const ours = depthwiseLogits(fromSklearn, matrix, width);
    let worst = 0;
    golden.logits.forEach((z, i) => {
      worst = Math.max(worst, Math.abs(z - (ours[i] ?? Number.NaN)));
    });
    expect(worst).toBeLessThan(1e-5);
    expect(Math.max(...golden.logits) - Math.min(...golden.logits)).toBeGreaterThan(1);
  });

  it('score rows of read columns in place, as the layer does, to the same logits', () => {
    const { distinct, slotOfSplit } = columnsRead(fromSklearn);
    const rows = golden.rows.length;
    const stride = distinct.length + 2;
    const values = new Float32Array(rows * stride).fill(Number.NaN);
    golden.rows.forEach((row, r) => {
      distinct.forEach((column, j) => {
        values[r * stride + 1 + j] = row[column] ?? 0;
      });
    });
    const out = new Float32Array(rows);
    scoreDepthwiseRows({ ...fromSklearn, slots: slotOfSplit }, values, rows, stride, 1, out);
    const reference = depthwiseLogits(fromSklearn, matrix, width);
    out.forEach((z, i) => {
      expect(z).toBe(Math.fround(reference[i] ?? Number.NaN));
    });
  });

  it('average fold models into one whose logit is the mean of theirs, as oblivious trees do', () => {
    // Two of the fitted trees, their leaves negated, on another bias.
    const other: DepthwiseTrees = {
      depth: 3,
      bias: 0.5,
      columns: fromSklearn.columns.slice(0, 14),
      thresholds: fromSklearn.thresholds.slice(0, 14),
      leaves: fromSklearn.leaves.slice(0, 16).map((v) => -v),
    };
    const mean = averageTrees([fromSklearn, other]);
    expect(depthwiseTreeCount(mean)).toBe(14);
    golden.rows.slice(0, 40).forEach((row) => {
      const at = (c: number) => row[c] ?? 0;
      const expected = (depthwiseLogitOf(fromSklearn, at) + depthwiseLogitOf(other, at)) / 2;
      expect(depthwiseLogitOf(mean, at)).toBeCloseTo(expected, 5);
    });
    expect(() => averageTrees([fromSklearn, small])).toThrow(RangeError);
    expect(depthwiseTreeCount(averageTrees([]))).toBe(0);
    expect(depthwiseLogits(averageTrees([]), new Float32Array(0), 3)).toHaveLength(0);
  });
});
