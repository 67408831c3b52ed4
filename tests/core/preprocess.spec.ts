import { describe, expect, it } from 'vitest';
import { describeHeaderProblem } from '../../src/core/records/fileProblems';
import { parseCsv } from '../../src/core/records/csv';
import {
  computeSchemaHash,
  createRecordEncoder,
  encodeTable,
  fitPreprocess,
  type NumericFeature,
  type PreprocessSpec,
} from '../../src/core/preprocess';
import { createRng } from '../../src/core/rng';
import { tableOf } from '../support/tables';
import { valueOf } from '../support/results';

/** A small Santander-like table: sentinels, a constant, a duplicate, a heavy tail, a dominant mode. */
function santanderLike(rows: number, seed: number): string[] {
  const rng = createRng(seed);
  const lines = [
    'ID,var3,delta_x,const,dup_of_amount,amount,var38,plan,' +
      Array.from({ length: 10 }, (_, i) => `ind${i}`).join(','),
  ];
  for (let r = 0; r < rows; r++) {
    const var3 = rng.next() < 0.05 ? -999999 : 2 + rng.int(5);
    const delta = rng.next() < 0.1 ? 9999999999 : rng.int(2);
    const amount = rng.next() < 0.6 ? 0 : Math.round(Math.exp(rng.normal() * 2 + 6) * 100) / 100;
    const var38 = rng.next() < 0.3 ? 117310.979016494 : Math.round(50000 + rng.next() * 200000);
    const plan = ['Gold', 'Basic', 'Basic', ''][rng.int(4)] ?? '';
    const inds = Array.from({ length: 10 }, () => (rng.next() < 0.3 ? 1 : 0));
    lines.push([r + 1, var3, delta, 7, amount, amount, var38, plan, ...inds].join(','));
  }
  return lines;
}

const table = tableOf(santanderLike(600, 1));
const train = Uint32Array.from({ length: 400 }, (_, i) => i);
const spec = fitPreprocess(table, train, 'ID', null);
const numeric = (name: string) =>
  spec.features.find((f) => f.kind === 'numeric' && f.column === name) as
    NumericFeature | undefined;

describe('fitting the treatment', () => {
  it('drops constant and duplicate columns and records why', () => {
    expect(spec.dropped.constant).toEqual(['const']);
    expect(spec.dropped.duplicate).toEqual([{ column: 'amount', duplicateOf: 'dup_of_amount' }]);
    expect(spec.inputColumns.map((c) => c.name)).not.toContain('const');
  });

  it('turns var3 = -999999 and 9999999999 into missing values with an indicator', () => {
    expect(numeric('var3')).toMatchObject({ missingIndicator: true });
    expect(numeric('delta_x')).toMatchObject({ missingIndicator: true });
    expect(spec.outputNames).toContain('var3=missing');
  });

  it('fills a missing value with the median of the training values that are not sentinels', () => {
    // Six sentinels among ten rows: counted as values, they would make the median -999999.
    const small = tableOf([
      'ID,var3,x',
      ...[-999999, -999999, 2, -999999, 3, -999999, 4, -999999, 5, -999999].map(
        (v, i) => `${i + 1},${v},${i % 3}`,
      ),
    ]);
    const fitted = fitPreprocess(
      small,
      Uint32Array.from({ length: 10 }, (_, i) => i),
      'ID',
      null,
    );
    const var3 = fitted.features.find((f) => f.kind === 'numeric' && f.column === 'var3');
    // numpy.median([2, 3, 4, 5]) = 3.5
    expect(var3).toMatchObject({ fill: 3.5, missingIndicator: true });
  });

  it('compresses heavy tails with a signed log1p and flags a dominant non-zero mode', () => {
    expect(numeric('dup_of_amount')?.transform).toBe('signed-log1p');
    expect(numeric('var38')?.modeFlag).toBe(117310.979016494);
    expect(numeric('ind0')?.transform).toBe('none');
  });

  it('standardises with statistics of the training rows only', () => {
    const lines = santanderLike(600, 1);
    // Corrupt the rows outside training: the fitted spec must not change.
    const shifted = lines.map((line, i) =>
      i > 400 ? line.replace(/^(\d+),(-?\d+)/, '$1,99') : line,
    );
    const other = fitPreprocess(tableOf(shifted), train, 'ID', null);
    expect(other.schemaHash).toBe(spec.schemaHash);
  });

  it('one-hot encodes categories with "other" and "missing", and counts zeros per row', () => {
    expect(spec.outputNames).toEqual(
      expect.arrayContaining([
        'plan=Basic',
        'plan=Gold',
        'plan=other',
        'plan=missing',
        'zero_count',
      ]),
    );
  });

  it('hashes everything that decides the outputs', () => {
    expect(computeSchemaHash(spec)).toBe(spec.schemaHash);
    const edited = JSON.parse(JSON.stringify(spec)) as PreprocessSpec & {
      features: NumericFeature[];
    };
    (edited.features[0] as { mean: number }).mean += 1e-9;
    expect(computeSchemaHash(edited)).not.toBe(spec.schemaHash);
  });
});

