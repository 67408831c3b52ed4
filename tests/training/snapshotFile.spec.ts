/**
 * The snapshot CLI's writer: customers in ascending ID order stream through in one pass (a block
 * at a time); a file out of order is read again and sorted; both give the same chunks, with the
 * same rows skipped.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { fitPreprocess } from '../../src/core/preprocess';
import { createRng, shuffleInPlace } from '../../src/core/rng';
import { decodeSnapshot } from '../../src/core/snapshot/snapshot';
import { readSnapshotManifest } from '../../src/core/snapshot/manifest';
import { buildSnapshot, writeSnapshot } from '../../training/snapshot/snapshotFile';
import { tableOf } from '../support/tables';

const work = mkdtempSync(join(tmpdir(), 'retem-snapshot-file-'));
const rng = createRng(3);
const header = 'ID,amount,var15,flag';
const rows = Array.from({ length: 1500 }, (_, i) => {
  const amount = rng.next() < 0.5 ? 0 : Math.round(rng.next() * 100000) / 100;
  return `${10 * i + 7},${amount},${20 + rng.int(60)},${rng.int(2)}`;
});
const spec = fitPreprocess(
  tableOf([header, ...rows]),
  Uint32Array.from({ length: 1500 }, (_, i) => i),
  'ID',
  null,
);
// Two bad rows: a repeated ID and text in a numeric cell.
const withBad = [...rows, '17,1,30,0', '99999,abc,30,1'];

function fileOf(name: string, lines: string[]): string {
  const path = join(work, name);
  writeFileSync(path, [header, ...lines].join('\n') + '\n');
  return path;
}

describe('writing a snapshot file', () => {
  it('streams customers in ascending ID order, and sorts a shuffled file into the same chunks', async () => {
    const ordered = await buildSnapshot(spec, fileOf('ordered.csv', withBad), 128);
    const shuffled = await buildSnapshot(
      spec,
      fileOf('shuffled.csv', shuffleInPlace([...withBad], createRng(9))),
      128,
    );
    expect(ordered.streamed).toBe(true);
    expect(shuffled.streamed).toBe(false);
    expect(ordered.customers).toBe(1500);
    expect(shuffled.customers).toBe(1500);
    expect(ordered.issues.map((i) => i.problem.code).sort()).toEqual([
      'duplicate-id',
      'not-a-number',
    ]);
    expect(shuffled.issues.map((i) => i.problem.code).sort()).toEqual([
      'duplicate-id',
      'not-a-number',
    ]);
    // Same customers, same chunks: only the creation time differs between the two files.
    const chunksOf = (bytes: Uint8Array) => {
      const firstIds: number[] = [];
      let cells = 0;
      const header = decodeSnapshot(new Uint8Array(gunzipSync(bytes)), (chunk) => {
        firstIds.push(chunk.firstId);
        cells += chunk.cellValue.length;
      });
      return { firstIds, cells, count: header.count, chunks: header.chunks };
    };
    const a = chunksOf(ordered.bytes);
    expect(a.count).toBe(1500);
    expect(a.chunks).toBe(12);
    expect(a.firstIds.slice(0, 3)).toEqual([7, 1287, 2567]);
    expect(chunksOf(shuffled.bytes)).toEqual(a);
    expect(ordered.manifest.count).toBe(1500);
    expect(ordered.manifest.bytes).toBe(ordered.bytes.length);
  });

  it('splits a portfolio into parts of whole blocks, each a snapshot of its own, and clears older parts', async () => {
    const dir = mkdtempSync(join(work, 'parts-'));
    const out = join(dir, 'customers.snapshot');
    // Blocks hold about 4,096 customers: three blocks, one part each.
    const many = Array.from({ length: 9000 }, (_, i) => `${3 * i + 1},${i % 7},${20 + (i % 50)},1`);
    const data = fileOf('parts.csv', many);
    const split = await writeSnapshot(spec, data, out, { chunkSize: 1024, partBytes: 3000 });
    const names = split.manifest.parts.map((part) => part.file);
    expect(names.length).toBe(3);
    expect(split.manifest.parts.map((part) => [part.count, part.chunks])).toEqual([
      [4096, 4],
      [4096, 4],
      [808, 1],
    ]);
    expect(names[1]).toBe('customers.0001.snapshot');
    expect(readdirSync(dir).sort()).toEqual([...names].sort());
    expect(readSnapshotManifest(JSON.parse(JSON.stringify(split.manifest)))).not.toBeNull();
    const seen: number[] = [];
    for (const part of split.manifest.parts) {
      const bytes = readFileSync(join(dir, part.file));
      expect(bytes.length).toBe(part.bytes);
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(part.sha256);
      const header = decodeSnapshot(new Uint8Array(gunzipSync(bytes)), (chunk) => {
        seen.push(...chunk.ids);
      });
      expect([header.count, header.chunks]).toEqual([part.count, part.chunks]);
      expect(header.createdAt).toBe(split.manifest.createdAt);
    }
    expect(seen).toEqual(many.map((row) => Number(row.split(',')[0])));
    // The same portfolio in one part: the numbered parts of the earlier run are gone.
    const whole = await writeSnapshot(spec, data, out, { chunkSize: 100 });
    expect(whole.manifest.parts.map((part) => part.file)).toEqual(['customers.snapshot']);
    expect(readdirSync(dir)).toEqual(['customers.snapshot']);
  });
});
