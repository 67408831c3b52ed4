/**
 * The tree trainer: bins cut between distinct values, rows stored as the cells that leave their
 * column's most frequent bin, and Newton boosting of oblivious trees, checked against
 * scikit-learn's histogram gradient boosting on a stump (where an oblivious tree and an ordinary
 * one coincide).
 */
import { describe, expect, it } from 'vitest';
import { rocAuc } from '../../src/core/metrics';
import { treeLogits } from '../../src/core/scoring/obliviousTrees';
import { createRng } from '../../src/core/rng';
import {
  childHistograms,
  childScratch,
  completeDefaultBin,
  histogramAt,
  histogramSpace,
  nodeHistograms,
} from '../../training/lib/boostingLoop';
import {
  binEdges,
  binMatrix,
  binOf,
  columnMajorBins,
  keepCandidates,
} from '../../training/lib/treeBins';
import { boostTrees, DEFAULT_BOOSTING } from '../../training/lib/treeBoosting';

const all = (n: number) => Uint32Array.from({ length: n }, (_, i) => i);

describe('bins for the tree trainer', () => {
  it('gives each of few distinct values a bin, with edges halfway between them', () => {
    const edges = binEdges(Float32Array.of(3, 1, 1, 2, 3, Number.NaN), 8);
    expect(Array.from(edges)).toEqual([1.5, 2.5, 3]);
    expect([0, 1, 1.5, 1.6, 2, 3, 99].map((v) => binOf(edges, v))).toEqual([0, 0, 0, 1, 1, 2, 2]);
    expect(Array.from(binEdges(new Float32Array(0), 8))).toEqual([0]);
  });

  it('cuts many values into quantile bins, a value heavier than a bin’s share in a bin of its own', () => {
    const values = Float32Array.from({ length: 1000 }, (_, i) => (i < 600 ? 0 : i));
    const edges = binEdges(values, 10);
    expect(edges.length).toBeLessThanOrEqual(10);
    // The 600 zeros fill the first bin alone: its edge lies between 0 and the next value, 600.
    expect(edges[0]).toBe(300);
    expect(edges[edges.length - 1]).toBe(999);
    const counts = new Array<number>(edges.length).fill(0);
    for (const v of values) counts[binOf(edges, v)] = (counts[binOf(edges, v)] ?? 0) + 1;
    expect(counts[0]).toBe(600);
    for (const count of counts.slice(1)) expect(count).toBeLessThanOrEqual(60);
  });

  it('stores each row as the cells outside their column’s most frequent bin', () => {
    // Columns 0 and 2 of a 3-wide matrix; column 0 is mostly 0, column 2 mostly 5.
    const matrix = Float32Array.of(0, 9, 5, 0, 9, 5, 1, 9, 5, 0, 9, 7, 2, 9, 7);
    const bins = binMatrix(matrix, 3, [0, 2], all(5), 16);
    expect(Array.from(bins.columns)).toEqual([0, 2]);
    expect(Array.from(bins.defaultBin)).toEqual([0, 0]);
    expect(Array.from(bins.rowStart)).toEqual([0, 0, 0, 1, 2, 4]);
    expect(Array.from(bins.pairColumn)).toEqual([0, 1, 0, 1]);
    expect(Array.from(bins.pairBin)).toEqual([1, 1, 2, 1]);
    // Keeping candidate 1 (column 2) alone gives what binning that column alone gives.
    const kept = keepCandidates(bins, [1]);
    const alone = binMatrix(matrix, 3, [2], all(5), 16);
    expect(Array.from(kept.columns)).toEqual([2]);
    expect(Array.from(kept.rowStart)).toEqual(Array.from(alone.rowStart));
    expect(Array.from(kept.pairColumn)).toEqual(Array.from(alone.pairColumn));
    expect(Array.from(kept.pairBin)).toEqual(Array.from(alone.pairBin));
    expect(Array.from(kept.edges[0] ?? [])).toEqual(Array.from(alone.edges[0] ?? []));
  });

  it('bins a row holding its column’s most frequent value by that value’s own bin, where a heavier bin of other values is the default', () => {
    // Two bins over 5, 5, 1, 2, 3: edges 4 (between 3 and 5) and 5. Bin 0 holds three rows, bin 1
    // the two 5s: the default bin is 0, and 5, the most frequent value, lies in bin 1.
    const matrix = Float32Array.of(5, 5, 1, 2, 3);
    const bins = binMatrix(matrix, 1, [0], all(5), 2);
    expect(Array.from(bins.edges[0] ?? [])).toEqual([4, 5]);
    expect(Array.from(bins.defaultBin)).toEqual([0]);
    expect(Array.from(columnMajorBins(bins))).toEqual([1, 1, 0, 0, 0]);
    // Every row's bin is the one a scorer finds from its value: the thresholds' promise.
    const many = Float32Array.from(
      { length: 2000 },
      (_, i) => Math.round(-Math.log(1 - ((i * 7919) % 2000) / 2000) * 10) / 10,
    );
    const binned = binMatrix(many, 1, [0], all(2000), 64);
    const dense = columnMajorBins(binned);
    many.forEach((v, r) => {
      expect(dense[r]).toBe(binOf(binned.edges[0] ?? Float32Array.of(0), v));
    });
  });

  it('spells out every row’s bin, column by column', () => {
    const matrix = Float32Array.of(0, 9, 5, 0, 9, 5, 1, 9, 5, 0, 9, 7, 2, 9, 7);
    const bins = binMatrix(matrix, 3, [0, 2], all(5), 16);
    // Rows: (0, 5), (0, 5), (1, 5), (0, 7), (2, 7) → bins (0, 0), (0, 0), (1, 0), (0, 1), (2, 1).
    expect(Array.from(columnMajorBins(bins))).toEqual([0, 0, 1, 0, 2, 0, 0, 0, 1, 1]);
  });

  it('gives each candidate of a node’s histogram as many (G, H) pairs as it has bins', () => {
    // Column 0 has three bins (0, 1, 2), column 2 two (5, 7): a node takes 2 × 5 values.
    const matrix = Float32Array.of(0, 9, 5, 0, 9, 5, 1, 9, 5, 0, 9, 7, 2, 9, 7);
    const space = histogramSpace(binMatrix(matrix, 3, [0, 2], all(5), 16), 4);
    expect(space.nodeStride).toBe(10);
    expect(space.hist.length).toBe(40);
    expect([0, 1].map((c) => histogramAt(space, 0, c))).toEqual([0, 6]);
    expect([0, 1].map((c) => histogramAt(space, 3, c))).toEqual([30, 36]);
  });

  it('sums a node’s histogram over the columns its tree may split on, and no other', () => {
    const matrix = Float32Array.of(0, 9, 5, 0, 9, 5, 1, 9, 5, 0, 9, 7, 2, 9, 7);
    const bins = binMatrix(matrix, 3, [0, 2], all(5), 16);
    const space = histogramSpace(bins, 2);
    const grad = Float64Array.of(1, 2, 3, 4, 5);
    const context = {
      bins,
      trainRows: all(5),
      grad,
      hess: Float64Array.of(0.5, 0.5, 0.5, 0.5, 0.5),
      sampled: Int32Array.of(0, 1, 2, 3, 4),
      sampledCount: 5,
      allowed: Uint8Array.of(1, 0),
      leafOf: new Int32Array(5),
    };
    // Rows 0–2 in node 0, rows 3–4 in node 1.
    nodeHistograms(context, Int32Array.of(0, 0, 0, 1, 1), 2, space);
    expect(Array.from(space.nodeG)).toEqual([6, 9]);
    for (const node of [0, 1])
      completeDefaultBin(bins, space, node, 0, histogramAt(space, node, 0));
    // Column 0's bins 0, 1, 2 by node: (G, H) of rows 0–1 | 2 | none, then row 3 | none | 4.
    expect(Array.from(space.hist.subarray(0, 6))).toEqual([3, 1, 3, 0.5, 0, 0]);
    expect(Array.from(space.hist.subarray(10, 16))).toEqual([4, 0.5, 0, 0, 5, 0.5]);
    // Column 2 may not be split on: its cells (rows 3 and 4) were not summed.
    expect(Array.from(space.hist.subarray(6, 10))).toEqual([0, 0, 0, 0]);
    expect(Array.from(space.hist.subarray(16, 20))).toEqual([0, 0, 0, 0]);
  });
});

