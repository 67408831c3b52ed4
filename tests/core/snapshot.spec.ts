import { describe, expect, it } from 'vitest';
import { chunkColumnValues, densifyRow } from '../../src/core/snapshot/chunkCells';
import {
  decodeSnapshot,
  encodeSnapshot,
  encodeSnapshotPreamble,
  findLabelRow,
  findRow,
  readSnapshotHeader,
  SnapshotFormatError,
  type SnapshotChunk,
  type SnapshotHeader,
} from '../../src/core/snapshot/snapshot';
import { createRng } from '../../src/core/rng';
import {
  createRecordEncoder,
  createSparseEncoder,
  createValueEncoder,
  encodeTable,
  fitPreprocess,
} from '../../src/core/preprocess';
import { ColumnarTableBuilder } from '../../src/core/records/table';
import { valueOf } from '../support/results';
import {
  headerOfManifest,
  manifestOf,
  manifestPathOf,
  partFileName,
  readSnapshotManifest,
} from '../../src/core/snapshot/manifest';
import { SnapshotBuilder } from '../../src/core/snapshot/builder';
import { tableOf } from '../support/tables';

const columns = ['var3', 'amount', 'var38', 'ind'];
function customers(count: number, seed: number) {
  const rng = createRng(seed);
  return Array.from({ length: count }, (_, i) => ({
    id: 1000 + i * 3 + rng.int(2),
    values: Float64Array.from([
      rng.next() < 0.05 ? -999999 : rng.int(4),
      rng.next() < 0.6 ? 0 : Math.round(rng.next() * 1e6) / 100,
      rng.next() < 0.3 ? 117310.979016494 : rng.next() * 1e5,
      rng.next() < 0.5 ? 1 : 0,
    ]),
  }));
}

describe('the snapshot format', () => {
  const people = customers(1300, 1);
  const bytes = encodeSnapshot(
    'abc123',
    columns,
    [...people].reverse(),
    512,
    '2026-01-01T00:00:00.000Z',
  );
  const chunks: SnapshotChunk[] = [];
  const header = decodeSnapshot(bytes, (chunk) => chunks.push(chunk));

  it('round-trips every value exactly, sentinels, cents and float64 alike, in ID order', () => {
    expect(header).toMatchObject({
      schemaHash: 'abc123',
      count: 1300,
      chunks: 3,
      chunkSize: 512,
      columns,
    });
    const sorted = [...people].sort((a, b) => a.id - b.id);
    const out = new Float64Array(columns.length);
    let i = 0;
    for (const chunk of chunks) {
      for (let r = 0; r < chunk.ids.length; r++, i++) {
        const expected = sorted[i];
        expect(chunk.ids[r]).toBe(expected?.id);
        expect(Array.from(densifyRow(chunk, r, out))).toEqual(Array.from(expected?.values ?? []));
      }
    }
    expect(i).toBe(1300);
  });

  it('finds a customer by binary search and says when one is absent', () => {
    const chunk = chunks[1];
    if (chunk === undefined) throw new Error('no chunk');
    const id = chunk.ids[100] ?? -1;
    expect(findRow(chunk, id)).toBe(100);
    expect(findRow(chunk, id + 0.5)).toBe(-1);
    expect(chunk.firstId).toBe(chunk.ids[0]);
  });

  it('stores sparse data compactly: well under 8 bytes per non-zero cell', () => {
    const nonZero = people.reduce((n, p) => n + p.values.filter((v) => v !== 0).length, 0);
    expect(bytes.length / nonZero).toBeLessThan(6);
  });

  it('refuses other bytes and truncated snapshots with a typed error', () => {
    expect(() => readSnapshotHeader(new Uint8Array([1, 2, 3]))).toThrow(SnapshotFormatError);
    expect(() => decodeSnapshot(bytes.subarray(0, bytes.length - 40), () => undefined)).toThrow(
      SnapshotFormatError,
    );
  });

  it('gives the model the same inputs as the training path for the same raw values', () => {
    const lines = ['ID,' + columns.join(','), ...people.map((p) => [p.id, ...p.values].join(','))];
    const builder = valueOf(
      ColumnarTableBuilder.create(lines[0]?.split(',') ?? [], { idColumn: 'ID' }),
    );
    lines.slice(1).forEach((line, i) => {
      builder.add(line.split(','), i + 2);
    });
    const table = builder.build();
    const rows = Uint32Array.from({ length: table.ids.length }, (_, i) => i);
    const spec = fitPreprocess(table, rows, 'ID', null);
    const matrix = valueOf(encodeTable(spec, table, rows));
    const encode = valueOf(createValueEncoder(spec, columns));
    const width = spec.outputNames.length;
    const out = new Float32Array(width);
    people.slice(0, 50).forEach((p, r) => {
      encode(p.values, out, 0);
      expect(Array.from(out)).toEqual(Array.from(matrix.subarray(r * width, (r + 1) * width)));
    });
  });
});

