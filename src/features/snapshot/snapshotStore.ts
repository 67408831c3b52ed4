/**
 * The snapshot in IndexedDB. An install writes every chunk under a new install id beside the
 * current one and switches the "active" pointer in one transaction at the end, so a tab closed
 * halfway leaves the previous snapshot working. Chunks are committed in batches, each with the
 * count of chunks committed so far, so the next start resumes the same snapshot from the last
 * committed batch. One tab installs at a time (a Web Lock); the others wait, then find it
 * installed. A switch is announced on a BroadcastChannel, so that other tabs answer from it.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import {
  readSnapshotChunks,
  readSnapshotHeader,
  SnapshotFormatError,
  type SnapshotChunk,
  type SnapshotHeader,
  installIdOf,
} from '../../core/snapshot';

export interface InstallRecord {
  readonly id: string;
  readonly state: 'installing' | 'complete';
  readonly header: SnapshotHeader;
  /** Chunks written so far (all of them once complete). Records written before it lack it. */
  readonly committed?: number;
  /** The chunk this install resumed from after an interrupted one; 0 when it ran in one go. */
  readonly resumedFrom?: number;
  /** Where it came from: the app's own build, or a file the analyst opened ('shipped' if absent). */
  readonly source?: 'shipped' | 'disk';
}

/**
 * A portfolio to install: the whole portfolio's header, and its parts in ID order, each a
 * snapshot of consecutive chunks, read only when needed (a resumed install skips parts already
 * committed).
 */
export interface PortfolioSource {
  readonly header: SnapshotHeader;
  readonly parts: readonly { readonly chunks: number; read(): Promise<Uint8Array> }[];
}

/** Snapshot bytes (decompressed) as a portfolio of one part. */
export function portfolioOfBytes(bytes: Uint8Array): PortfolioSource {
  const { header } = readSnapshotHeader(bytes);
  return { header, parts: [{ chunks: header.chunks, read: () => Promise.resolve(bytes) }] };
}

interface ChunkRecord extends SnapshotChunk {
  readonly install: string;
  /** With text IDs: the chunk's first ID text, indexed so that a lookup by text finds its chunk. */
  readonly firstLabel?: string;
}

/** Every customer's probability, in ID order; with text IDs, their texts too (ids are ranks). */
export interface PortfolioScores {
  readonly ids: Float64Array;
  readonly probabilities: Float32Array;
  readonly labels: readonly string[] | null;
}

/** Every snapshot customer's probability under one model, so that a reload need not score again. */
interface ScoresRecord {
  /** `<install id>|<model digest>`. */
  readonly key: string;
  readonly install: string;
  readonly ids: Float64Array;
  readonly probabilities: Float32Array;
  readonly labels?: readonly string[];
}

interface RetemDb extends DBSchema {
  installs: { key: string; value: InstallRecord };
  scores: { key: string; value: ScoresRecord };
  chunks: {
    key: [string, number];
    value: ChunkRecord;
    indexes: { firstLabel: [string, string] };
  };
  meta: { key: string; value: { key: string; install: string } };
}

export const DB_NAME = 'retem';
/** The Web Lock held while a tab installs, and the channel on which a switch is announced. */
export const INSTALL_LOCK = 'retem-snapshot-install';
export const SWITCH_CHANNEL = 'retem-snapshot';

/** Chunks per committed batch: what an interrupted install loses at most. */
const CHUNKS_PER_COMMIT = 24;

/** True for the error IndexedDB gives when the origin's storage quota is used up. */
export function isQuotaExceeded(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as { name?: unknown }).name === 'QuotaExceededError'
  );
}

/** Runs `work` holding the install lock where the browser has Web Locks, else directly. */
function withInstallLock<T>(work: () => Promise<T>): Promise<T> {
  // Some environments (test DOMs, old browsers) have no Web Locks: one tab, no lock to take.
  const locks = (globalThis.navigator as Navigator | undefined)?.locks as
    LockManager | null | undefined;
  if (locks === undefined || locks === null) return work();
  return new Promise<T>((resolve, reject) => {
    locks.request(INSTALL_LOCK, () => work().then(resolve, reject)).catch(reject);
  });
}

