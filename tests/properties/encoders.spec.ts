/**
 * Properties of the preprocessing encoders on random customers: the table encoder (training), the
 * CSV-record encoder (scoring and uploads), the raw-value encoder and the sparse encoder (the
 * snapshot) give the same float32 numbers, and a snapshot gives back the values put in it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  createRecordEncoder,
  createSparseEncoder,
  createValueEncoder,
  encodeTable,
  fitPreprocess,
} from '../../src/core/preprocess';
import { createRng } from '../../src/core/rng';
import {
  decodeSnapshot,
  encodeSnapshot,
  type SnapshotChunk,
} from '../../src/core/snapshot/snapshot';
import { densifyRow } from '../../src/core/snapshot/chunkCells';
import { tableOf } from '../support/tables';
import { valueOf } from '../support/results';

const COLUMNS = [
  'var3',
  'delta',
  'amount',
  'var38',
  'age',
  ...Array.from({ length: 8 }, (_, i) => `ind${i}`),
];

/** Training rows: sentinels, a heavy tail, a dominant mode, blanks, many zeros. */
function trainingLines(rows: number): string[] {
  const rng = createRng(3);
  const lines = [['ID', ...COLUMNS].join(',')];
  for (let r = 0; r < rows; r++) {
    lines.push(
      [
        r + 1,
        rng.next() < 0.05 ? -999999 : 2 + rng.int(5),
        rng.next() < 0.1 ? 9999999999 : rng.int(2),
        rng.next() < 0.6 ? 0 : Math.round(Math.exp(rng.normal() * 2 + 6) * 100) / 100,
        rng.next() < 0.3 ? 117310.979016494 : Math.round(50000 + rng.next() * 200000),
        rng.next() < 0.03 ? '' : 20 + rng.int(60),
        ...COLUMNS.slice(5).map(() => (rng.next() < 0.3 ? 1 : 0)),
      ].join(','),
    );
  }
  return lines;
}

const spec = fitPreprocess(
  tableOf(trainingLines(500)),
  Uint32Array.from({ length: 500 }, (_, i) => i),
  'ID',
  null,
);
const width = spec.outputNames.length;

/** A raw value as a customer file may hold it: usual, zero, missing, sentinel, extreme. */
const rawValue = fc.oneof(
  fc.constant(0),
  fc.constant(Number.NaN),
  fc.constantFrom(-999999, 9999999999, 117310.979016494, 1e15, -1e15),
  fc.integer({ min: -1000, max: 1000 }),
  fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true }),
);
const customers = fc.array(
  fc.array(rawValue, { minLength: COLUMNS.length, maxLength: COLUMNS.length }),
  {
    minLength: 1,
    maxLength: 20,
  },
);
/** How JavaScript writes a value into a CSV cell; a blank for a missing one. */
const cellOf = (value: number) => (Number.isNaN(value) ? '' : String(value));

describe('the preprocessing encoders', () => {
  it('give the same float32 numbers from a table, CSV records, raw values and sparse cells', () => {
    const dense = valueOf(createValueEncoder(spec, COLUMNS));
    const sparse = valueOf(createSparseEncoder(spec, COLUMNS));
    const record = valueOf(createRecordEncoder(spec, ['ID', ...COLUMNS]));
    fc.assert(
      fc.property(customers, (rows) => {
        const lines = [
          ['ID', ...COLUMNS].join(','),
          ...rows.map((row, i) => [i + 1, ...row.map(cellOf)].join(',')),
        ];
        const table = tableOf(lines);
        const fromTable = valueOf(
          encodeTable(
            spec,
            table,
            Uint32Array.from(rows, (_, i) => i),
          ),
        );
        const out = new Float32Array(width);
        rows.forEach((row, i) => {
          const expected = Array.from(fromTable.subarray(i * width, (i + 1) * width));
          dense(Float64Array.from(row), out, 0);
          expect(Array.from(out)).toEqual(expected);
          expect(record([String(i + 1), ...row.map(cellOf)], out, 0)).toBeNull();
          expect(Array.from(out)).toEqual(expected);
          const nonZero = row.flatMap((v, c) => (v === 0 ? [] : [c]));
          sparse(
            nonZero,
            nonZero.map((c) => row[c] ?? 0),
            0,
            nonZero.length,
            out,
            0,
          );
          expect(Array.from(out)).toEqual(expected);
        });
      }),
      { numRuns: 150 },
    );
  });

  it('get back from a snapshot every value put in it, whatever the IDs’ order and the chunk size', () => {
    fc.assert(
      fc.property(
        customers,
        fc.integer({ min: 1, max: 7 }),
        fc.integer({ min: 0, max: 1e9 }),
        (rows, chunkSize, firstId) => {
          const people = rows.map((row, i) => ({
            id: firstId + (rows.length - i) * 3,
            values: Float64Array.from(row),
          }));
          const chunks: SnapshotChunk[] = [];
          const header = decodeSnapshot(
            encodeSnapshot(spec.schemaHash, COLUMNS, people, chunkSize),
            (chunk) => chunks.push(chunk),
          );
          expect(header.count).toBe(rows.length);
          const values = new Float64Array(COLUMNS.length);
          const back = new Map<number, number[]>();
          for (const chunk of chunks) {
            for (let r = 0; r < chunk.ids.length; r++)
              back.set(chunk.ids[r] ?? -1, Array.from(densifyRow(chunk, r, values)));
          }
          // A snapshot keeps zeros only as absent cells, so -0 comes back as 0 (the encoders treat
          // both alike).
          for (const person of people) {
            expect(back.get(person.id)).toEqual(
              Array.from(person.values, (v) => (v === 0 ? 0 : v)),
            );
          }
          const ids = chunks.flatMap((chunk) => Array.from(chunk.ids));
          expect(ids).toEqual([...ids].sort((a, b) => a - b));
        },
      ),
      { numRuns: 200 },
    );
  });
});
