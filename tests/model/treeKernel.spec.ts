/**
 * The tree member's WebAssembly SIMD loop against core's: the same bits for every row, whatever
 * the batch's length, stride and offset.
 */
import { describe, expect, it } from 'vitest';
import {
  columnsRead,
  scoreTreeRows,
  type ObliviousTrees,
} from '../../src/core/scoring/obliviousTrees';
import { createRng } from '../../src/core/rng';
import { createTreeKernel } from '../../src/model/treeKernel';

describe('the tree kernel', () => {
  it('gives core’s logits bit for bit, on batches longer than one call and not a multiple of four', () => {
    const rng = createRng(8);
    const depth = 5;
    const trees = 120;
    const columns = Int32Array.from({ length: trees * depth }, () => 3 + rng.int(20));
    const model: ObliviousTrees = {
      depth,
      bias: -2.75,
      columns,
      // Thresholds on a grid the values also take, so that equal values (not above) occur.
      thresholds: Float32Array.from(columns, () => rng.int(7) / 2 - 1.5),
      leaves: Float32Array.from({ length: trees << depth }, () => rng.normal() * 0.1),
    };
    const { distinct, slotOfSplit } = columnsRead(model);
    const scoring = { ...model, slots: slotOfSplit };
    const kernel = createTreeKernel(scoring, distinct.length);
    if (kernel === null) throw new Error('Node runs WebAssembly SIMD');
    const stride = distinct.length + 6;
    const offset = 4;
    for (const rows of [0, 1, 7, 1024, 2501]) {
      const values = Float32Array.from({ length: rows * stride }, () =>
        rng.next() < 0.4 ? 0 : rng.int(7) / 2 - 1.5,
      );
      const expected = new Float32Array(rows);
      scoreTreeRows(scoring, values, rows, stride, offset, expected);
      const got = kernel.logits(values, rows, stride, offset);
      expect(Array.from(got)).toEqual(Array.from(expected));
      if (rows > 100) expect(Math.max(...got) - Math.min(...got)).toBeGreaterThan(0.5);
    }
  });
});
