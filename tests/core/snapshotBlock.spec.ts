/**
 * The snapshot's blocks (version 3): whatever the cells, the reader gets back exactly what the
 * writer was given, and the layout pays where real portfolios repeat themselves. Files of the
 * earlier versions, written by the earlier code (fixtures below), still read.
 */
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ByteReader } from '../../src/core/bytes';
import { createRng } from '../../src/core/rng';
import {
  chunksNear,
  decodeSnapshot,
  encodeSnapshot,
  readSnapshotHeader,
  readSnapshotStart,
  type SnapshotChunk,
} from '../../src/core/snapshot/snapshot';
import {
  blockRowsOf,
  decodeBlock,
  encodeBlock,
  type BlockCustomer,
} from '../../src/core/snapshot/block';

function customerOf(id: number, values: readonly number[]): BlockCustomer {
  const columns: number[] = [];
  const cells: number[] = [];
  values.forEach((v, c) => {
    if (v === 0) return;
    columns.push(c);
    cells.push(v);
  });
  return { id, cellColumn: Uint16Array.from(columns), cellValue: Float64Array.from(cells) };
}

function roundTrip(members: readonly BlockCustomer[], columns: number) {
  const bytes = encodeBlock(members, columns, null, false);
  const reader = new ByteReader(bytes);
  const block = decodeBlock(reader, columns, false);
  expect(reader.remaining).toBe(0);
  return { bytes, block };
}

function expectSameCells(members: readonly BlockCustomer[], columns: number) {
  const { block } = roundTrip(members, columns);
  expect(Array.from(block.ids)).toEqual(members.map((m) => m.id));
  members.forEach((member, r) => {
    const start = block.rowStart[r] ?? 0;
    const end = block.rowStart[r + 1] ?? 0;
    expect(Array.from(block.cellColumn.subarray(start, end))).toEqual(
      Array.from(member.cellColumn),
    );
    // Object.is: NaN stays NaN, and every float keeps its bits.
    const decoded = Array.from(block.cellValue.subarray(start, end));
    decoded.forEach((v, k) => {
      expect(Object.is(v, member.cellValue[k])).toBe(true);
    });
  });
}

