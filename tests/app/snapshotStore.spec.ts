// @vitest-environment happy-dom
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import {
  encodeSnapshot,
  decodeSnapshot,
  readSnapshotHeader,
  snapshotHeaderOf,
} from '../../src/core/snapshot/snapshot';
import { ChunkCache } from '../../src/features/snapshot/chunkCache';
import {
  portfolioOfBytes,
  SnapshotStore,
  type PortfolioSource,
} from '../../src/features/snapshot/snapshotStore';
import { installIdOf } from '../../src/core/snapshot/manifest';

const snapshot = (createdAt: string, offset = 0, chunkSize = 256) =>
  encodeSnapshot(
    'hash',
    ['a', 'b'],
    Array.from({ length: 1200 }, (_, i) => ({
      id: i * 2 + offset,
      values: Float64Array.from([i % 3, i % 7 === 0 ? 1.5 : 0]),
    })),
    chunkSize,
    createdAt,
  );

/** Looks an ID up in the active portfolio, as the app does (through a chunk cache). */
async function locate(store: SnapshotStore, id: number) {
  const active = await store.active();
  if (active === null) return null;
  const cache = new ChunkCache(store);
  await cache.follow(active.id);
  return cache.locate(id);
}

describe('the snapshot in IndexedDB', () => {
  it('installs, finds customers by ID across chunks and reports unknown IDs', async () => {
    const store = await SnapshotStore.open('t1');
    const progress: number[] = [];
    const { header, resumedFrom } = await store.install(snapshot('2026-01-01'), (f) =>
      progress.push(f),
    );
    expect(header.count).toBe(1200);
    expect(resumedFrom).toBe(0);
    expect(progress.at(-1)).toBe(1);
    const hit = await locate(store, 1000);
    expect(hit?.chunk.ids[hit.row]).toBe(1000);
    expect(await locate(store, 1001)).toBeNull();
    expect(await locate(store, 99999)).toBeNull();
    expect((await store.allChunks()).reduce((n, c) => n + c.ids.length, 0)).toBe(1200);
    store.close();
  });

  it('reads the portfolio a window of chunks at a time, in ID order, every chunk once', async () => {
    const store = await SnapshotStore.open('t1w');
    await store.install(snapshot('2026-01-01'));
    const sizes: number[] = [];
    const firstIds: number[] = [];
    for await (const window of store.chunkWindows(2)) {
      sizes.push(window.length);
      firstIds.push(...window.map((chunk) => chunk.firstId));
    }
    const all = (await store.allChunks()).map((chunk) => chunk.firstId);
    expect(all.length).toBe(5);
    expect(sizes).toEqual([2, 2, 1]);
    expect(firstIds).toEqual(all);
    store.close();
  });

  it('does not reinstall the active snapshot, and switches to a new one whole', async () => {
    const store = await SnapshotStore.open('t2');
    await store.install(snapshot('2026-01-01'));
    const first = await store.active();
    await store.install(snapshot('2026-01-01'));
    expect((await store.active())?.id).toBe(first?.id);
    await store.install(snapshot('2026-02-01', 1));
    expect(await locate(store, 1001)).not.toBeNull();
    expect(await locate(store, 1000)).toBeNull();
    expect((await store.allChunks()).length).toBe(5);
    store.close();
  });

  it('keeps the previous snapshot working when an install stops halfway, and cleans up after it', async () => {
    const store = await SnapshotStore.open('t3');
    await store.install(snapshot('2026-01-01'));
    // A tab closed mid-install leaves an "installing" record and some chunks of the new version.
    const next = snapshot('2026-03-01', 1);
    const { header } = readSnapshotHeader(next);
    const db = (store as unknown as { db: { put(s: string, v: unknown): Promise<unknown> } }).db;
    await db.put('installs', { id: installIdOf(header), state: 'installing', header });
    await db.put('chunks', {
      install: installIdOf(header),
      firstId: 1,
      lastId: 1,
      ids: Float64Array.from([1]),
      rowStart: Uint32Array.from([0, 0]),
      cellColumn: new Uint16Array(0),
      cellValue: new Float64Array(0),
    });
    expect(await locate(store, 1000)).not.toBeNull();
    expect(await locate(store, 1)).toBeNull();
    expect(await store.clearUnfinished()).toBe(1);
    await store.install(next);
    expect(await locate(store, 1)).not.toBeNull();
    store.close();
  });

  it('resumes an interrupted install of the same snapshot from its last committed batch', async () => {
    const store = await SnapshotStore.open('t5');
    // 1,200 customers in chunks of 10: 120 chunks, committed 24 at a time.
    const bytes = encodeSnapshot(
      'hash',
      ['a', 'b'],
      Array.from({ length: 1200 }, (_, i) => ({ id: i, values: Float64Array.from([i % 5, 0]) })),
      10,
      '2026-04-01',
    );
    const { header } = readSnapshotHeader(bytes);
    const id = installIdOf(header);
    // What a tab closed after two committed batches leaves: 48 chunks and the count beside them.
    const partial: unknown[] = [];
    decodeSnapshot(bytes, (chunk, index) => {
      if (index < 48) partial.push({ ...chunk, install: id });
    });
    const db = (store as unknown as { db: { put(s: string, v: unknown): Promise<unknown> } }).db;
    await db.put('installs', { id, state: 'installing', header, committed: 48, resumedFrom: 0 });
    for (const chunk of partial) await db.put('chunks', chunk);
    expect(await store.active()).toBeNull();

    const installed = await store.install(bytes);
    expect(installed).toMatchObject({ id, state: 'complete', committed: 120, resumedFrom: 48 });
    const chunks = await store.allChunks();
    expect(chunks).toHaveLength(120);
    expect(chunks.flatMap((c) => Array.from(c.ids))).toEqual(
      Array.from({ length: 1200 }, (_, i) => i),
    );
    expect((await locate(store, 1199))?.chunk.ids[9]).toBe(1199);
    store.close();
  });

  it('installs a portfolio part after part, and a resumed install reads no part it has committed', async () => {
    const store = await SnapshotStore.open('t6');
    // 1,200 customers in chunks of 10, in three parts of 40 chunks.
    const people = Array.from({ length: 1200 }, (_, i) => ({
      id: i,
      values: Float64Array.from([i % 5, 0]),
    }));
    const partBytes = [0, 1, 2].map((p) =>
      encodeSnapshot('hash', ['a', 'b'], people.slice(p * 400, (p + 1) * 400), 10, '2026-06-01'),
    );
    const header = snapshotHeaderOf({
      schemaHash: 'hash',
      columns: ['a', 'b'],
      count: 1200,
      chunkSize: 10,
      chunks: 120,
      createdAt: '2026-06-01',
    });
    const reads: number[] = [];
    const portfolio = (stopAt = Infinity): PortfolioSource => ({
      header,
      parts: partBytes.map((bytes, p) => ({
        chunks: 40,
        read: () => {
          reads.push(p);
          // A tab closed while the third part downloads: the read never ends.
          return p >= stopAt ? new Promise<Uint8Array>(() => undefined) : Promise.resolve(bytes);
        },
      })),
    });
    const seen: number[] = [];
    void store.installPortfolio(
      portfolio(2),
      () => undefined,
      'shipped',
      (chunks) => {
        seen.push(...chunks.map((chunk) => chunk.firstId));
      },
    );
    await expect.poll(() => reads.length).toBe(3);
    expect(seen).toEqual(Array.from({ length: 80 }, (_, c) => c * 10));
    expect(await store.active()).toBeNull();

    const resumed = await SnapshotStore.open('t6');
    reads.length = 0;
    const installed = await resumed.installPortfolio(portfolio());
    expect(installed).toMatchObject({ state: 'complete', committed: 120, resumedFrom: 80 });
    expect(reads).toEqual([2]);
    expect((await resumed.allChunks()).flatMap((c) => Array.from(c.ids))).toEqual(
      people.map((p) => p.id),
    );
    expect((await locate(resumed, 1199))?.chunk.ids[9]).toBe(1199);
    resumed.close();
    store.close();
  });

  it('refuses a part of another portfolio and keeps the one installed', async () => {
    const store = await SnapshotStore.open('t7');
    await store.install(snapshot('2026-01-01'));
    const other = snapshot('2026-07-01');
    const stranger = snapshot('2026-07-02');
    const { header } = readSnapshotHeader(other);
    const portfolio: PortfolioSource = {
      header,
      parts: [{ chunks: header.chunks, read: () => Promise.resolve(stranger) }],
    };
    await expect(store.installPortfolio(portfolio)).rejects.toThrow(
      'part 1 is not of this portfolio',
    );
    expect((await store.active())?.header.createdAt).toBe('2026-01-01');
    expect(await store.installs()).toHaveLength(1);
    store.close();
  });

  it('caches scores per snapshot and model, and drops them when the snapshot changes', async () => {
    const store = await SnapshotStore.open('t4');
    await store.install(snapshot('2026-01-01'));
    expect(await store.cachedScores('model-a')).toBeNull();
    const scores = (ids: number[], probabilities: number[], labels: string[] | null = null) => ({
      ids: Float64Array.from(ids),
      probabilities: Float32Array.from(probabilities),
      labels,
    });
    await store.cacheScores('model-a', scores([0, 2], [0.5, 0.25]));
    const cached = await store.cachedScores('model-a');
    expect(Array.from(cached?.probabilities ?? [])).toEqual([0.5, 0.25]);
    expect(cached?.labels).toBeNull();
    expect(await store.cachedScores('model-b')).toBeNull();
    await store.cacheScores('model-b', scores([0], [0.75], ['7590-VHVEG']));
    expect((await store.cachedScores('model-b'))?.labels).toEqual(['7590-VHVEG']);
    expect(await store.cachedScores('model-a')).toBeNull();
    await store.install(snapshot('2026-04-01', 1));
    expect(await store.cachedScores('model-b')).toBeNull();
    store.close();
  });

  it('answers lookups from memory, and follows the portfolio another tab switched in', async () => {
    const store = await SnapshotStore.open('t6');
    const first = await store.install(snapshot('2026-01-01'));
    const cache = new ChunkCache(store, 2);
    await cache.follow(first.id);
    // Even IDs 0…2398 in chunks of 256: 1000 is row 244 of the chunk starting at 512.
    const hit = await cache.locate(1000);
    expect(hit?.chunk.firstId).toBe(512);
    expect(hit?.chunk.ids[hit.row]).toBe(1000);
    expect(await cache.locate(1001)).toBeNull();
    expect(await cache.locate(-5)).toBeNull();
    expect(await cache.locate(99999)).toBeNull();
    // Every ID of every chunk, through a cache of two chunks, and through one of a single byte
    // (it keeps only the chunk read last).
    const tiny = new ChunkCache(store, 4096, 1);
    await tiny.follow(first.id);
    for (const id of [0, 2398, 510, 512, 1534, 1536, 2046, 2048]) {
      const found = await cache.locate(id);
      expect(found?.chunk.ids[found.row]).toBe(id);
      const again = await tiny.locate(id);
      expect(again?.chunk.ids[again.row]).toBe(id);
    }
    // Another tab installs odd IDs; the old install is deleted under the cache.
    await store.install(snapshot('2026-02-01', 1));
    expect((await cache.locate(1001))?.chunk.ids).toContain(1001);
    expect(await cache.locate(1000)).toBeNull();
    store.close();
  });

  it('answers a lookup asked while it follows a new portfolio of other chunk bounds', async () => {
    const store = await SnapshotStore.open('t9');
    const first = await store.install(snapshot('2026-01-01'));
    const cache = new ChunkCache(store);
    await cache.follow(first.id);
    // The same customers in chunks of 32: 1000 is in the chunk starting at 960, and a chunk
    // starts at 512 too (the chunk of 1000 in the first portfolio), holding 512…574.
    const second = await store.install(snapshot('2026-02-01', 0, 32));
    const following = cache.follow(second.id);
    const [during, again] = await Promise.all([cache.locate(1000), cache.locate(1000)]);
    await following;
    const after = await cache.locate(1000);
    for (const found of [during, again, after]) {
      expect(found?.chunk.firstId).toBe(960);
      expect(found?.chunk.ids[found.row]).toBe(1000);
    }
    store.close();
  });

  it('follows the install asked last, and finds the active one again after following a deleted one', async () => {
    const store = await SnapshotStore.open('t10');
    const first = await store.install(snapshot('2026-01-01'));
    const cache = new ChunkCache(store);
    await cache.follow(first.id);
    // The second install deletes the first; a follow of the first asked before one of the second
    // changes nothing, whichever finishes last.
    const second = await store.install(snapshot('2026-02-01', 0, 32));
    await Promise.all([cache.follow(first.id), cache.follow(second.id)]);
    expect((await cache.locate(1000))?.chunk.firstId).toBe(960);
    // Asked last, a follow of the deleted install finds nothing to follow: the next lookup
    // answers from the active install.
    await cache.follow(first.id);
    const found = await cache.locate(1000);
    expect(found?.chunk.firstId).toBe(960);
    expect(found?.chunk.ids[found.row]).toBe(1000);
    store.close();
  });

  it('answers a first install from the chunks it kept as they were written, reading only those it let go', async () => {
    const store = await SnapshotStore.open('t8');
    const bytes = snapshot('2026-01-01');
    const install = installIdOf(readSnapshotHeader(bytes).header);
    // Two chunks at most: of the five (first IDs 0, 512, 1024, 1536, 2048), the last two stay.
    const cache = new ChunkCache(store, 2);
    await store.installPortfolio(portfolioOfBytes(bytes), undefined, 'shipped', (chunks) => {
      cache.keep(install, chunks);
    });
    const reads: number[] = [];
    const read = store.chunk.bind(store);
    store.chunk = (from: string, firstId: number) => {
      reads.push(firstId);
      return read(from, firstId);
    };
    await cache.follow(install);
    for (const id of [1536, 2000, 2048, 2398]) {
      const found = await cache.locate(id);
      expect(found?.chunk.ids[found.row]).toBe(id);
    }
    expect(reads).toEqual([]);
    const earlier = await cache.locate(1000);
    expect(earlier?.chunk.ids[earlier.row]).toBe(1000);
    expect(reads).toEqual([512]);
    // Chunks kept for another install are not answered for this one.
    cache.keep('another', []);
    await cache.follow(install);
    await cache.locate(2398);
    expect(reads).toEqual([512, 2048]);
    store.close();
  });

  it('finds customers by ID text in a text-ID portfolio, chunk by first text', async () => {
    const store = await SnapshotStore.open('t7');
    const labels = Array.from(
      { length: 700 },
      (_, i) => `${String((i * 37) % 1000).padStart(4, '0')}-C${String(i)}`,
    );
    const people = labels.map((label, i) => ({
      id: 0,
      label,
      cellColumn: Uint16Array.from([0]),
      cellValue: Float64Array.from([i]),
    }));
    const installed = await store.install(encodeSnapshot('hash', ['a'], people, 64, '2026-03-01'));
    expect(installed.header.idKind).toBe('text');
    const cache = new ChunkCache(store, 2);
    await cache.follow(installed.id);
    for (const i of [0, 1, 63, 64, 350, 699]) {
      const found = await cache.locate(labels[i] ?? '');
      expect(found?.chunk.labels?.[found.row]).toBe(labels[i]);
      // The customer's own values came along: value i was stored for label i.
      expect(found?.chunk.cellValue[found.chunk.rowStart[found.row] ?? 0]).toBe(i);
    }
    expect(await cache.locate('0000-C')).toBeNull();
    expect(await cache.locate('zzz')).toBeNull();
    expect(await cache.locate(3)).toBeNull();
    store.close();
  });
});
