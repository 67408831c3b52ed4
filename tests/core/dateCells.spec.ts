/**
 * Date columns, from the cell to the model's input. Golden day numbers are Python's
 * (datetime.date(y, m, d).toordinal() − datetime.date(1970, 1, 1).toordinal()).
 */
import { describe, expect, it } from 'vitest';
import {
  createRawRecordReader,
  allocateRawColumns,
  createRecordEncoder,
  encodeTable,
  fitPreprocess,
} from '../../src/core/preprocess';
import {
  dateFormatOf,
  dayNumberOf,
  describeRowProblem,
  formatDate,
  isNoSuchDay,
  parseDateCell,
  type ColumnarTable,
  type ValueWarning,
} from '../../src/core/records';
import { parseCsv } from '../../src/core/records/csv';
import { tableOf } from '../support/tables';
import { valueOf } from '../support/results';

describe('a calendar date as a day number', () => {
  it('counts days from 1970-01-01 as Python does', () => {
    expect(dayNumberOf(2016, 1, 31)).toBe(16831);
    expect(dayNumberOf(2000, 2, 29)).toBe(11016);
    expect(dayNumberOf(1969, 12, 31)).toBe(-1);
    expect(dayNumberOf(1000, 1, 1)).toBe(-354285);
    expect(dayNumberOf(9999, 12, 31)).toBe(2932896);
  });

  it('has no number for a date that does not exist', () => {
    expect(dayNumberOf(2015, 2, 29)).toBeUndefined();
    expect(dayNumberOf(1900, 2, 29)).toBeUndefined();
    expect(dayNumberOf(2016, 4, 31)).toBeUndefined();
    expect(dayNumberOf(2016, 13, 1)).toBeUndefined();
    expect(dayNumberOf(2016, 0, 1)).toBeUndefined();
    expect(dayNumberOf(999, 1, 1)).toBeUndefined();
  });
});

describe('reading a date cell', () => {
  it('reads each format, a time after the date left out', () => {
    expect(parseDateCell('2016-01-31', 'yyyy-mm-dd')).toBe(16831);
    expect(parseDateCell(' 2016-01-31T14:05:00Z ', 'yyyy-mm-dd')).toBe(16831);
    expect(parseDateCell('2016-01-31 14:05', 'yyyy-mm-dd')).toBe(16831);
    expect(parseDateCell('2016/1/31', 'yyyy/mm/dd')).toBe(16831);
    expect(parseDateCell('31/01/2016', 'dd/mm/yyyy')).toBe(16831);
    expect(parseDateCell('1/31/2016', 'mm/dd/yyyy')).toBe(16831);
    expect(parseDateCell('31-01-2016', 'dd-mm-yyyy')).toBe(16831);
    expect(parseDateCell('31.01.2016', 'dd.mm.yyyy')).toBe(16831);
  });

  it('reads a blank or a missing token as missing', () => {
    expect(parseDateCell('', 'dd/mm/yyyy')).toBeNull();
    expect(parseDateCell(' NA ', 'dd/mm/yyyy')).toBeNull();
  });

  it('refuses what is no date in the format: the wrong order, separator, year or calendar day', () => {
    expect(parseDateCell('01/31/2016', 'dd/mm/yyyy')).toBeUndefined();
    expect(parseDateCell('31-01-2016', 'dd/mm/yyyy')).toBeUndefined();
    expect(parseDateCell('31/01/16', 'dd/mm/yyyy')).toBeUndefined();
    expect(parseDateCell('29/02/2015', 'dd/mm/yyyy')).toBeUndefined();
    expect(parseDateCell('20160131', 'yyyy-mm-dd')).toBeUndefined();
    expect(parseDateCell('soon', 'yyyy-mm-dd')).toBeUndefined();
  });

  it('writes a day number back in each format', () => {
    expect(formatDate(16831, 'dd/mm/yyyy')).toBe('31/01/2016');
    expect(formatDate(16831, 'mm/dd/yyyy')).toBe('01/31/2016');
    expect(formatDate(16831, 'yyyy-mm-dd')).toBe('2016-01-31');
    expect(formatDate(16831, 'dd.mm.yyyy')).toBe('31.01.2016');
  });
});

