/** Properties of core's CSV reader, on random tables: what is written is what is read. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvField, CsvReader, parseCsv, type CsvDelimiter } from '../../src/core/records/csv';

/** Cells with the characters that make CSV hard: separators, quotes, line breaks, accents. */
const cell = fc.string({
  unit: fc.constantFrom('a', 'Z', '0', '9', ' ', ',', ';', '\t', '"', '\n', '\r', 'é', 'ç', '.'),
  maxLength: 8,
});
const table = fc
  .integer({ min: 1, max: 5 })
  .chain((columns) =>
    fc.array(fc.array(cell, { minLength: columns, maxLength: columns }), {
      minLength: 1,
      maxLength: 12,
    }),
  )
  // A record whose only cell is empty is a blank line, which the reader skips by design.
  .filter((rows) => rows.every((row) => row.length > 1 || row[0] !== ''));

const write = (rows: string[][], delimiter: CsvDelimiter, newline: string) =>
  rows.map((row) => row.map((value) => csvField(value, delimiter)).join(delimiter)).join(newline);

describe('the CSV reader', () => {
  it('reads back every table csvField writes, whatever the separator and line ending', () => {
    fc.assert(
      fc.property(
        table,
        fc.constantFrom<CsvDelimiter>(',', ';', '\t'),
        fc.constantFrom('\n', '\r\n'),
        (rows, delimiter, newline) => {
          const read = parseCsv(write(rows, delimiter, newline) + newline, delimiter);
          expect(read.map((record) => record.fields)).toEqual(rows);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('gives the same records however the text is cut into chunks', () => {
    fc.assert(
      fc.property(table, fc.array(fc.nat(), { maxLength: 6 }), (rows, cuts) => {
        const text = write(rows, ',', '\n') + '\n';
        const positions = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort(
          (a, b) => a - b,
        );
        const reader = new CsvReader(',');
        const records = [];
        let from = 0;
        for (const at of [...positions, text.length]) {
          records.push(...reader.push(text.slice(from, at)));
          from = at;
        }
        records.push(...reader.finish());
        expect(records).toEqual(parseCsv(text, ','));
      }),
      { numRuns: 300 },
    );
  });
});
