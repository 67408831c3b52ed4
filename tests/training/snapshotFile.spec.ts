/**
 * The snapshot CLI's writer: customers in ascending ID order stream through in one pass (a chunk
 * at a time); a file out of order is read again and sorted; both give the same chunks, with the
 * same rows skipped.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { fitPreprocess } from '../../src/core/preprocess';
import { createRng, shuffleInPlace } from '../../src/core/rng';
import { decodeSnapshot } from '../../src/core/snapshot';
import { buildSnapshot } from '../../training/lib/snapshotFile';
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
});
