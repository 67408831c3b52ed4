/**
 * The snapshot in IndexedDB. An install writes every chunk under a new install id beside the
 * current one and switches the "active" pointer in one transaction at the end, so a tab closed
 * halfway leaves the previous snapshot working; the next start clears the half-written install
 * and begins again.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import {
  decodeSnapshot,
  findRow,
  readSnapshotHeader,
  type SnapshotChunk,
  type SnapshotHeader,
} from '../../core/snapshot';

interface InstallRecord {
  readonly id: string;
  readonly state: 'installing' | 'complete';
  readonly header: SnapshotHeader;
}

interface ChunkRecord extends SnapshotChunk {
  readonly install: string;
}

/** Every snapshot customer's probability under one model, so that a reload need not score again. */
interface ScoresRecord {
  /** `<install id>|<model digest>`. */
  readonly key: string;
  readonly install: string;
  readonly ids: Float64Array;
  readonly probabilities: Float32Array;
}

interface RetemDb extends DBSchema {
  installs: { key: string; value: InstallRecord };
  scores: { key: string; value: ScoresRecord };
  chunks: { key: [string, number]; value: ChunkRecord };
  meta: { key: string; value: { key: string; install: string } };
}

export const DB_NAME = 'retem';

/** Opens (and creates) the app's database. */
export function openSnapshotDb(name = DB_NAME): Promise<IDBPDatabase<RetemDb>> {
  return openDB<RetemDb>(name, 2, {
    upgrade(db, oldVersion) {
      if (oldVersion < 1) {
        db.createObjectStore('installs', { keyPath: 'id' });
        db.createObjectStore('chunks', { keyPath: ['install', 'firstId'] });
        db.createObjectStore('meta', { keyPath: 'key' });
      }
      if (oldVersion < 2) db.createObjectStore('scores', { keyPath: 'key' });
    },
  });
}

/** The install id of a snapshot: what it was built for, when, and how many customers. */
export function installIdOf(header: SnapshotHeader): string {
  return `${header.schemaHash}:${header.createdAt}:${header.count}`;
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
   * Installs snapshot bytes (already decompressed) unless the same snapshot is active. Progress
   * goes from 0 to 1. Returns the active header afterwards.
   */
  async install(
    bytes: Uint8Array,
    onProgress: (fraction: number) => void = () => undefined,
  ): Promise<SnapshotHeader> {
    const { header } = readSnapshotHeader(bytes);
    const id = installIdOf(header);
    const current = await this.active();
    if (current?.id === id) {
      onProgress(1);
      return current.header;
    }
    await this.clearUnfinished();
    await this.db.put('installs', { id, state: 'installing', header });
    let pending: ChunkRecord[] = [];
    const writes: Promise<void>[] = [];
    const flush = () => {
      const batch = pending;
      pending = [];
      const tx = this.db.transaction('chunks', 'readwrite');
      for (const chunk of batch) void tx.store.put(chunk);
      writes.push(tx.done);
    };
    decodeSnapshot(bytes, (chunk, index) => {
      pending.push({ ...chunk, install: id });
      if (pending.length >= 24) flush();
      onProgress((0.9 * (index + 1)) / Math.max(header.chunks, 1));
    });
    if (pending.length > 0) flush();
    await Promise.all(writes);
    // The switch: one transaction marks the install complete and points "active" at it.
    const tx = this.db.transaction(['installs', 'meta'], 'readwrite');
    await tx.objectStore('installs').put({ id, state: 'complete', header });
    await tx.objectStore('meta').put({ key: 'active', install: id });
    await tx.done;
    onProgress(1);
    if (current !== null) await this.deleteInstall(current.id);
    return header;
  }

  /** Removes every install but the active one (one a closed tab left half-written, or a replaced one). */
  async clearUnfinished(): Promise<number> {
    const installs = await this.db.getAll('installs');
    const pointer = await this.db.get('meta', 'active');
    let removed = 0;
    for (const install of installs) {
      if (install.id === pointer?.install) continue;
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
  async cachedScores(
    modelDigest: string,
  ): Promise<{ ids: Float64Array; probabilities: Float32Array } | null> {
    const install = await this.active();
    if (install === null) return null;
    return (await this.db.get('scores', `${install.id}|${modelDigest}`)) ?? null;
  }

  /** Keeps the active install's probabilities under a model (one model's at a time). */
  async cacheScores(
    modelDigest: string,
    ids: Float64Array,
    probabilities: Float32Array,
  ): Promise<void> {
    const install = await this.active();
    if (install === null) return;
    const tx = this.db.transaction('scores', 'readwrite');
    await tx.store.delete(IDBKeyRange.bound(`${install.id}|`, `${install.id}|\uffff`));
    await tx.store.put({
      key: `${install.id}|${modelDigest}`,
      install: install.id,
      ids,
      probabilities,
    });
    await tx.done;
  }

  /** The chunk that would hold an ID: the one with the greatest first ID ≤ id. */
  async chunkFor(id: number): Promise<SnapshotChunk | null> {
    const install = await this.active();
    if (install === null) return null;
    const cursor = await this.db
      .transaction('chunks')
      .store.openCursor(IDBKeyRange.bound([install.id, -Infinity], [install.id, id]), 'prev');
    return cursor?.value ?? null;
  }

  /** The customer's chunk and row, or null when the ID is not in the snapshot. */
  async locate(id: number): Promise<{ chunk: SnapshotChunk; row: number } | null> {
    const chunk = await this.chunkFor(id);
    if (chunk === null) return null;
    const row = findRow(chunk, id);
    return row < 0 ? null : { chunk, row };
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
