/**
 * A shipped portfolio's parts as the install and early lookups read them: each part downloaded
 * once while it installs, the next one on its way, the one before let go.
 */
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { encodeSnapshot, readSnapshotHeader } from '../../src/core/snapshot/snapshot';
import { manifestOf, type SnapshotPart } from '../../src/core/snapshot/manifest';
import { portfolioOfManifest } from '../../src/features/inference/portfolioDownload';

afterEach(() => {
  vi.unstubAllGlobals();
});

/** Three parts of 100 customers, gzip-compressed, and the manifest that lists them. */
function shippedPortfolio() {
  const files = new Map<string, Uint8Array>();
  const parts: SnapshotPart[] = [];
  let header = null;
  for (let p = 0; p < 3; p++) {
    const customers = Array.from({ length: 100 }, (_, i) => ({
      id: p * 100 + i,
      values: Float64Array.from([i % 5, p]),
    }));
    const raw = encodeSnapshot('hash', ['a', 'b'], customers, 50, '2026-06-01');
    header ??= readSnapshotHeader(raw).header;
    const gz = new Uint8Array(gzipSync(raw));
    const file = `customers.000${String(p)}.snapshot`;
    files.set(file, gz);
    parts.push({
      file,
      count: 100,
      chunks: 2,
      firstId: p * 100,
      lastId: p * 100 + 99,
      bytes: gz.length,
      sha256: createHash('sha256').update(gz).digest('hex'),
    });
  }
  if (header === null) throw new Error('no header');
  const manifest = manifestOf({ ...header, count: 300, chunks: 6 }, parts);
  return { files, manifest };
}

describe('a shipped portfolio’s parts', () => {
  it('downloads the part being installed once, for the install and for lookups alike', async () => {
    const { files, manifest } = shippedPortfolio();
    const asked: string[] = [];
    vi.stubGlobal('fetch', (url: string) => {
      const name = url.split('/').pop() ?? '';
      asked.push(name);
      const bytes = files.get(name);
      const body = bytes === undefined ? null : bytes.slice().buffer;
      return Promise.resolve(new Response(body, { status: body === null ? 404 : 200 }));
    });
    const { portfolio, partBytes } = portfolioOfManifest(
      manifest,
      '/snapshot/customers.snapshot',
      () => undefined,
    );
    const first = await portfolio.parts[0]?.read();
    // A lookup into the part the install holds, and into the next one, on its way already.
    expect(await partBytes(0)).toBe(first);
    await partBytes(1);
    expect(asked).toEqual(['customers.0000.snapshot', 'customers.0001.snapshot']);
    // The install moves on: part 1 comes from the download under way, part 2 starts, part 0 goes.
    await portfolio.parts[1]?.read();
    await partBytes(0);
    expect(asked).toEqual([
      'customers.0000.snapshot',
      'customers.0001.snapshot',
      'customers.0002.snapshot',
      'customers.0000.snapshot',
    ]);
  });
});