describe('the sparse encoder', () => {
  it('gives exactly the dense encoder’s outputs from a chunk’s non-zero cells', () => {
    const people = customers(700, 3);
    const lines = ['ID,' + columns.join(','), ...people.map((p) => [p.id, ...p.values].join(','))];
    const builder = valueOf(
      ColumnarTableBuilder.create(lines[0]?.split(',') ?? [], { idColumn: 'ID' }),
    );
    lines.slice(1).forEach((line, i) => {
      builder.add(line.split(','), i + 2);
    });
    const table = builder.build();
    const spec = fitPreprocess(
      table,
      Uint32Array.from({ length: 700 }, (_, i) => i),
      'ID',
      null,
      { zeroCount: true },
    );
    const dense = valueOf(createValueEncoder(spec, columns));
    const sparse = valueOf(createSparseEncoder(spec, columns));
    const chunks: SnapshotChunk[] = [];
    decodeSnapshot(encodeSnapshot(spec.schemaHash, columns, people, 256), (c) => chunks.push(c));
    const width = spec.outputNames.length;
    const a = new Float32Array(width);
    const b = new Float32Array(width);
    const values = new Float64Array(columns.length);
    let compared = 0;
    for (const chunk of chunks) {
      for (let r = 0; r < chunk.ids.length; r++) {
        dense(densifyRow(chunk, r, values), a, 0);
        sparse(
          chunk.cellColumn,
          chunk.cellValue,
          chunk.rowStart[r] ?? 0,
          chunk.rowStart[r + 1] ?? 0,
          b,
          0,
        );
        expect(Array.from(b)).toEqual(Array.from(a));
        compared++;
      }
    }
    expect(compared).toBe(700);
  });
});

describe('the sparse encoder on twin customers (290 columns, missing values, the zero count)', () => {
  it('matches the dense encoder on every customer', async () => {
    const { readTwinStats } = await import('../../training/lib/demoData');
    const { twinTable } = await import('../../training/lib/twinTable');
    const { ROOT } = await import('../support/paths');
    const table = twinTable(await readTwinStats(ROOT), 600, 4);
    const rows = Uint32Array.from({ length: 600 }, (_, i) => i);
    const spec = fitPreprocess(table, rows, 'ID', null);
    expect(spec.outputNames).toContain('zero_count');
    const names = spec.inputColumns.map((c) => c.name);
    const byName = new Map(table.columns.map((c) => [c.name, c]));
    const people = Array.from(rows, (r) => ({
      id: r,
      values: Float64Array.from(names, (n) => {
        const column = byName.get(n);
        return column?.kind === 'numeric' ? (column.values[r] ?? Number.NaN) : Number.NaN;
      }),
    }));
    const dense = valueOf(createValueEncoder(spec, names));
    const sparse = valueOf(createSparseEncoder(spec, names));
    const width = spec.outputNames.length;
    const a = new Float32Array(width);
    const b = new Float32Array(width);
    const values = new Float64Array(names.length);
    decodeSnapshot(encodeSnapshot(spec.schemaHash, names, people, 128), (chunk) => {
      for (let r = 0; r < chunk.ids.length; r++) {
        dense(densifyRow(chunk, r, values), a, 0);
        sparse(
          chunk.cellColumn,
          chunk.cellValue,
          chunk.rowStart[r] ?? 0,
          chunk.rowStart[r + 1] ?? 0,
          b,
          0,
        );
        expect(Array.from(b)).toEqual(Array.from(a));
      }
    });
  });
});