describe('recognising a date column', () => {
  it('takes day before month when every date reads both ways', () => {
    expect(dateFormatOf(['01/02/2016', '03/04/2015', ''])).toBe('dd/mm/yyyy');
  });

  it('takes month before day when a second number above 12 says so', () => {
    expect(dateFormatOf(['01/02/2016', '03/25/2015'])).toBe('mm/dd/yyyy');
  });

  it('accepts at most 2% of cells that are no date, and none in a column of text', () => {
    const dates = Array.from({ length: 98 }, (_, i) => formatDate(16000 + i, 'yyyy-mm-dd'));
    expect(dateFormatOf([...dates, 'n/d', 'soon'])).toBe('yyyy-mm-dd');
    expect(dateFormatOf([...dates, 'soon', 'later', 'never'])).toBeNull();
    expect(dateFormatOf(['Gold', 'Basic'])).toBeNull();
    expect(dateFormatOf(['', 'NA'])).toBeNull();
  });
});

const LINES = [
  'ID,since,renewal,plan',
  '1,31/01/2016,15/06/2017,Gold',
  '2,13/06/2017,,Basic',
  '3,,01/03/2017,Gold',
  '4,01/01/2015,13/06/2017,Basic',
];

describe('a date column in a labelled file', () => {
  const table: ColumnarTable = tableOf(LINES);

  it('becomes a numeric column of the days from each date to the latest date of the file', () => {
    const since = table.columns.find((c) => c.name === 'since');
    const renewal = table.columns.find((c) => c.name === 'renewal');
    // The latest date of either column is 15/06/2017 (day 17332).
    expect(since?.kind === 'numeric' && since.date).toEqual({
      format: 'dd/mm/yyyy',
      reference: '2017-06-15',
    });
    expect(since?.kind === 'numeric' && Array.from(since.values)).toEqual([501, 2, NaN, 896]);
    expect(renewal?.kind === 'numeric' && Array.from(renewal.values)).toEqual([0, NaN, 106, 2]);
  });

  it('drops a row whose date cell is no date, and says why', () => {
    // 60 dates and one stray: within the 2% a date column may hold.
    const dates = Array.from(
      { length: 60 },
      (_, i) => `${i + 1},${formatDate(16000 + i, 'dd/mm/yyyy')}`,
    );
    const odd = tableOf(['ID,since', ...dates.slice(0, 30), '999,31/02/2016', ...dates.slice(30)]);
    expect(odd.ids).toHaveLength(60);
    expect(odd.ids).not.toContain('999');
    expect(odd.issues.map((i) => [i.row, i.reason, i.problem])).toEqual([
      [
        31,
        '"31/02/2016" is no day of the calendar (written dd/mm/yyyy)',
        {
          code: 'not-a-date',
          column: 'since',
          text: '31/02/2016',
          format: 'dd/mm/yyyy',
          noSuchDay: true,
        },
      ],
    ]);
  });
});

describe('a cell that is no date', () => {
  it.each([
    ['31/02/2016', 'dd/mm/yyyy', true],
    ['29/02/2015', 'dd/mm/yyyy', true],
    ['31/13/2016', 'dd/mm/yyyy', true],
    ['12/31/2016', 'dd/mm/yyyy', false],
    ['2016-02-30', 'yyyy-mm-dd', true],
    ['2016-01-31', 'dd/mm/yyyy', false],
    ['16/11/09', 'dd/mm/yyyy', false],
    ['31-01-2016', 'dd/mm/yyyy', false],
    ['soon', 'dd/mm/yyyy', false],
    ['29/02/2016', 'dd/mm/yyyy', false],
  ] as const)('"%s" in %s is written in it but is no day: %s', (text, format, noSuchDay) => {
    expect(isNoSuchDay(text, format)).toBe(noSuchDay);
  });
});

