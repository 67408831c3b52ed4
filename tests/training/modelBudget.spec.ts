import { describe, expect, it } from 'vitest';
import { meanNonZeroCells, sparseMultiplyAdds } from '../../training/lib/modelBudget';
import type { ColumnarTable } from '../../src/core/records/table';

describe("the shipped network's cost per customer", () => {
  it('counts two multiply-adds per non-zero cell and first-layer unit, then the dense tail', () => {
    // 5 towers of 48–24 plus the logistic unit, Platt: 34 cells × 2 × 241 + 5 × (48·24 + 24) + 6 + 1.
    const shape = { towers: 5, hidden: [48, 24], linear: true, calibrationKnots: 0 };
    expect(sparseMultiplyAdds(shape, 34)).toBe(34 * 2 * 241 + 5 * (48 * 24 + 24) + 6 + 1);
    // An isotonic map of 40 knots: 40 hinges and their 40 weights instead of one sigmoid unit.
    expect(sparseMultiplyAdds({ ...shape, calibrationKnots: 40 }, 34)).toBe(
      34 * 2 * 241 + 5 * (48 * 24 + 24) + 6 + 80,
    );
    expect(
      sparseMultiplyAdds({ towers: 1, hidden: [8], linear: false, calibrationKnots: 0 }, 0),
    ).toBe(9);
  });

  it('counts the tree member’s read columns as first-layer units and its logit as one more member', () => {
    // 10 towers of 24–12, the logistic unit and 60 read columns: 34 × 2 × 301, the towers' tails,
    // a blend of 12 members, Platt.
    const shape = { towers: 10, hidden: [24, 12], linear: true, calibrationKnots: 0 };
    expect(sparseMultiplyAdds({ ...shape, treeColumns: 60 }, 34)).toBe(
      34 * 2 * 301 + 10 * (24 * 12 + 12) + 12 + 1,
    );
    expect(sparseMultiplyAdds({ ...shape, treeColumns: 0 }, 34)).toBe(
      sparseMultiplyAdds(shape, 34),
    );
  });

  it('counts non-zero and missing numeric cells and every categorical cell', () => {
    const table: ColumnarTable = {
      ids: ['1', '2'],
      targets: null,
      columns: [
        { name: 'a', kind: 'numeric', values: Float64Array.from([0, 3]) },
        { name: 'b', kind: 'numeric', values: Float64Array.from([Number.NaN, 0]) },
        { name: 'c', kind: 'categorical', values: ['x', null] },
      ],
      issues: [],
      rowsRead: 2,
      excluded: [],
    };
    expect(meanNonZeroCells(table, [0, 1])).toBe((1 + 1 + 2) / 2);
    expect(meanNonZeroCells(table, [])).toBe(0);
  });
});