describe('a level’s histograms from the level above', () => {
  // 400 rows of 6 columns, a third of the cells off their column's usual value.
  const rng = createRng(5);
  const n = 400;
  const width = 6;
  const matrix = Float32Array.from({ length: n * width }, () =>
    rng.next() < 0.66 ? 0 : Math.round(rng.normal() * 4),
  );
  const bins = binMatrix(matrix, width, [0, 1, 2, 3, 4, 5], all(n), 8);
  const context = {
    bins,
    trainRows: all(n),
    grad: Float64Array.from({ length: n }, () => rng.normal()),
    hess: Float64Array.from({ length: n }, () => 0.05 + rng.next() / 4),
    // A sample of the rows, as a tree draws one.
    sampled: Int32Array.from({ length: 300 }, (_, i) => i + 50),
    sampledCount: 300,
    allowed: Uint8Array.of(1, 1, 0, 1, 1, 1),
    leafOf: new Int32Array(n),
  };
  const parentOf = Int32Array.from({ length: n }, () => rng.int(4));
  // A row's node one level down: 'heap' puts parent p's children at 2p and 2p + 1, 'level-bit' at p
  // and p + 4; the rows go left or right at random, and one pair's rows all go one way.
  const right = Uint8Array.from(parentOf, (p) => (p === 3 ? 1 : rng.next() < 0.3 ? 1 : 0));
  const pairings = [
    { pairing: 'heap', childOf: (p: number, r: number) => 2 * p + r },
    { pairing: 'level-bit', childOf: (p: number, r: number) => p + 4 * r },
  ] as const;

  it.each(pairings)(
    'equal, under $pairing pairing, the histograms summed from every row, to rounding',
    ({ pairing, childOf }) => {
      const nodeOf = Int32Array.from(parentOf, (p, i) => childOf(p, right[i] ?? 0));
      const parent = histogramSpace(bins, 8);
      nodeHistograms(context, parentOf, 4, parent);
      const derived = histogramSpace(bins, 8);
      childHistograms(context, nodeOf, 8, derived, parent, pairing, childScratch(8));
      const summed = histogramSpace(bins, 8);
      nodeHistograms(context, nodeOf, 8, summed);
      expect(Array.from(derived.nodeG)).toEqual(Array.from(summed.nodeG));
      expect(Array.from(derived.nodeH)).toEqual(Array.from(summed.nodeH));
      let compared = 0;
      for (let node = 0; node < 8; node++) {
        for (let c = 0; c < bins.columns.length; c++) {
          if (context.allowed[c] === 0) continue;
          const at = histogramAt(summed, node, c);
          for (let j = at; j < at + 2 * (bins.edges[c]?.length ?? 1); j++) {
            // Default bins are left to completeDefaultBin: compare the stored cells' bins.
            if ((j - at) >> 1 === bins.defaultBin[c]) continue;
            expect(derived.hist[j]).toBeCloseTo(summed.hist[j] ?? Number.NaN, 12);
            compared += (summed.hist[j] ?? 0) === 0 ? 0 : 1;
          }
        }
      }
      expect(compared).toBeGreaterThan(100);
    },
  );
});

