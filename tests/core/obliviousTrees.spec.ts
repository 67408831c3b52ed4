/**
 * Boosted oblivious trees as core evaluates them: each level's bit from its column and threshold,
 * the leaf at the bits' number, the bias plus every tree's leaf.
 */
import { describe, expect, it } from 'vitest';
import {
  averageTrees,
  columnsRead,
  scoreTreeRows,
  treeCount,
  treeLogitOf,
  treeLogits,
  type ObliviousTrees,
} from '../../src/core/scoring/obliviousTrees';

// Two trees of depth 2. Tree 0: level 0 on column 1 (> 0.5), level 1 on column 0 (> 10).
// Tree 1: level 0 on column 2 (> −1), level 1 on column 1 (> 2).
const model: ObliviousTrees = {
  depth: 2,
  bias: -3,
  columns: Int32Array.of(1, 0, 2, 1),
  thresholds: Float32Array.of(0.5, 10, -1, 2),
  leaves: Float32Array.of(0.1, 0.2, 0.3, 0.4, -0.5, -0.25, 0.5, 1),
};

describe('oblivious trees', () => {
  it('sets bit l of the leaf index when the row is above level l’s threshold, and sums the leaves', () => {
    // Row (x0=12, x1=1, x2=0): tree 0 → bits 1 (1 > 0.5) and 2 (12 > 10) → leaf 3 = 0.4;
    // tree 1 → bit 1 (0 > −1), not bit 2 (1 ≤ 2) → leaf 1 = −0.25.
    const row = [12, 1, 0];
    expect(treeLogitOf(model, (c) => row[c] ?? 0)).toBeCloseTo(-3 + 0.4 - 0.25, 6);
    // A value equal to its threshold is not above it: (10, 0.5, −1) reaches leaf 0 of both.
    const edge = [10, 0.5, -1];
    expect(treeLogitOf(model, (c) => edge[c] ?? 0)).toBeCloseTo(-3 + 0.1 - 0.5, 6);
    // NaN is never above a threshold.
    expect(treeLogitOf(model, () => Number.NaN)).toBeCloseTo(-3 + 0.1 - 0.5, 6);
    expect(treeCount(model)).toBe(2);
  });

  it('scores the chosen rows of a row-major matrix, in the order asked', () => {
    const matrix = Float32Array.of(12, 1, 0, /* row 1 */ 0, 3, 5);
    // Row 1: tree 0 → bit 1 only → 0.2; tree 1 → bits 1 and 2 → 1.
    expect(Array.from(treeLogits(model, matrix, 3, [1, 0]))).toEqual([
      expect.closeTo(-3 + 0.2 + 1, 6),
      expect.closeTo(-3 + 0.4 - 0.25, 6),
    ]);
    expect(treeLogits(model, matrix, 3).length).toBe(2);
    expect(treeLogits(model, new Float32Array(0), 3).length).toBe(0);
  });

  it('averages fold models into one whose logit is the mean of theirs', () => {
    const other: ObliviousTrees = {
      depth: 2,
      bias: -1,
      columns: Int32Array.of(0, 0),
      thresholds: Float32Array.of(1, 5),
      leaves: Float32Array.of(1, 2, 3, 4),
    };
    const mean = averageTrees([model, other]);
    expect(treeCount(mean)).toBe(3);
    const row = [12, 1, 0];
    const at = (m: ObliviousTrees) => treeLogitOf(m, (c) => row[c] ?? 0);
    expect(at(mean)).toBeCloseTo((at(model) + at(other)) / 2, 6);
    expect(() => averageTrees([model, { ...other, depth: 1 }])).toThrow(RangeError);
    expect(treeCount(averageTrees([]))).toBe(0);
  });

  it('scores rows in place from their read columns, as the row-by-row evaluator does', () => {
    const { distinct, slotOfSplit } = columnsRead(model);
    // Two rows, stride 5: two leading values, then columns 0, 1, 2 of the row.
    const values = Float32Array.of(9, 9, 12, 1, 0, /* row 1 */ 9, 9, 0, 3, 5);
    const out = new Float32Array(2);
    scoreTreeRows({ ...model, slots: slotOfSplit }, values, 2, 5, 2, out);
    expect(Array.from(distinct)).toEqual([0, 1, 2]);
    expect(out[0]).toBeCloseTo(-3 + 0.4 - 0.25, 6);
    expect(out[1]).toBeCloseTo(-3 + 0.2 + 1, 6);
  });

  it('lists the distinct columns read and where each split finds its column among them', () => {
    const { distinct, slotOfSplit } = columnsRead(model);
    expect(Array.from(distinct)).toEqual([0, 1, 2]);
    expect(Array.from(slotOfSplit)).toEqual([1, 0, 2, 1]);
  });
});
