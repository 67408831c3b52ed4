import { describe, expect, it } from 'vitest';
import {
  numericCellRule,
  plausibleRange,
  readNumericInput,
} from '../../src/core/preprocess/cellRules';
import type { ValueWarning } from '../../src/core/records/rowProblems';
import { createRecordEncoder, fitPreprocess } from '../../src/core/preprocess';
import { allocateRawColumns, createRawRecordReader } from '../../src/core/preprocess/rawRecord';
import { tableOf, withCells } from '../support/tables';
import { valueOf } from '../support/results';

// Ages 20…70 (no skew: read as they are), a skewed balance 0…1,000 (read on the log scale), a
// plan category, and -999999 as the missing-value sentinel of var3.
const lines = ['ID,age,balance,plan,var3'];
for (let i = 0; i < 200; i++) {
  const balance = i % 10 === 0 ? 1000 : i % 3;
  lines.push(
    `${i + 1},${20 + (i % 51)},${balance},${i % 2 === 0 ? 'Gold' : 'Basic'},${i % 7 === 0 ? -999999 : i % 4}`,
  );
}
const table = tableOf(lines);
const spec = fitPreprocess(
  table,
  Uint32Array.from({ length: 200 }, (_, i) => i),
  'ID',
  null,
);
const header = ['ID', 'age', 'balance', 'plan', 'var3'];

function warningsOf(record: string[]): ValueWarning[] {
  const encode = valueOf(createRecordEncoder(spec, header));
  const warnings: ValueWarning[] = [];
  const problem = encode(record, new Float32Array(spec.outputNames.length), 0, (w) =>
    warnings.push(w),
  );
  expect(problem).toBeNull();
  return warnings;
}

describe('the training range a spec records', () => {
  it('is each numeric column’s min and max, sentinels and blanks left out', () => {
    expect(spec.valueRanges).toMatchObject({ age: [20, 70], balance: [0, 1000], var3: [0, 3] });
    expect(spec.valueRanges).not.toHaveProperty('plan');
  });
});

describe('the plausible range of a column', () => {
  it('widens the training range by its own width on each side, on the scale the model reads', () => {
    expect(plausibleRange({ transform: 'none' }, [20, 70])).toEqual({ low: -30, high: 120 });
    const log = plausibleRange({ transform: 'signed-log1p' }, [0, 1000]);
    // log1p(1000) = 6.909; twice that is 13.82, and expm1(13.82) ≈ 1.002 million.
    expect(log.high).toBeCloseTo(1001 * 1001 - 1, 3);
    expect(log.low).toBeCloseTo(-(1001 - 1), 6);
  });
  it('widens a zero-width range by 1, and accepts everything when no range was recorded', () => {
    expect(plausibleRange({ transform: 'none' }, [5, 5])).toEqual({ low: 4, high: 6 });
    expect(plausibleRange({ transform: 'none' }, undefined)).toEqual({
      low: -Infinity,
      high: Infinity,
    });
  });
});

describe('reading a numeric cell', () => {
  const rule = { column: 'age', low: -30, high: 120, sentinels: [-999999], blankSeen: false };
  const read = (text: string) => {
    const warnings: ValueWarning[] = [];
    const value = readNumericInput(text, false, rule, (w) => warnings.push(w));
    return { value, warnings };
  };
  it('reads plausible numbers without a word', () => {
    expect(read('45')).toEqual({ value: 45, warnings: [] });
    expect(read('120')).toEqual({ value: 120, warnings: [] });
    expect(read('-999999')).toEqual({ value: -999999, warnings: [] });
  });
  it('names a blank cell and reads it as missing; a missing token such as NA is not named', () => {
    expect(read('  ')).toEqual({
      value: Number.NaN,
      warnings: [{ code: 'blank-cell', column: 'age' }],
    });
    expect(read('NA')).toEqual({ value: Number.NaN, warnings: [] });
  });
  it('reads a number too large for float64 as ±the largest one, and names it', () => {
    expect(read('1e400')).toEqual({
      value: Number.MAX_VALUE,
      warnings: [{ code: 'non-finite', column: 'age', text: '1e400' }],
    });
    expect(read('-1E999').value).toBe(-Number.MAX_VALUE);
  });
  it('names a value far outside the range and still reads it as it is', () => {
    expect(read('121')).toEqual({
      value: 121,
      warnings: [{ code: 'out-of-range', column: 'age', value: 121, low: -30, high: 120 }],
    });
  });
  it('refuses text that is not a number, without a warning', () => {
    expect(read('abc')).toEqual({ value: undefined, warnings: [] });
    expect(read('Infinity')).toEqual({ value: undefined, warnings: [] });
  });
  it('takes its rule from the spec', () => {
    expect(numericCellRule(spec, 'age')).toEqual({
      column: 'age',
      low: -30,
      high: 120,
      sentinels: [-999999, 9999999999],
      blankSeen: false,
    });
    expect(numericCellRule(spec, 'nope').high).toBe(Infinity);
  });
});