describe('the treatment of a date column', () => {
  const table = tableOf(LINES);
  const spec = fitPreprocess(table, Uint32Array.from([0, 1, 2, 3]), 'ID', null);

  it('records the format and reference date in the spec, and counts no date as a zero', () => {
    expect(spec.inputColumns.filter((c) => c.date !== undefined)).toEqual([
      {
        name: 'since',
        kind: 'numeric',
        date: { format: 'dd/mm/yyyy', reference: '2017-06-15' },
      },
      {
        name: 'renewal',
        kind: 'numeric',
        date: { format: 'dd/mm/yyyy', reference: '2017-06-15' },
      },
    ]);
    const zeroCount = spec.features.find((f) => f.kind === 'zero-count');
    expect(zeroCount === undefined || !zeroCount.columns.includes('renewal')).toBe(true);
  });

  it('reads a scoring file’s dates against the training reference, whatever the file’s own latest', () => {
    const header = parseCsv(LINES[0] ?? '')[0]?.fields ?? [];
    const encode = valueOf(createRecordEncoder(spec, header));
    const matrix = valueOf(encodeTable(spec, table, Uint32Array.from([0, 1, 2, 3])));
    const width = spec.outputNames.length;
    const out = new Float32Array(width);
    LINES.slice(1).forEach((line, r) => {
      expect(encode(parseCsv(line)[0]?.fields ?? [], out, 0)).toBeNull();
      expect(Array.from(out)).toEqual(Array.from(matrix.subarray(r * width, (r + 1) * width)));
    });
    // A customer file whose latest date is years later still counts back from 15/06/2017.
    const read = valueOf(createRawRecordReader(spec, header));
    const columns = allocateRawColumns(spec, 1);
    expect(read(['9', '10/06/2017', '01/01/2030', 'Gold'], columns, 0)).toBeNull();
    expect(columns.numbers.map((c) => c[0])).toEqual([5, -4583]);
  });

  it('names a date far outside the training dates as a date, with the plausible dates', () => {
    // since's training days are 2…896 (13/06/2017 … 01/01/2015): plausible within one more such
    // width on each side, −892…1,790 days, so 21/07/2012 to 24/11/2019.
    const header = parseCsv(LINES[0] ?? '')[0]?.fields ?? [];
    const encode = valueOf(createRecordEncoder(spec, header));
    const warnings: ValueWarning[] = [];
    const fields = ['9', '01/01/2025', '', 'Gold'];
    expect(
      encode(fields, new Float32Array(spec.outputNames.length), 0, (w) => warnings.push(w)),
    ).toBeNull();
    const far = warnings.find((w) => w.code !== 'blank-cell');
    expect(far).toEqual({
      code: 'date-out-of-range',
      column: 'since',
      date: 20089,
      first: 15542,
      last: 18224,
      format: 'dd/mm/yyyy',
    });
    expect(far && describeRowProblem(far)).toBe(
      '01/01/2025 is far outside the training dates (plausible: 21/07/2012 to 24/11/2019): scored clipped',
    );
  });

  it('encodes a table read from a later file as the spec reads its dates, and refuses one whose dates are written otherwise', () => {
    const matrix = valueOf(encodeTable(spec, table, Uint32Array.from([0, 1, 2, 3])));
    // The same customers in a file whose latest date is 31/12/2017: its own days count back from
    // there, 199 days later than the spec's reference.
    const later = tableOf([...LINES, '5,31/12/2017,,Gold']);
    const again = valueOf(encodeTable(spec, later, Uint32Array.from([0, 1, 2, 3])));
    expect(Array.from(again)).toEqual(Array.from(matrix));
    const iso = tableOf(
      LINES.map((line, i) =>
        i === 0 ? line : line.replace(/(\d\d)\/(\d\d)\/(\d{4})/g, '$3-$2-$1'),
      ),
    );
    expect(encodeTable(spec, iso, [0])).toEqual({
      ok: false,
      problem: { code: 'column-kind', column: 'since' },
    });
  });

  it('refuses a scoring row whose date is no date in the column’s format', () => {
    const header = parseCsv(LINES[0] ?? '')[0]?.fields ?? [];
    const encode = valueOf(createRecordEncoder(spec, header));
    const fields = ['9', '2016-01-31', '', 'Gold'];
    expect(encode(fields, new Float32Array(spec.outputNames.length), 0)).toEqual({
      column: 'since',
      reason: '"2016-01-31" is not a date written dd/mm/yyyy',
      problem: {
        code: 'not-a-date',
        column: 'since',
        text: '2016-01-31',
        format: 'dd/mm/yyyy',
        noSuchDay: false,
      },
    });
  });
});
