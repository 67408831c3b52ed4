import { describe, expect, it } from 'vitest';
import { outOfSampleValuesOf } from '../../training/lib/pipeline/outOfSampleValues';
import { ColumnarTableBuilder } from '../../src/core/records/table';
import { parseCsv } from '../../src/core/records/csv';
import { valueOf } from '../support/results';
import { tableOf } from '../support/tables';

const lines = ['ID,charges,plan,TARGET', '1,10.5,A,0', '2,,B,1', '3,30,A,0', '4,40,B,1'];

describe("the test rows' values that training records", () => {
  it("takes each test row's cell from the value column, null where it is missing", () => {
    const table = tableOf(lines);
    expect(outOfSampleValuesOf(table, 'charges', Uint32Array.from([3, 1, 0]), 'f.csv')).toEqual([
      40,
      null,
      10.5,
    ]);
  });

  it('refuses a column the file lacks, one holding text, and one left out of training', () => {
    const table = tableOf(lines);
    const rows = Uint32Array.from([0]);
    expect(() => outOfSampleValuesOf(table, 'charge', rows, 'f.csv')).toThrow(
      'f.csv: no value column "charge" in the header; the closest names in it: "charges"',
    );
    expect(() => outOfSampleValuesOf(table, 'plan', rows, 'f.csv')).toThrow(
      'the column "plan" should be numeric but holds text',
    );
    const [header, ...records] = parseCsv(lines.join('\n'));
    const builder = valueOf(
      ColumnarTableBuilder.create(header?.fields ?? [], { idColumn: 'ID', exclude: ['charges'] }),
    );
    for (const r of records) builder.add(r.fields, r.line);
    expect(() => outOfSampleValuesOf(builder.build(), 'charges', rows, 'f.csv')).toThrow(
      '--value-column "charges" is also excluded',
    );
  });
});
