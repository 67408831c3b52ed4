import { describe, expect, it } from 'vitest';
import { CsvReader, csvField, detectDelimiter, parseCsv } from '../../src/core/records/csv';
import { parseNumberCell, isMissingCell } from '../../src/core/records/cells';
import { createRng } from '../../src/core/rng';

describe('reading CSV text', () => {
  it('reads quoted fields with separators, doubled quotes and line breaks inside', () => {
    const records = parseCsv('ID,name,note\n1,"Silva, Ana","disse ""oi""\nde novo"\n2,Bia,\n');
    expect(records.map((r) => r.fields)).toEqual([
      ['ID', 'name', 'note'],
      ['1', 'Silva, Ana', 'disse "oi"\nde novo'],
      ['2', 'Bia', ''],
    ]);
    expect(records.map((r) => r.line)).toEqual([1, 2, 4]);
  });

  it('drops a byte-order mark, accepts CRLF and a missing final newline, skips blank lines', () => {
    const records = parseCsv('\ufeffID;valor\r\n1;1,5\r\n\r\n2;3');
    expect(records.map((r) => r.fields)).toEqual([
      ['ID', 'valor'],
      ['1', '1,5'],
      ['2', '3'],
    ]);
  });

  it('detects the separator from the header', () => {
    expect(detectDelimiter('a;b;c')).toBe(';');
    expect(detectDelimiter('a\tb')).toBe('\t');
    expect(detectDelimiter('"a;b",c')).toBe(',');
    expect(detectDelimiter('single')).toBe(',');
  });

  it('gives the same records however the text is cut into chunks', () => {
    const text = 'ID,a,b\r\n1,"x,""y""",2\n2,,"multi\r\nline"\n3,4,5';
    const whole = parseCsv(text);
    const rng = createRng(9);
    for (let trial = 0; trial < 200; trial++) {
      const reader = new CsvReader();
      const records = [];
      let pos = 0;
      while (pos < text.length) {
        const size = 1 + rng.int(6);
        records.push(...reader.push(text.slice(pos, pos + size)));
        pos += size;
      }
      records.push(...reader.finish());
      expect(records).toEqual(whole);
    }
  });

  it('quotes output fields only when needed', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
  });
});

describe('reading cells', () => {
  it('reads numbers, with decimal commas when asked', () => {
    expect(parseNumberCell(' 42 ')).toBe(42);
    expect(parseNumberCell('-1.5e3')).toBe(-1500);
    expect(parseNumberCell('1,5', true)).toBe(1.5);
    expect(parseNumberCell('1.234,5', true)).toBe(1234.5);
    expect(parseNumberCell('1,5')).toBeUndefined();
  });
  it('treats blanks and NA tokens as missing and anything else as not a number', () => {
    for (const blank of ['', '  ', 'NA', 'null', 'NaN', '?'])
      expect(parseNumberCell(blank)).toBeNull();
    for (const bad of ['abc', '1.2.3', 'Infinity', '1e999', '12abc'])
      expect(parseNumberCell(bad)).toBeUndefined();
    expect(isMissingCell(' n/a ')).toBe(true);
    expect(isMissingCell('0')).toBe(false);
  });
});