describe('a snapshot block', () => {
  it('gives back every cell bit for bit: whole numbers, cents, floats, missing and extreme values', () => {
    const rng = createRng(11);
    const odd = [
      Number.NaN,
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
      Number.MAX_VALUE,
      -Number.MIN_VALUE,
      2 ** 47,
      -(2 ** 53 - 1),
      117310.979016494,
      0.1 + 0.2,
      1e-9,
    ];
    const members = Array.from({ length: 700 }, (_, i) => {
      const whole = rng.int(5) - 2;
      const cents = Math.round((rng.next() - 0.3) * 1e7) / 100;
      return customerOf(3 * i + 1, [
        whole,
        // A column equal to the first most of the time: told relative to it.
        rng.next() < 0.8 ? whole : rng.int(9),
        cents,
        rng.next() < 0.9 ? cents : cents + 0.01,
        // Cents with a few exceptions (as Santander's var38).
        rng.next() < 0.2 ? 117310.979016494 : cents,
        // Floats with no pattern, and the odd values a CSV can bring.
        rng.next() < 0.1 ? (odd[rng.int(odd.length)] ?? 0) : rng.next() * 1e6,
        // Sparse: mostly zero (row gaps rather than a bitmap).
        rng.next() < 0.05 ? rng.int(1000) + 1 : 0,
        // Whole numbers beyond the bound where differences are used: stored without a reference.
        rng.next() < 0.5 ? 2 ** 50 + rng.int(100) : 0,
      ]);
    });
    expectSameCells(members, 8);
  });

  it('tells a column relative to a like column, which shrinks what gzip sends', () => {
    const rng = createRng(5);
    const amounts = Array.from({ length: 4000 }, () => Math.round(rng.next() * 1e8) / 100);
    const twice = amounts.map((a, i) => customerOf(i, [a, a, rng.int(3)]));
    const once = amounts.map((a, i) => customerOf(i, [a, 0, rng.int(3)]));
    expectSameCells(twice, 3);
    const sizeOf = (members: BlockCustomer[]) =>
      gzipSync(encodeBlock(members, 3, null, false), { level: 9 }).length;
    // The copy costs a bitmap and a zero per cell: under a tenth of the amounts themselves.
    expect(sizeOf(twice) - sizeOf(once)).toBeLessThan(0.1 * sizeOf(once));
  });

  it('stores text cells as codes into the block’s own dictionary, and ID texts', () => {
    const members: BlockCustomer[] = [
      {
        id: 0,
        label: 'A-1',
        cellColumn: Uint16Array.from([0, 1]),
        cellValue: Float64Array.from([4, 3]),
      },
      {
        id: 1,
        label: 'B-2',
        cellColumn: Uint16Array.from([1]),
        cellValue: Float64Array.from([Number.NaN]),
      },
      { id: 2, label: 'C-3', cellColumn: Uint16Array.from([1]), cellValue: Float64Array.from([1]) },
    ];
    const bytes = encodeBlock(members, 2, [null, ['basic', 'gold', 'premium']], true);
    const block = decodeBlock(new ByteReader(bytes), 2, true);
    expect(block.labels).toEqual(['A-1', 'B-2', 'C-3']);
    // Codes in order of first use in the block: premium = 1, basic = 2; NaN (missing) stays.
    expect(block.texts).toEqual([null, ['premium', 'basic']]);
    expect(Array.from(block.cellValue)).toEqual([4, 1, Number.NaN, 2]);
  });

  it('holds about 4,096 customers, whole chunks', () => {
    expect([blockRowsOf(512), blockRowsOf(100), blockRowsOf(5000), blockRowsOf(1)]).toEqual([
      4096, 4000, 5000, 4096,
    ]);
  });

  it('is cut into the chunks the header counts, whatever the block size', () => {
    const members = Array.from({ length: 9000 }, (_, i) => ({
      id: 2 * i,
      values: Float64Array.from([i % 3, i % 7 === 0 ? 1.5 : 0]),
    }));
    const chunks: SnapshotChunk[] = [];
    const header = decodeSnapshot(encodeSnapshot('h', ['a', 'b'], members, 1000), (chunk) =>
      chunks.push(chunk),
    );
    expect(header.chunks).toBe(9);
    expect(chunks.map((c) => c.ids.length)).toEqual([
      1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000,
    ]);
    expect(chunks.map((c) => c.firstId)).toEqual([
      0, 2000, 4000, 6000, 8000, 10000, 12000, 14000, 16000,
    ]);
    // Rows index their chunk's own cells.
    const last = chunks[8] as SnapshotChunk;
    expect(last.rowStart[0]).toBe(0);
    expect(last.rowStart[last.ids.length]).toBe(last.cellValue.length);
  });
});

describe('a lookup in a snapshot', () => {
  const members = Array.from({ length: 9000 }, (_, i) => ({
    id: 2 * i + 10,
    values: Float64Array.from([i % 3, i]),
  }));
  const bytes = encodeSnapshot('h', ['a', 'b'], members, 1000);

  it('decodes only the block that can hold the ID', () => {
    // Blocks of 4,000: IDs 10…8,008, 8,010…16,008, 16,010…18,008.
    const near = chunksNear(bytes, 9001);
    expect(near.map((c) => [c.firstId, c.lastId])).toEqual([
      [8010, 10008],
      [10010, 12008],
      [12010, 14008],
      [14010, 16008],
    ]);
    expect(chunksNear(bytes, 18008).map((c) => [c.firstId, c.lastId])).toEqual([[16010, 18008]]);
    // Its cells are the customer's.
    const chunk = near[0] as SnapshotChunk;
    const row = (9000 - 8010) / 2;
    expect(chunk.ids[row]).toBe(9000);
    expect(chunk.cellValue[(chunk.rowStart[row] ?? 0) + 1]).toBe((9000 - 10) / 2);
  });

  it('finds no block for an ID before the first customer', () => {
    expect(chunksNear(bytes, 9)).toEqual([]);
  });

  it('gives the first customer ID from the file’s first bytes', () => {
    const { header } = readSnapshotHeader(bytes);
    const start = readSnapshotStart(bytes.subarray(0, 600));
    expect([start.header.count, start.firstId]).toEqual([header.count, 10]);
    expect(readSnapshotStart(encodeSnapshot('h', ['a'], [])).firstId).toBeNull();
  });
});

