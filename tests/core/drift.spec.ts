import { describe, expect, it } from 'vitest';
import { DriftCounter, populationStabilityIndex } from '../../src/core/evaluation/drift';
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

  it('reads bins back from encoded rows: new rows like the training ones show no drift, shifted ones do', () => {
    const measure = (shift: number) => {
      const other = table(2000, shift, 2);
      const matrix = valueOf(encodeTable(spec, other, all(2000)));
      const counter = new DriftCounter(spec);
      for (let r = 0; r < 2000; r++) counter.add(matrix, r * spec.outputNames.length);
      return counter.report();
    };
    const same = measure(0);
    expect(same[0]?.psi).toBeLessThan(0.05);
    const shifted = measure(15);
    expect(shifted[0]).toMatchObject({ column: 'age' });
    expect(shifted[0]?.psi).toBeGreaterThan(0.5);
  });
});