describe('the manifest beside a snapshot', () => {
  const header = readSnapshotHeader(
    encodeSnapshot(
      'abc123',
      ['a'],
      [7, 9, 40].map((id) => ({ id, values: Float64Array.from([1]) })),
      2,
      '2026-05-01T00:00:00.000Z',
    ),
  ).header;
  const parts = [
    { file: 'customers.0000.snapshot', count: 2, chunks: 1, firstId: 7, lastId: 9, bytes: 1234 },
    { file: 'customers.0001.snapshot', count: 1, chunks: 1, firstId: 40, lastId: 40, bytes: 66 },
  ].map((part) => ({ ...part, sha256: 'f'.repeat(64) }));
  const manifest = manifestOf(header, parts);

  it('names the portfolio by schema, creation time and count, and lists its parts', () => {
    expect(manifest).toEqual({
      format: 'retem-snapshot-manifest',
      version: 2,
      install: 'abc123:2026-05-01T00:00:00.000Z:3',
      schemaHash: 'abc123',
      createdAt: '2026-05-01T00:00:00.000Z',
      columns: ['a'],
      count: 3,
      chunkSize: 2,
      chunks: 2,
      bytes: 1300,
      parts,
    });
    expect(readSnapshotManifest(JSON.parse(JSON.stringify(manifest)))).toEqual(manifest);
    expect(headerOfManifest(manifest)).toEqual(header);
    expect(manifestPathOf('public/snapshot/customers.snapshot')).toBe(
      'public/snapshot/customers.snapshot.json',
    );
  });

  it('names one part after the snapshot, and more parts with four-digit numbers', () => {
    expect(partFileName('customers.snapshot', 0, 1)).toBe('customers.snapshot');
    expect(partFileName('customers.snapshot', 3, 12)).toBe('customers.0003.snapshot');
    expect(partFileName('portfolio', 0, 2)).toBe('portfolio.0000.snapshot');
  });

  it('reads anything else as no manifest, parts that do not add up included', () => {
    const [first, second] = parts;
    for (const other of [
      null,
      'text',
      [],
      { ...manifest, format: 'other' },
      { ...manifest, version: 1 },
      { ...manifest, count: -1 },
      { ...manifest, bytes: 1.5 },
      { ...manifest, columns: [1] },
      { ...manifest, count: 2 },
      { ...manifest, parts: [first] },
      { ...manifest, parts: [second, first] },
      { ...manifest, parts: [first, { ...second, file: '../../secret' }] },
      { ...manifest, parts: [first, { ...second, sha256: 7 }] },
      { ...manifest, parts: [first, { ...second, firstId: 9 }] },
    ])
      expect(readSnapshotManifest(other)).toBeNull();
  });
});