/** Opens (and creates) the app's database. */
export function openSnapshotDb(name = DB_NAME): Promise<IDBPDatabase<RetemDb>> {
  return openDB<RetemDb>(name, 4, {
    // Stores are created by name, not by version, so that a database left at any version
    // without them (created by another script, or by a test probe) still gets them.
    upgrade(db, _oldVersion, _newVersion, transaction) {
      if (!db.objectStoreNames.contains('installs'))
        db.createObjectStore('installs', { keyPath: 'id' });
      const chunks = db.objectStoreNames.contains('chunks')
        ? transaction.objectStore('chunks')
        : db.createObjectStore('chunks', { keyPath: ['install', 'firstId'] });
      // Chunks of integer-ID portfolios have no first label and stay out of this index.
      if (!chunks.indexNames.contains('firstLabel'))
        chunks.createIndex('firstLabel', ['install', 'firstLabel']);
      if (!db.objectStoreNames.contains('meta')) db.createObjectStore('meta', { keyPath: 'key' });
      if (!db.objectStoreNames.contains('scores'))
        db.createObjectStore('scores', { keyPath: 'key' });
    },
  });
}

export class SnapshotStore {
  private constructor(private readonly db: IDBPDatabase<RetemDb>) {}

  static async open(name = DB_NAME): Promise<SnapshotStore> {
    return new SnapshotStore(await openSnapshotDb(name));
  }

  close(): void {
    this.db.close();
  }

  /** The active, complete install, or null. */
  async active(): Promise<InstallRecord | null> {
    const pointer = await this.db.get('meta', 'active');
    if (pointer === undefined) return null;
    const install = await this.db.get('installs', pointer.install);
    return install?.state === 'complete' ? install : null;
  }

  /**
   * Installs snapshot bytes (already decompressed): a portfolio of one part (see installPortfolio).
   */
  install(
    bytes: Uint8Array,
    onProgress: (fraction: number) => void = () => undefined,
    source: 'shipped' | 'disk' = 'shipped',
  ): Promise<InstallRecord> {
    return this.installPortfolio(portfolioOfBytes(bytes), onProgress, source);
  }

  /**
   * Installs a portfolio unless the same one is active, resuming an interrupted install of the
   * same portfolio from its last committed batch (parts wholly committed are not even read).
   * Progress goes from 0 to 1; onChunks sees every chunk written, in ID order, as it is written
   * (all of them unless the install resumed). Returns the active install afterwards. A storage
   * failure (quota exceeded, for one) removes the half-written install, leaves the previous
   * portfolio active and rethrows; a part that is not of this portfolio throws SnapshotFormatError.
   */
  installPortfolio(
    portfolio: PortfolioSource,
    onProgress: (fraction: number) => void = () => undefined,
    source: 'shipped' | 'disk' = 'shipped',
    onChunks: (chunks: readonly SnapshotChunk[]) => void = () => undefined,
  ): Promise<InstallRecord> {
    return withInstallLock(() => this.installLocked(portfolio, onProgress, source, onChunks));
  }

  private async installLocked(
    portfolio: PortfolioSource,
    onProgress: (fraction: number) => void,
    source: 'shipped' | 'disk',
    onChunks: (chunks: readonly SnapshotChunk[]) => void,
  ): Promise<InstallRecord> {
    const { header } = portfolio;
    const id = installIdOf(header);
    const current = await this.active();
    if (current?.id === id) {
      // Already installed: only where it came from may change (the shipped one, opened from disk).
      const same: InstallRecord =
        (current.source ?? 'shipped') === source ? current : { ...current, source };
      if (same !== current) await this.db.put('installs', same);
      onProgress(1);
      return same;
    }
    const interrupted = await this.db.get('installs', id);
    const resumedFrom = interrupted?.state === 'installing' ? (interrupted.committed ?? 0) : 0;
    await this.clearUnfinished(id);
    await this.db.put('installs', {
      id,
      state: 'installing',
      header,
      committed: resumedFrom,
      resumedFrom,
    });
    try {
      await this.writeParts(portfolio, id, resumedFrom, onProgress, onChunks);
    } catch (error) {
      await this.deleteInstall(id).catch(() => undefined);
      throw error;
    }
    // The switch: one transaction marks the install complete and points "active" at it.
    const complete: InstallRecord = {
      source,
      id,
      state: 'complete',
      header,
      committed: header.chunks,
      resumedFrom,
    };
    const tx = this.db.transaction(['installs', 'meta'], 'readwrite');
    await tx.objectStore('installs').put(complete);
    await tx.objectStore('meta').put({ key: 'active', install: id });
    await tx.done;
    onProgress(1);
    if (current !== null) await this.deleteInstall(current.id);
    announceSwitch(id);
    return complete;
  }