describe('applying the treatment', () => {
  const rows = Uint32Array.from({ length: table.ids.length }, (_, i) => i);
  const matrix = valueOf(encodeTable(spec, table, rows));
  const width = spec.outputNames.length;

  it('gives one row of outputNames.length values per customer, all finite and clipped to ±5', () => {
    expect(matrix).toHaveLength(600 * width);
    for (const value of matrix) {
      expect(Number.isFinite(value)).toBe(true);
      expect(Math.abs(value)).toBeLessThanOrEqual(5);
    }
  });

  it('gives the same float32 numbers from a parsed table and from raw CSV records', () => {
    const lines = santanderLike(600, 1);
    const header = parseCsv(lines[0] ?? '')[0]?.fields ?? [];
    const encode = valueOf(createRecordEncoder(spec, header));
    const out = new Float32Array(width);
    lines.slice(1).forEach((line, r) => {
      expect(encode(parseCsv(line)[0]?.fields ?? [], out, 0)).toBeNull();
      expect(Array.from(out)).toEqual(Array.from(matrix.subarray(r * width, (r + 1) * width)));
    });
  });

  it('reads columns by name, whatever their order in the file', () => {
    const lines = santanderLike(6, 1);
    const header = [
      'plan',
      'ID',
      ...spec.inputColumns
        .map((c) => c.name)
        .filter((n) => n !== 'plan')
        .reverse(),
    ];
    const reordered = valueOf(createRecordEncoder(spec, header));
    const original = valueOf(createRecordEncoder(spec, parseCsv(lines[0] ?? '')[0]?.fields ?? []));
    const source = parseCsv(lines[5] ?? '')[0]?.fields ?? [];
    const sourceHeader = parseCsv(lines[0] ?? '')[0]?.fields ?? [];
    const moved = header.map((name) => source[sourceHeader.indexOf(name)] ?? '');
    const a = new Float32Array(width);
    const b = new Float32Array(width);
    expect(original(source, a, 0)).toBeNull();
    expect(reordered(moved, b, 0)).toBeNull();
    expect(Array.from(b)).toEqual(Array.from(a));
    // Not a row of zeros: the record has values to move.
    expect(a.some((v) => v !== 0)).toBe(true);
  });

  it('reports a bad cell with its column instead of producing garbage', () => {
    const header = parseCsv(santanderLike(1, 1)[0] ?? '')[0]?.fields ?? [];
    const encode = valueOf(createRecordEncoder(spec, header));
    const fields = parseCsv(santanderLike(1, 1)[1] ?? '')[0]?.fields ?? [];
    fields[6] = 'muito';
    expect(encode(fields, new Float32Array(width), 0)).toEqual({
      column: 'var38',
      reason: '"muito" is not a number',
      problem: { code: 'not-a-number', column: 'var38', text: 'muito' },
    });
  });

  it('names the missing columns of a file that cannot be scored', () => {
    const refused = createRecordEncoder(spec, ['ID', 'var3']);
    const absent = spec.inputColumns.map((c) => c.name).filter((name) => name !== 'var3');
    expect(refused).toEqual({
      ok: false,
      problem: { code: 'missing-columns', columns: absent.slice(0, 5), count: absent.length },
    });
    expect(refused.ok ? '' : describeHeaderProblem(refused.problem)).toBe(
      `the file lacks ${absent.length} column(s) the model needs: ${absent.slice(0, 5).join(', ')}, …`,
    );
  });
});
