import { describe, expect, it } from 'vitest';
import {
  DriftCounter,
  driftReport,
  populationStabilityIndex,
  samplingNoisePsi,
  smoothedPsi,
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

  it("puts the PSI that chance alone exceeds 10⁻⁴ of the time at χ²'s upper quantile over the rows", () => {
    // scipy.stats.chi2.ppf(1 - 1e-4, k) for k = 1, 4, 9, 15 degrees of freedom (bins − 1).
    const exact: [number, number][] = [
      [2, 15.136705226623606],
      [5, 23.512742444991076],
      [10, 33.719948438964906],
      [16, 44.26322494417528],
    ];
    // Wilson–Hilferty over-states the far tail: by 7% at one degree of freedom, under 3% from 4.
    for (const [bins, quantile] of exact) {
      const ratio = samplingNoisePsi(bins, 1) / quantile;
      expect(ratio).toBeGreaterThanOrEqual(1);
      expect(ratio).toBeLessThan(bins === 2 ? 1.08 : 1.03);
      expect(samplingNoisePsi(bins, 200)).toBeCloseTo(samplingNoisePsi(bins, 1) / 200, 12);
    }
    expect(samplingNoisePsi(10, 0)).toBe(Number.POSITIVE_INFINITY);
    expect(samplingNoisePsi(1, 100)).toBe(0);
  });

  it('smooths each count by half a customer, so that an empty bin weighs what chance allows', () => {
    // Twenty customers over four equal bins, one bin empty: (0 + 0.5) / 22 against 0.25.
    const psi = smoothedPsi([0.25, 0.25, 0.25, 0.25], [0, 6, 7, 7]);
    const actual = [0.5, 6.5, 7.5, 7.5].map((c) => c / 22);
    expect(psi).toBeCloseTo(
      actual.reduce((sum, a) => sum + (a - 0.25) * Math.log(a / 0.25), 0),
      12,
    );
    expect(
      populationStabilityIndex([0.25, 0.25, 0.25, 0.25], [0, 0.3, 0.35, 0.35]),
    ).toBeGreaterThan(2 * psi);
    expect(smoothedPsi([], [])).toBe(0);
  });

  // Customer files drawn like the training rows, over ten columns of sixteen bins.
  const rng = createRng(11);
  const drawn = (shares: readonly number[], rows: number) => {
    const counts = new Float64Array(shares.length);
    for (let r = 0; r < rows; r++) {
      let u = rng.next();
      let bin = 0;
      while (bin < shares.length - 1 && u >= (shares[bin] ?? 0)) u -= shares[bin++] ?? 0;
      counts[bin] = (counts[bin] ?? 0) + 1;
    }
    return counts;
  };
  const equal = Array.from({ length: 16 }, () => 1 / 16);
  const file = (rows: number, first: readonly number[] = equal) =>
    driftReport(
      Array.from({ length: 10 }, (_, c) => ({
        column: `c${c}`,
        shares: equal,
        counts: drawn(c === 0 ? first : equal, rows),
      })),
      rows,
    );

  it('calls at most 1% of the files drawn like the training rows shifted, from the fewest rows it judges', () => {
    for (const rows of [80, 100, 150, 300, 1000]) {
      const verdicts = Array.from({ length: 200 }, () => file(rows).verdict);
      const shifted = verdicts.filter((v) => v === 'shifted').length;
      expect(shifted, `${rows} rows`).toBeLessThanOrEqual(2);
      expect(verdicts.filter((v) => v === 'stable')).toHaveLength(200 - shifted);
    }
  });

  it('says too few below five customers expected in a column’s rarest bin, and shows every column', () => {
    const few = file(79);
    expect(few.verdict).toBe('too-few-rows');
    expect(few.columns).toHaveLength(5);
    for (const column of few.columns) expect(column.judged).toBe(false);
  });

  it('sees a real shift: three customers in every bin of the lower half for one in the upper', () => {
    // The first column's lower half triples: shares 3/32 and 1/32, a PSI of about 0.55.
    const moved = equal.map((_, bin) => (bin < 8 ? 3 / 32 : 1 / 32));
    const found = Array.from({ length: 100 }, () => file(300, moved));
    expect(found.filter((report) => report.verdict === 'shifted').length).toBeGreaterThan(80);
    expect(found[0]?.columns[0]?.column).toBe('c0');
  });

  it('still reads the twin table: a few hundred shifted customers are shifted', () => {
    expect(measure(300, 15).verdict).toBe('shifted');
    expect(measure(300, 0).verdict).toBe('stable');
    expect(measure(20, 0).verdict).toBe('too-few-rows');
  });

  it('reports nothing before any row', () => {
    expect(new DriftCounter(spec).report()).toEqual({
      rows: 0,
      columns: [],
      verdict: 'too-few-rows',
    });
  });
});