  /**
   * Writes the chunks from `from` on, part after part; in a part, a batch per transaction that
   * also records the count, one transaction after the other: what is committed is exactly what
   * the count says, at any moment.
   */
  private async writeParts(
    portfolio: PortfolioSource,
    id: string,
    from: number,
    onProgress: (fraction: number) => void,
    onChunks: (chunks: readonly SnapshotChunk[]) => void,
  ): Promise<void> {
    const { header } = portfolio;
    const total = Math.max(header.chunks, 1);
    let start = 0;
    for (const [index, part] of portfolio.parts.entries()) {
      const end = start + part.chunks;
      if (end > from) {
        const own = readSnapshotChunks(await part.read());
        if (
          own.header.schemaHash !== header.schemaHash ||
          own.header.createdAt !== header.createdAt ||
          own.header.chunks !== part.chunks
        ) {
          throw new SnapshotFormatError(`part ${index + 1} is not of this portfolio`);
        }
        // A batch per transaction, one transaction after the other; the next batch is decoded
        // while the last one commits, and the thread is free between batches (for lookups).
        let committing: Promise<void> = Promise.resolve();
        let batch: ChunkRecord[] = [];
        let committed = start;
        const commit = async (records: ChunkRecord[]) => {
          await committing;
          onChunks(records);
          committed += records.length;
          const count = committed;
          const tx = this.db.transaction(['chunks', 'installs'], 'readwrite');
          // A failed put fails the transaction: its error is tx.done's.
          for (const chunk of records)
            tx.objectStore('chunks')
              .put(chunk)
              .catch(() => undefined);
          tx.objectStore('installs')
            .put({ id, state: 'installing', header, committed: count, resumedFrom: from })
            .catch(() => undefined);
          await tx.done;
          onProgress((0.95 * count) / total);
        };
        let c = 0;
        try {
          for (const chunk of own.chunks) {
            if (start + c++ < from) {
              committed++;
              continue;
            }
            const firstLabel = chunk.labels?.[0];
            batch.push({
              ...chunk,
              install: id,
              ...(firstLabel !== undefined ? { firstLabel } : {}),
            });
            if (batch.length < CHUNKS_PER_COMMIT) continue;
            const before = committing;
            committing = commit(batch);
            batch = [];
            // The batch before this one has committed: the thread has been free meanwhile.
            await before;
          }
          if (batch.length > 0) committing = commit(batch);
        } finally {
          // A decoding error is thrown once the batch in flight has settled; a commit's error
          // is thrown here.
          await committing;
        }
      }
      start = end;
    }
  }

  /**
   * Removes every install but the active one (one a closed tab left half-written, or a replaced
   * one), and but `keep`, an interrupted install about to resume.
   */
  async clearUnfinished(keep?: string): Promise<number> {
    const installs = await this.db.getAll('installs');
    const pointer = await this.db.get('meta', 'active');
    let removed = 0;
    for (const install of installs) {
      if (install.id === pointer?.install || install.id === keep) continue;
      await this.deleteInstall(install.id);
      removed++;
    }
    return removed;
  }