describe('customer records into a snapshot (the CLI’s and the app’s portfolio CSV)', () => {
  const lines = ['ID,age,balance,plan'];
  for (let i = 0; i < 100; i++)
    lines.push(`${i + 1},${20 + (i % 50)},${i % 7},${i % 2 ? 'A' : 'B'}`);
  const table = tableOf(lines);
  const all = Uint32Array.from({ length: 100 }, (_, i) => i);
  const numericOnly = fitPreprocess(
    tableOf(lines.map((l) => l.replace(/,[AB]$|,plan$/, ''))),
    all,
    'ID',
    null,
  );

  it('refuses a header without the model’s columns', () => {
    expect(SnapshotBuilder.create(numericOnly, ['ID', 'age'], false)).toEqual({
      ok: false,
      problem: { code: 'missing-columns', columns: ['balance'], count: 1 },
    });
  });

  it("keeps a value column the model does not read as each customer's value, named in the header and the manifest", () => {
    const header = ['ID', 'age', 'balance', 'worth', 'plan'];
    const builder = valueOf(SnapshotBuilder.create(numericOnly, header, false, null, ' worth'));
    [
      ['2', '30', '1', '1500,5', 'A'],
      ['1', '31', '0', '', 'B'],
      ['3', '32', '4', '0', 'A'],
    ].forEach((fields, i) => {
      builder.add(fields, i + 2);
    });
    // A decimal comma is no number in a comma-separated file: that row is skipped, as any cell.
    expect(builder.issues.map((i) => [i.row, i.column, i.problem.code])).toEqual([
      [1, 'worth', 'not-a-number'],
    ]);
    const bytes = builder.build(16, '2026-06-01T00:00:00.000Z');
    const read = readSnapshotHeader(bytes).header;
    expect(read.columns).toEqual([...numericOnly.inputColumns.map((c) => c.name), 'worth']);
    expect(read.valueColumn).toBe('worth');
    expect(read.schemaHash).toBe(numericOnly.schemaHash);
    const chunks: SnapshotChunk[] = [];
    decodeSnapshot(bytes, (chunk) => chunks.push(chunk));
    const values = new Float64Array(2);
    chunkColumnValues(chunks[0] as SnapshotChunk, read.columns.indexOf('worth'), values, 0);
    // Customer 1's blank value is missing (NaN); customer 3's 0 is not stored, and reads as 0.
    expect([...values]).toEqual([Number.NaN, 0]);
    const manifest = manifestOf(read, []);
    expect(manifest.valueColumn).toBe('worth');
    expect(headerOfManifest(manifest).valueColumn).toBe('worth');
    // A value column the header lacks, or one the model reads as text, is refused.
    expect(SnapshotBuilder.create(numericOnly, header, false, null, 'wealth')).toMatchObject({
      ok: false,
      problem: { code: 'no-value-column', column: 'wealth' },
    });
    const withText = fitPreprocess(table, all, 'ID', null);
    expect(SnapshotBuilder.create(withText, header, false, null, 'plan')).toEqual({
      ok: false,
      problem: { code: 'column-kind', column: 'plan' },
    });
  });

  it('keeps text columns as per-block dictionaries that encode as the CSV does', () => {
    const withText = fitPreprocess(table, all, 'ID', null);
    expect(withText.inputColumns.find((c) => c.name === 'plan')?.kind).toBe('categorical');
    const header = ['ID', 'age', 'balance', 'plan'];
    const records = [
      ['1', '30', '2', 'A'],
      ['2', '31', '0', 'B'],
      ['3', '32', '1', ''],
      ['4', '33', '0', 'never seen'],
      ['5', '34', '5', '  B '],
      ['6', '35', '0', 'A'],
    ];
    const builder = valueOf(SnapshotBuilder.create(withText, header, false));
    records.forEach((fields, i) => {
      builder.add(fields, i + 2);
    });
    expect(builder.warnings.map((w) => [w.row, w.column, w.problem.code])).toEqual([
      [3, 'plan', 'blank-cell'],
    ]);
    // Under a spec whose training had blank plans and ages, those blanks are not named.
    const seen = { ...withText, blankColumns: ['age', 'plan'] };
    const quiet = valueOf(SnapshotBuilder.create(seen, header, false));
    quiet.add(['7', '', '1', ''], 8);
    quiet.add(['8', '36', '', ''], 9);
    expect(quiet.warnings.map((w) => [w.row, w.column, w.problem.code])).toEqual([
      [2, 'balance', 'blank-cell'],
    ]);
    const bytes = builder.build(4, '2026-06-01T00:00:00.000Z');
    expect(readSnapshotHeader(bytes).header).toMatchObject({ version: 3, textColumns: ['plan'] });
    const chunks: SnapshotChunk[] = [];
    decodeSnapshot(bytes, (chunk) => chunks.push(chunk));
    const plan = withText.inputColumns.findIndex((c) => c.name === 'plan');
    // The block (both chunks) holds its texts once, in order of first use.
    expect(chunks.map((chunk) => chunk.texts?.[plan])).toEqual([
      ['A', 'B', 'never seen'],
      ['A', 'B', 'never seen'],
    ]);
    expect(chunks[0]?.texts?.[0]).toBeNull();
    const names = withText.inputColumns.map((c) => c.name);
    const byCsv = valueOf(createRecordEncoder(withText, header));
    const byValues = valueOf(createValueEncoder(withText, names));
    const bySparse = valueOf(createSparseEncoder(withText, names));
    const width = withText.outputNames.length;
    let r = 0;
    for (const chunk of chunks) {
      for (let row = 0; row < chunk.ids.length; row++, r++) {
        const expected = new Float32Array(width);
        expect(byCsv(records[r] ?? [], expected, 0)).toBeNull();
        const values = densifyRow(chunk, row, new Float64Array(names.length));
        const dense = new Float32Array(width);
        byValues(values, dense, 0, chunk.texts);
        const sparse = new Float32Array(width);
        const [start, end] = [chunk.rowStart[row] ?? 0, chunk.rowStart[row + 1] ?? 0];
        bySparse(chunk.cellColumn, chunk.cellValue, start, end, sparse, 0, chunk.texts);
        expect(Array.from(dense)).toEqual(Array.from(expected));
        expect(Array.from(sparse)).toEqual(Array.from(expected));
      }
    }
  });

  describe('with text IDs', () => {
    const ids = [
      '7590-VHVEG',
      '5575-GNVDE',
      '3668-QPYBK',
      '7795-CFOCW',
      '9237-HQITU',
      '0280-XJGEX',
    ];
    const textLines = ['customerID,tenure,Contract'];
    for (let i = 0; i < 60; i++) {
      textLines.push(
        `${ids[i % 6] ?? ''}-${String(i)},${String(i % 30)},${i % 3 ? 'Monthly' : 'Year'}`,
      );
    }
    const spec = fitPreprocess(
      tableOf(textLines, 'customerID'),
      Uint32Array.from({ length: 60 }, (_, i) => i),
      'customerID',
      null,
    );
    const header = ['customerID', 'tenure', 'Contract'];
    const rows = textLines.slice(1).map((line) => line.split(','));

    it('keys customers by the rank of their ID text and stores the texts', () => {
      expect(spec.idKind).toBe('text');
      const builder = valueOf(SnapshotBuilder.create(spec, header, false));
      rows.forEach((fields, i) => {
        builder.add(fields, i + 2);
      });
      builder.add(['', '1', 'Year'], 90);
      builder.add([rows[3]?.[0] ?? '', '1', 'Year'], 91);
      expect(builder.issues.map((i) => [i.line, i.problem.code])).toEqual([
        [90, 'no-id'],
        [91, 'duplicate-id'],
      ]);
      expect(builder.ordered).toBe(false);
      const bytes = builder.build(16, '2026-06-01T00:00:00.000Z');
      expect(readSnapshotHeader(bytes).header).toMatchObject({
        version: 3,
        idKind: 'text',
        count: 60,
      });
      const chunks: SnapshotChunk[] = [];
      decodeSnapshot(bytes, (chunk) => chunks.push(chunk));
      const labels = chunks.flatMap((chunk) => chunk.labels ?? []);
      expect(labels).toEqual(rows.map((fields) => fields[0] ?? '').sort());
      expect(chunks.flatMap((chunk) => Array.from(chunk.ids))).toEqual(labels.map((_, i) => i));
      const last = chunks[chunks.length - 1] as SnapshotChunk;
      expect(findLabelRow(last, last.labels?.[2] ?? '')).toBe(2);
      expect(findLabelRow(last, 'no such customer')).toBe(-1);
    });

    it('writes the same chunks streaming in order as when it sorts the whole file', () => {
      const sorted = [...rows].sort((a, b) => ((a[0] ?? '') < (b[0] ?? '') ? -1 : 1));
      const written: Uint8Array[] = [];
      const sink = { chunkSize: 16, write: (chunk: Uint8Array) => written.push(chunk) };
      const streaming = valueOf(SnapshotBuilder.create(spec, header, false, sink));
      const whole = valueOf(SnapshotBuilder.create(spec, header, false));
      sorted.forEach((fields, i) => {
        streaming.add(fields, i + 2);
        whole.add(fields, i + 2);
      });
      const streamedHeader = streaming.finish('2026-06-01T00:00:00.000Z');
      expect(streamedHeader).toMatchObject({
        idKind: 'text',
        chunks: 4,
        textColumns: ['Contract'],
      });
      const bytes = whole.build(16, '2026-06-01T00:00:00.000Z');
      const preamble = encodeSnapshotPreamble(streamedHeader as SnapshotHeader);
      expect(concat([preamble, ...written])).toEqual(bytes);
    });
  });

  it('keeps good rows in ID order, skips bad ones with reasons and names odd cells', () => {
    const builder = valueOf(SnapshotBuilder.create(numericOnly, ['balance', 'ID', 'age'], false));
    const rows = [
      ['3', '7', '30'],
      ['1', '-2', '30'],
      ['x', '8', '30'],
      ['', '5', '999'],
      ['2', '7', '31'],
    ];
    rows.forEach((fields, i) => {
      builder.add(fields, i + 2);
    });
    expect(builder.rowsRead).toBe(5);
    expect(builder.count).toBe(2);
    expect(builder.issues.map((i) => [i.row, i.problem.code])).toEqual([
      [2, 'id-kind'],
      [3, 'not-a-number'],
      [5, 'duplicate-id'],
    ]);
    expect(builder.warnings.map((w) => [w.row, w.column, w.problem.code])).toEqual([
      [4, 'age', 'out-of-range'],
      [4, 'balance', 'blank-cell'],
    ]);
    const chunks: SnapshotChunk[] = [];
    decodeSnapshot(builder.build(512, '2026-06-01T00:00:00.000Z'), (chunk) => chunks.push(chunk));
    expect(Array.from(chunks[0]?.ids ?? [])).toEqual([5, 7]);
  });
});

/** Byte arrays end to end. */
function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