describe('warnings while encoding a customer record', () => {
  it('names blank cells of every kind, non-finite numbers and absurd values, column by column', () => {
    expect(warningsOf(['1', '45', '10', 'Gold', '2'])).toEqual([]);
    expect(warningsOf(['1', '', '1e400', ' ', '-999999'])).toEqual([
      { code: 'blank-cell', column: 'age' },
      { code: 'non-finite', column: 'balance', text: '1e400' },
      { code: 'blank-cell', column: 'plan' },
    ]);
    expect(warningsOf(['1', '400', '1e308', 'Gold', '1'])).toEqual([
      { code: 'out-of-range', column: 'age', value: 400, low: -30, high: 120 },
      expect.objectContaining({ code: 'out-of-range', column: 'balance', value: 1e308 }),
    ]);
  });
  it('encodes "1e400" exactly as the largest float64, which the encoder clips', () => {
    const encode = valueOf(createRecordEncoder(spec, header));
    const width = spec.outputNames.length;
    const overflow = new Float32Array(width);
    const largest = new Float32Array(width);
    encode(['1', '45', '1e400', 'Gold', '1'], overflow, 0);
    encode(['1', '45', String(Number.MAX_VALUE), 'Gold', '1'], largest, 0);
    expect(Array.from(overflow)).toEqual(Array.from(largest));
    expect(overflow.every(Number.isFinite)).toBe(true);
  });
  it('gives the raw-column reader of the ONNX engine the same warnings and values', () => {
    const read = valueOf(createRawRecordReader(spec, header));
    const columns = allocateRawColumns(spec, 1);
    const warnings: ValueWarning[] = [];
    const record = ['1', '', '1e400', ' ', '500'];
    expect(read(record, columns, 0, (w) => warnings.push(w))).toBeNull();
    expect(warnings).toEqual([
      { code: 'blank-cell', column: 'age' },
      { code: 'non-finite', column: 'balance', text: '1e400' },
      { code: 'out-of-range', column: 'var3', value: 500, low: -3, high: 6 },
      { code: 'blank-cell', column: 'plan' },
    ]);
    expect(columns.numbers.map((c) => c[0])).toEqual([Number.NaN, Number.MAX_VALUE, 500]);
  });
});

describe('a blank cell in a column that had missing cells in training', () => {
  // The same rows with age blank in row 3 and plan written NA in row 5: blanks the model saw.
  const gappy = withCells(lines, [
    [3, 'age', ''],
    [5, 'plan', 'NA'],
  ]);
  const seen = fitPreprocess(
    tableOf(gappy),
    Uint32Array.from({ length: 200 }, (_, i) => i),
    'ID',
    null,
  );
  it('is recorded per column, a sentinel not counting as a missing cell', () => {
    expect(seen.blankColumns).toEqual(['age', 'plan']);
    expect(spec.blankColumns).toEqual([]);
  });
  it('is read as missing without a word, where a column that had none is still named', () => {
    const encode = valueOf(createRecordEncoder(seen, header));
    const read = valueOf(createRawRecordReader(seen, header));
    for (const reader of ['encoder', 'raw-column reader'] as const) {
      const warnings: ValueWarning[] = [];
      const record = ['1', '', ' ', '', '2'];
      const problem =
        reader === 'encoder'
          ? encode(record, new Float32Array(seen.outputNames.length), 0, (w) => warnings.push(w))
          : read(record, allocateRawColumns(seen, 1), 0, (w) => warnings.push(w));
      expect(problem, reader).toBeNull();
      expect(warnings, reader).toEqual([{ code: 'blank-cell', column: 'balance' }]);
    }
  });
  it('is named by a spec written before the record existed', () => {
    const { blankColumns, ...older } = seen;
    expect(blankColumns).toEqual(['age', 'plan']);
    expect(numericCellRule(older, 'age').blankSeen).toBe(false);
    expect(numericCellRule(seen, 'age').blankSeen).toBe(true);
  });
});