  private async deleteInstall(id: string): Promise<void> {
    const tx = this.db.transaction(['installs', 'chunks', 'scores'], 'readwrite');
    await tx.objectStore('chunks').delete(IDBKeyRange.bound([id, -Infinity], [id, Infinity]));
    await tx.objectStore('installs').delete(id);
    await tx.objectStore('scores').delete(IDBKeyRange.bound(`${id}|`, `${id}|\uffff`));
    await tx.done;
  }

  /** Cached probabilities of the active install under a model, or null. */
  async cachedScores(modelDigest: string): Promise<PortfolioScores | null> {
    const install = await this.active();
    if (install === null) return null;
    const record = await this.db.get('scores', `${install.id}|${modelDigest}`);
    if (record === undefined) return null;
    return { ids: record.ids, probabilities: record.probabilities, labels: record.labels ?? null };
  }

  /** Keeps the active install's probabilities under a model (one model's at a time). */
  async cacheScores(modelDigest: string, scores: PortfolioScores): Promise<void> {
    const install = await this.active();
    if (install === null) return;
    const tx = this.db.transaction('scores', 'readwrite');
    await tx.store.delete(IDBKeyRange.bound(`${install.id}|`, `${install.id}|\uffff`));
    await tx.store.put({
      key: `${install.id}|${modelDigest}`,
      install: install.id,
      ids: scores.ids,
      probabilities: scores.probabilities,
      ...(scores.labels !== null ? { labels: scores.labels } : {}),
    });
    await tx.done;
  }

  /**
   * Where each chunk of an install starts, read in one transaction: the first ID of every chunk,
   * ascending, and with text IDs each chunk's first ID text in the same order (ranks follow the
   * texts; none for an integer-ID install). Both empty for an unknown install (one deleted).
   */
  async chunkStarts(install: string): Promise<{ firstIds: Float64Array; firstLabels: string[] }> {
    const tx = this.db.transaction('chunks');
    const keys = await tx.store.getAllKeys(
      IDBKeyRange.bound([install, -Infinity], [install, Infinity]),
    );
    const firstLabels: string[] = [];
    // Arrays sort after strings in IndexedDB's key order: [install, []] bounds every text.
    const range = IDBKeyRange.bound([install, ''], [install, []]);
    let cursor = await tx.store.index('firstLabel').openKeyCursor(range);
    while (cursor !== null) {
      firstLabels.push(cursor.key[1]);
      cursor = await cursor.continue();
    }
    await tx.done;
    return { firstIds: Float64Array.from(keys, (key) => key[1]), firstLabels };
  }

  /** One chunk of an install by its first ID, or null when it is not stored (any more). */
  async chunk(install: string, firstId: number): Promise<SnapshotChunk | null> {
    return (await this.db.get('chunks', [install, firstId])) ?? null;
  }

  /** Every install record, complete or not (for diagnostics and tests). */
  installs(): Promise<InstallRecord[]> {
    return this.db.getAll('installs');
  }

  /**
   * The active install's chunks in ID order, `size` at a time: one read per window, so that a
   * caller holds a window, never the whole portfolio. Nothing for no active install.
   */
  async *chunkWindows(size = 64): AsyncGenerator<SnapshotChunk[]> {
    const install = await this.active();
    if (install === null) return;
    let after = -Infinity;
    for (;;) {
      const window = await this.db.getAll(
        'chunks',
        IDBKeyRange.bound([install.id, after], [install.id, Infinity], true, false),
        size,
      );
      if (window.length === 0) return;
      yield window;
      after = window[window.length - 1]?.firstId ?? Infinity;
    }
  }

  /** Every chunk of the active install, in ID order. */
  async allChunks(): Promise<SnapshotChunk[]> {
    const install = await this.active();
    if (install === null) return [];
    return this.db.getAll(
      'chunks',
      IDBKeyRange.bound([install.id, -Infinity], [install.id, Infinity]),
    );
  }
}

/** Tells other tabs that a snapshot install switched in. Never fails. */
function announceSwitch(install: string): void {
  if (typeof BroadcastChannel === 'undefined') return;
  const channel = new BroadcastChannel(SWITCH_CHANNEL);
  channel.postMessage({ install });
  channel.close();
}