describe('snapshots of earlier versions', () => {
  // Written by the version-1 and version-2 writers (the code before blocks), byte for byte.
  const VERSION_1 =
    'UkVURU1TTkFQowF7ImZvcm1hdCI6InJldGVtLXNuYXBzaG90IiwidmVyc2lvbiI6MSwic2NoZW1hSGFzaCI6ImFiYzEyMyIsImNvbHVtbnMiOlsiYWdlIiwiYmFsYW5jZSJdLCJjb3VudCI6MywiY2h1bmtTaXplIjoyLCJjaHVua3MiOjIsImNyZWF0ZWRBdCI6IjIwMjYtMDEtMDJUMDM6MDQ6MDUuMDAwWiJ9AgMEAQEAPAIAAQIAAAAAAAD4fwAAAAAAAClAAQwBAABSAA==';
  const VERSION_2 =
    'UkVURU1TTkFQyQF7ImZvcm1hdCI6InJldGVtLXNuYXBzaG90IiwidmVyc2lvbiI6Miwic2NoZW1hSGFzaCI6ImFiYzEyMyIsImNvbHVtbnMiOlsiYWdlIiwicGxhbiJdLCJjb3VudCI6MiwiY2h1bmtTaXplIjo1MTIsImNodW5rcyI6MSwiY3JlYXRlZEF0IjoiMjAyNi0wMS0wMlQwMzowNDowNS4wMDBaIiwiaWRLaW5kIjoidGV4dCIsInRleHRDb2x1bW5zIjpbInBsYW4iXX0CAAEDQS0xA0ItMgEBADwCAAEDAgRnb2xkBWJhc2ljAQI=';
  const read = (base64: string) => {
    const chunks: SnapshotChunk[] = [];
    const header = decodeSnapshot(new Uint8Array(Buffer.from(base64, 'base64')), (chunk) =>
      chunks.push(chunk),
    );
    return { header, chunks };
  };

  it('reads version 1: numbers, chunk by chunk', () => {
    const { header, chunks } = read(VERSION_1);
    // No blocks to skip: a lookup gets every chunk.
    expect(chunksNear(new Uint8Array(Buffer.from(VERSION_1, 'base64')), 7)).toHaveLength(2);
    expect([header.version, header.count, header.chunks]).toEqual([1, 3, 2]);
    expect(chunks.map((c) => Array.from(c.ids))).toEqual([[3, 7], [12]]);
    expect(Array.from(chunks[0]?.cellValue ?? [])).toEqual([Number.NaN, 30, 12.5]);
    expect(Array.from(chunks[1]?.cellValue ?? [])).toEqual([41]);
  });

  it('reads version 2: text IDs and text columns', () => {
    const { header, chunks } = read(VERSION_2);
    expect([header.version, header.idKind, header.textColumns]).toEqual([2, 'text', ['plan']]);
    expect(chunks[0]?.labels).toEqual(['A-1', 'B-2']);
    expect(chunks[0]?.texts).toEqual([null, ['gold', 'basic']]);
    // A-1 is gold; B-2 is 30 years old and basic.
    expect(Array.from(chunks[0]?.cellValue ?? [])).toEqual([1, 30, 2]);
  });
});