describe('boosting oblivious trees', () => {
  // The fixture scikit-learn was given (HistGradientBoostingClassifier, max_iter=1, max_depth=1,
  // learning_rate=1, l2_regularization=2, min_samples_leaf=1, max_bins=255, no early stopping).
  const n = 200;
  const matrix = Float32Array.from({ length: n * 3 }, (_, k) => {
    const i = Math.floor(k / 3);
    return [i % 7, (i * 3) % 5, (i * i) % 11][k % 3] ?? 0;
  });
  const labels = Uint8Array.from({ length: n }, (_, i) =>
    (i % 7 >= 5 && i % 4 !== 0) || i % 13 === 0 ? 1 : 0,
  );

  it('grows the same stump as scikit-learn: split, leaves and prior', () => {
    const bins = binMatrix(matrix, 3, [0, 1, 2], all(n), 255);
    const { model } = boostTrees(bins, labels, all(n), all(n), {
      depth: 1,
      learningRate: 1,
      maxTrees: 1,
      patience: 1,
      lambda: 2,
      rowShare: 1,
      columnShare: 1,
      seed: 1,
    });
    // scikit-learn: feature 0 at 4.5; leaf values −0.91763657 and 2.13843045 on a baseline of
    // log(0.27 / 0.73) = −0.99462258.
    expect(Array.from(model.columns)).toEqual([0]);
    expect(model.thresholds[0]).toBe(4.5);
    expect(model.bias).toBeCloseTo(-0.99462258, 7);
    expect(model.leaves[0]).toBeCloseTo(-0.91763657, 6);
    expect(model.leaves[1]).toBeCloseTo(2.13843045, 6);
    const logits = treeLogits(model, matrix, 3);
    expect(logits[5]).toBeCloseTo(1.1438078759, 6);
    expect(logits[0]).toBeCloseTo(-1.9122591477, 6);
  });

  it('learns a signal held-out rows confirm, stops when they stop improving, and keeps the best count', () => {
    const rng = createRng(3);
    const rows = 3000;
    const width = 6;
    const data = new Float32Array(rows * width);
    const y = new Uint8Array(rows);
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < width; c++) data[r * width + c] = rng.next() < 0.7 ? 0 : rng.int(20);
      const x = (i: number) => data[r * width + i] ?? 0;
      const z = -2 + 0.15 * x(0) - 0.1 * x(3) + (x(1) > 10 && x(2) > 0 ? 1.5 : 0);
      y[r] = rng.next() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
    }
    const train = all(2000);
    const held = Uint32Array.from({ length: 1000 }, (_, i) => 2000 + i);
    const bins = binMatrix(data, width, [0, 1, 2, 3, 4, 5], train, 32);
    const { model, heldOutLogLoss } = boostTrees(bins, y, train, held, {
      ...DEFAULT_BOOSTING,
      depth: 3,
      learningRate: 0.1,
      maxTrees: 300,
      patience: 20,
      columnShare: 1,
      seed: 9,
    });
    const kept = model.columns.length / model.depth;
    const best = Math.min(...heldOutLogLoss);
    expect(heldOutLogLoss[kept - 1]).toBe(best);
    expect(heldOutLogLoss.length).toBe(kept + 20);
    expect(heldOutLogLoss.length).toBeLessThan(300);
    expect(best).toBeLessThan((heldOutLogLoss[0] ?? 0) - 0.02);
    const heldLabels = Uint8Array.from(held, (r) => y[r] ?? 0);
    expect(rocAuc(treeLogits(model, data, width, held), heldLabels)).toBeGreaterThan(0.7);
    // Columns 4 and 5 carry nothing: with every column open to every tree, few splits use them.
    const splitsOn = (c: number) => Array.from(model.columns).filter((s) => s === c).length;
    const informative = [0, 1, 2, 3].reduce((sum, c) => sum + splitsOn(c), 0);
    expect(informative / model.columns.length).toBeGreaterThan(0.75);
    expect(splitsOn(0)).toBeGreaterThan(splitsOn(4) + splitsOn(5));
  });
});
