/**
 * Snapshot files the analyst opens from disk, as npm run snapshot writes them (gzip-compressed or
 * not, one file or the parts of a large portfolio): recognised, read and put in ID order.
 */
import {
  readSnapshotStart,
  SNAPSHOT_MAGIC,
  SnapshotFormatError,
  type SnapshotHeader,
} from '../../../../core/snapshot';
import type { PortfolioSource } from '../../../snapshot/snapshotStore';
import { gunzippedStart, inflate, isGzipStart } from './gzipStreams';

/** The first `size` bytes of a file, decompressed when gzip; null when unreadable. */
async function fileStart(file: Blob, size: number): Promise<Uint8Array | null> {
  const head = new Uint8Array(await file.slice(0, 2).arrayBuffer());
  if (!isGzipStart(head)) return new Uint8Array(await file.slice(0, size).arrayBuffer());
  return gunzippedStart(file, size);
}

/** A snapshot file's bytes, decompressed when gzip; null if the gzip stream is damaged. */
export async function snapshotBytesOf(file: Blob): Promise<Uint8Array | null> {
  const head = new Uint8Array(await file.slice(0, 2).arrayBuffer());
  if (!isGzipStart(head)) return new Uint8Array(await file.arrayBuffer());
  try {
    return await inflate(file.stream());
  } catch {
    return null;
  }
}

/** True when a file (gzip-compressed or not) starts as a snapshot does. */
export async function isSnapshotFile(file: Blob): Promise<boolean> {
  const magic = new TextEncoder().encode(SNAPSHOT_MAGIC);
  const head = await fileStart(file, magic.length);
  return head !== null && head.length >= magic.length && magic.every((b, i) => head[i] === b);
}

/**
 * Snapshot files that are the parts of one portfolio (as npm run snapshot writes a large one),
 * in ID order whatever order they were picked in; 'not-a-snapshot' when one is not a snapshot,
 * 'not-one-portfolio' when they are of different portfolios, or repeat or overlap. Each part is
 * read and decompressed only when the install reaches it.
 */
export async function portfolioOfPartFiles(
  files: readonly File[],
): Promise<PortfolioSource | 'not-a-snapshot' | 'not-one-portfolio'> {
  const starts: { file: File; header: SnapshotHeader; firstId: number }[] = [];
  for (const file of files) {
    const bytes = await fileStart(file, 256 * 1024);
    if (bytes === null) return 'not-a-snapshot';
    try {
      const { header, firstId } = readSnapshotStart(bytes);
      if (firstId === null) continue;
      starts.push({ file, header, firstId });
    } catch (error) {
      if (error instanceof SnapshotFormatError) return 'not-a-snapshot';
      throw error;
    }
  }
  starts.sort((a, b) => a.firstId - b.firstId);
  const [first] = starts;
  if (first === undefined) return 'not-a-snapshot';
  const same = (header: SnapshotHeader) =>
    header.schemaHash === first.header.schemaHash &&
    header.createdAt === first.header.createdAt &&
    header.chunkSize === first.header.chunkSize &&
    header.columns.join('\u0000') === first.header.columns.join('\u0000');
  if (!starts.every((start, i) => same(start.header) && start.firstId !== starts[i - 1]?.firstId)) {
    return 'not-one-portfolio';
  }
  return {
    header: {
      ...first.header,
      count: starts.reduce((sum, start) => sum + start.header.count, 0),
      chunks: starts.reduce((sum, start) => sum + start.header.chunks, 0),
    },
    parts: starts.map((start) => ({
      chunks: start.header.chunks,
      read: async () => {
        const bytes = await snapshotBytesOf(start.file);
        if (bytes === null) throw new SnapshotFormatError(`${start.file.name} cannot be read`);
        return bytes;
      },
    })),
  };
}
