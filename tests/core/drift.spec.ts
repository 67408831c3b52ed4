import { describe, expect, it } from 'vitest';
import {
  DriftCounter,
  LARGE_SHIFT_PSI,
  populationStabilityIndex,
  samplingNoisePsi,
} from '../../src/core/evaluation/drift';
import { pleBin } from '../../src/core/preprocess/pleBins';
import { encodeTable, fitPreprocess } from '../../src/core/preprocess';
import { createRng } from '../../src/core/rng';
import { ColumnarTableBuilder } from '../../src/core/records/table';
import { valueOf } from '../support/results';

function table(rows: number, shift: number, seed: number) {
  const rng = createRng(seed);
  const builder = valueOf(
    ColumnarTableBuilder.create(
      ['ID', 'age', 'balance', ...Array.from({ length: 9 }, (_, i) => `f${i}`)],
      { idColumn: 'ID' },
    ),
  );
  for (let r = 0; r < rows; r++) {
    builder.add(
      [
        String(r),
        String(Math.round(30 + shift + rng.normal() * 10)),
        String(Math.round(Math.exp(5 + rng.normal()) * 100) / 100),
        ...Array.from({ length: 9 }, () => String(rng.int(3))),
      ],
      r + 2,
    );
  }
  return builder.build();
}

describe('drift against the training rows', () => {
  const train = table(3000, 0, 1);
  const all = (n: number) => Uint32Array.from({ length: n }, (_, i) => i);
  const spec = fitPreprocess(train, all(3000), 'ID', null);

  it('computes PSI as Σ (a − e)·ln(a / e)', () => {
    expect(populationStabilityIndex([0.5, 0.5], [0.5, 0.5])).toBe(0);
    expect(populationStabilityIndex([0.5, 0.5], [0.8, 0.2])).toBeCloseTo(
      0.3 * Math.log(0.8 / 0.5) - 0.3 * Math.log(0.2 / 0.5),
      12,
    );
  });

  it('records training shares per PLE bin, which sum to 1', () => {
    const age = spec.features.find((f) => f.kind === 'numeric' && f.column === 'age');
    const shares = age?.kind === 'numeric' ? (age.binShares ?? []) : [];
    expect(shares.length).toBeGreaterThan(5);
    expect(shares.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
    expect(pleBin([0, 1, 2, 3], 2.5)).toBe(2);
    expect(pleBin([0, 1, 2, 3], 99)).toBe(2);
    expect(pleBin([0, 1, 2, 3], -5)).toBe(0);
  });

  const measure = (rows: number, shift: number, seed = 2) => {
    const other = table(rows, shift, seed);
    const matrix = valueOf(encodeTable(spec, other, all(rows)));
    const counter = new DriftCounter(spec);
    for (let r = 0; r < rows; r++) counter.add(matrix, r * spec.outputNames.length);
    return counter.report();
  };

  it('reads bins back from encoded rows: new rows like the training ones show no drift, shifted ones do', () => {
    const same = measure(2000, 0);
    expect(same.columns[0]?.psi).toBeLessThan(0.05);
    expect(same.verdict).toBe('stable');
    const shifted = measure(2000, 15);
    expect(shifted.columns[0]).toMatchObject({ column: 'age' });
    expect(shifted.columns[0]?.psi).toBeGreaterThan(0.5);
    expect(shifted.verdict).toBe('shifted');
  });

  it("puts the PSI that chance alone exceeds 1% of the time at χ²'s 99th percentile over the rows", () => {
    // scipy.stats.chi2.ppf(0.99, k) for k = 1, 4, 9, 19 degrees of freedom (bins − 1).
    const exact: [number, number][] = [
      [2, 6.6348966010212145],
      [5, 13.276704135987622],
      [10, 21.665994333461924],
      [20, 36.19086912927004],
    ];
    for (const [bins, quantile] of exact) {
      expect(Math.abs(samplingNoisePsi(bins, 1) / quantile - 1)).toBeLessThan(0.01);
      expect(samplingNoisePsi(bins, 200)).toBeCloseTo(samplingNoisePsi(bins, 1) / 200, 12);
    }
    expect(samplingNoisePsi(10, 0)).toBe(Number.POSITIVE_INFINITY);
    expect(samplingNoisePsi(1, 100)).toBe(0);
  });

  it('raises no alarm on a handful of customers like the training ones, whatever their PSI', () => {
    // Twenty customers drawn as the training rows were: PSIs well above 0.25 from chance alone.
    for (const seed of [3, 4, 5, 6, 7]) {
      const few = measure(20, 0, seed);
      expect(few.rows).toBe(20);
      expect(few.columns[0]?.psi).toBeGreaterThan(LARGE_SHIFT_PSI);
      expect(few.verdict).toBe('too-few-rows');
      for (const column of few.columns) expect(column.judged).toBe(false);
    }
  });

  it('still sees a shift in a few hundred customers', () => {
    expect(measure(300, 15).verdict).toBe('shifted');
    expect(measure(300, 0).verdict).toBe('stable');
  });

  it('reports nothing before any row', () => {
    expect(new DriftCounter(spec).report()).toEqual({
      rows: 0,
      columns: [],
      verdict: 'too-few-rows',
    });
  });
});
