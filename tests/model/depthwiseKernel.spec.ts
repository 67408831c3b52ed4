/**
 * The depth-wise tree member's WebAssembly loop against core's: the same bits for every row,
 * whatever the batch's length, stride and offset, with unsplit nodes and missing values.
 */
import { describe, expect, it } from 'vitest';
import {
  nodesPerTree,
  scoreDepthwiseRows,
  type DepthwiseTrees,
} from '../../src/core/scoring/depthwiseTrees';
import { columnsRead } from '../../src/core/scoring/obliviousTrees';
import { createRng } from '../../src/core/rng';
import { createDepthwiseKernel } from '../../src/model/depthwiseKernel';

describe('the depth-wise tree kernel', () => {
  it('gives core’s logits bit for bit, on batches longer than one call, NaN values and unsplit nodes included', () => {
    const rng = createRng(11);
    const depth = 4;
    const trees = 90;
    const nodes = trees * nodesPerTree(depth);
    const columns = Int32Array.from({ length: nodes }, () => 2 + rng.int(15));
    const model: DepthwiseTrees = {
      depth,
      bias: -1.25,
      columns,
      // Thresholds on the values' own grid (equal is not above); one node in eight never splits.
      thresholds: Float32Array.from(columns, () =>
        rng.next() < 0.125 ? Infinity : rng.int(7) / 2 - 1.5,
      ),
      leaves: Float32Array.from({ length: trees << depth }, () => rng.normal() * 0.1),
    };
    const { distinct, slotOfSplit } = columnsRead(model);
    const scoring = { ...model, slots: slotOfSplit };
    const kernel = createDepthwiseKernel(scoring, distinct.length);
    if (kernel === null) throw new Error('Node runs WebAssembly');
    const stride = distinct.length + 5;
    const offset = 3;
    for (const rows of [0, 1, 255, 256, 1001]) {
      const values = Float32Array.from({ length: rows * stride }, () => {
        const u = rng.next();
        return u < 0.1 ? NaN : u < 0.4 ? 0 : rng.int(7) / 2 - 1.5;
      });
      const expected = new Float32Array(rows);
      scoreDepthwiseRows(scoring, values, rows, stride, offset, expected);
      const got = kernel.logits(values, rows, stride, offset);
      expect(Array.from(got)).toEqual(Array.from(expected));
      if (rows > 100) expect(Math.max(...got) - Math.min(...got)).toBeGreaterThan(0.5);
    }
  });
});
