/**
 * Lookups answered from memory: the first ID of every chunk of the answering install (one read at
 * start; with text IDs, its first ID text too), and the chunks read last, up to 48 MB of their
 * arrays (all of the 75,818 Santander customers' 26 MB), so that a lookup is a binary search and,
 * for a customer of a chunk read before, no IndexedDB read at all. A first install hands the
 * chunks it writes to the cache as well (keep), so that right after a cold start lookups read
 * nothing. A chunk the store no longer has (another tab switched the portfolio) makes the cache
 * follow the active install and look again.
 */
import type { CustomerKey } from '../../core/records';
import { findLabelRow, findRow, type SnapshotChunk } from '../../core/snapshot';
import type { SnapshotStore } from './snapshotStore';

/** Where each chunk of one install starts: read whole, then swapped in at once. */
interface ChunkIndex {
  readonly install: string;
  readonly firstIds: Float64Array;
  /** With text IDs: each chunk's first ID text, in the order of firstIds. */
  readonly firstLabels: readonly string[];
}

export class ChunkCache {
  /**
   * The answering install's chunk starts. A lookup reads it once, so that its chunk is found
   * with the starts of the install it is read from, even while follow reads another's.
   */
  private index: ChunkIndex | null = null;
  /** Calls of follow so far: a call that finishes after a later one was asked changes nothing. */
  private followsAsked = 0;
  /** The follow asked last. */
  private lastFollow: Promise<void> = Promise.resolve();
  /** The install whose chunks `chunks` holds (the one keep or follow named last). */
  private chunksOf: string | null = null;
  /** Chunks by first ID, least recently used first (a Map keeps insertion order). */
  private readonly chunks = new Map<number, SnapshotChunk>();
  /** Bytes of the cached chunks' arrays. */
  private bytes = 0;

  constructor(
    private readonly store: SnapshotStore,
    /** Chunks kept in memory, at most. */
    private readonly capacity = 4096,
    /** Bytes of chunk arrays kept in memory, at most (the chunk read last is kept whatever). */
    private readonly capacityBytes = 48 * 2 ** 20,
  ) {}

  /**
   * Answers from this install from now on; a new install empties the cache. Of calls that overlap,
   * the one asked last wins, whichever finishes its reads last; each resolves once it has.
   */
  follow(install: string): Promise<void> {
    const following = this.followAsked(install, ++this.followsAsked);
    this.lastFollow = following;
    return following;
  }

  private async followAsked(install: string, asked: number): Promise<void> {
    if (this.index?.install === install) return;
    const { firstIds, firstLabels } = await this.store.chunkStarts(install);
    // A later call decides: wait for it.
    if (asked !== this.followsAsked) return this.lastFollow;
    // Chunks kept for this very install (keep) stay.
    this.holdChunksOf(install);
    this.index = { install, firstIds, firstLabels };
  }

  /**
   * Keeps chunks of an install as it writes them (within the same bounds as chunks read, the
   * latest kept), so that once it answers (follow), lookups of those customers read nothing from
   * IndexedDB. Chunks of another install than the cache's empty it first.
   */
  keep(install: string, chunks: readonly SnapshotChunk[]): void {
    this.holdChunksOf(install);
    for (const chunk of chunks) this.remember(chunk);
  }

  private holdChunksOf(install: string): void {
    if (install === this.chunksOf) return;
    this.chunksOf = install;
    this.chunks.clear();
    this.bytes = 0;
  }

  /**
   * The customer's chunk and row, or null when the ID is not in the portfolio (a text ID asked of
   * an integer-ID portfolio, or the other way round, is not in it).
   */
  async locate(id: CustomerKey): Promise<{ chunk: SnapshotChunk; row: number } | null> {
    const found = await this.chunkFor(id);
    if (found === 'gone') {
      const active = await this.store.active();
      if (active === null) return null;
      await this.follow(active.id);
      const again = await this.chunkFor(id);
      return again === 'gone' ? null : this.rowIn(again, id);
    }
    return this.rowIn(found, id);
  }

  private rowIn(chunk: SnapshotChunk | null, id: CustomerKey) {
    if (chunk === null) return null;
    const row = typeof id === 'string' ? findLabelRow(chunk, id) : findRow(chunk, id);
    return row < 0 ? null : { chunk, row };
  }

  /** The chunk that would hold the ID, null when none would, 'gone' when the store lost it. */
  private async chunkFor(id: CustomerKey): Promise<SnapshotChunk | null | 'gone'> {
    const index = this.index;
    if (index === null) return null;
    // An install with no chunk is one deleted before its starts were read: look again.
    if (index.firstIds.length === 0) return 'gone';
    // A key of the other kind than the portfolio's IDs is in no chunk.
    const textIds = index.firstLabels.length > 0;
    if ((typeof id === 'string') !== textIds) return null;
    const firstId =
      typeof id === 'string' ? firstIdOfLabel(index, id) : firstIdAtOrBelow(index.firstIds, id);
    if (firstId === null) return null;
    const held = this.chunksOf === index.install;
    const cached = held ? this.chunks.get(firstId) : undefined;
    if (cached !== undefined) {
      this.chunks.delete(firstId);
      this.chunks.set(firstId, cached);
      return cached;
    }
    const chunk = await this.store.chunk(index.install, firstId);
    if (chunk === null) return 'gone';
    if (this.chunksOf === index.install) this.remember(chunk);
    return chunk;
  }

  /** Adds a chunk as the most recently used, letting the least recently used go beyond bounds. */
  private remember(chunk: SnapshotChunk): void {
    const before = this.chunks.get(chunk.firstId);
    if (before !== undefined) {
      this.chunks.delete(chunk.firstId);
      this.bytes -= bytesOf(before);
    }
    this.chunks.set(chunk.firstId, chunk);
    this.bytes += bytesOf(chunk);
    for (const [oldestId, oldest] of this.chunks) {
      if (this.chunks.size <= 1) break;
      if (this.chunks.size <= this.capacity && this.bytes <= this.capacityBytes) break;
      this.chunks.delete(oldestId);
      this.bytes -= bytesOf(oldest);
    }
  }
}

/** The first ID of the chunk whose first ID text is the greatest ≤ label, or null. */
function firstIdOfLabel(index: ChunkIndex, label: string): number | null {
  let lo = 0;
  let hi = index.firstLabels.length - 1;
  let best = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if ((index.firstLabels[mid] ?? '') <= label) {
      best = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return best < 0 ? null : (index.firstIds[best] ?? null);
}

/** The greatest chunk first ID ≤ id (binary search), or null. */
function firstIdAtOrBelow(firstIds: Float64Array, id: number): number | null {
  let lo = 0;
  let hi = firstIds.length - 1;
  let best: number | null = null;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const value = firstIds[mid] ?? 0;
    if (value <= id) {
      best = value;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return best;
}

/** The bytes of a chunk's arrays (its ID texts counted at two bytes a character). */
function bytesOf(chunk: SnapshotChunk): number {
  const labels = chunk.labels?.reduce((sum, label) => sum + 2 * label.length, 0) ?? 0;
  return (
    chunk.ids.byteLength +
    chunk.rowStart.byteLength +
    chunk.cellColumn.byteLength +
    chunk.cellValue.byteLength +
    labels
  );
}
