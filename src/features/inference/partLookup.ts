/**
 * Lookups while a shipped portfolio is still installing: the manifest says which part holds an
 * ID, that part is fetched at once if the install has not reached it (or taken from the download
 * already under way), and the customer found in it: with integer IDs only the block that can
 * hold the ID is decoded (a few ms); with text IDs the whole part is, and the last two parts
 * decoded are kept.
 */
import type { CustomerKey } from '../../core/records';
import {
  chunksNear,
  decodeSnapshot,
  findLabelRow,
  findRow,
  type SnapshotManifest,
  type SnapshotChunk,
} from '../../core/snapshot';

export interface Located {
  readonly chunk: SnapshotChunk;
  readonly row: number;
}

export class PartLookup {
  private readonly decoded = new Map<number, SnapshotChunk[]>();

  constructor(
    private readonly manifest: SnapshotManifest,
    private readonly partBytes: (index: number) => Promise<Uint8Array>,
  ) {}

  /** The part whose ID range (or ID text range) holds `id`, or -1. */
  partOf(id: CustomerKey): number {
    // A key of the other kind than the portfolio's IDs is in no part.
    if ((typeof id === 'string') !== (this.manifest.idKind === 'text')) return -1;
    if (typeof id === 'number') return rangeHolding(this.manifest.parts, id);
    return rangeHolding(
      this.manifest.parts.map((part) => ({
        firstId: part.firstLabel ?? '',
        lastId: part.lastLabel ?? '',
      })),
      id,
    );
  }

  /** The customer's chunk and row, or null when the portfolio does not hold the ID. */
  async locate(id: CustomerKey): Promise<Located | null> {
    const index = this.partOf(id);
    if (index < 0) return null;
    if (typeof id === 'number') {
      const near = chunksNear(await this.partBytes(index), id);
      const chunk = near[rangeHolding(near, id)];
      const row = chunk === undefined ? -1 : findRow(chunk, id);
      return chunk === undefined || row < 0 ? null : { chunk, row };
    }
    let chunks = this.decoded.get(index);
    if (chunks === undefined) {
      const found: SnapshotChunk[] = [];
      decodeSnapshot(await this.partBytes(index), (chunk) => found.push(chunk));
      chunks = found;
      this.decoded.set(index, chunks);
      // Two parts at most: the one asked now and the one before.
      for (const key of this.decoded.keys()) {
        if (this.decoded.size <= 2) break;
        if (key !== index) this.decoded.delete(key);
      }
    }
    const ranges = chunks.map((c) => ({
      firstId: c.labels?.[0] ?? '',
      lastId: c.labels?.[c.labels.length - 1] ?? '',
    }));
    const chunk = chunks[rangeHolding(ranges, id)];
    const row = chunk === undefined ? -1 : findLabelRow(chunk, id);
    return chunk === undefined || row < 0 ? null : { chunk, row };
  }
}

/**
 * Index of the item whose [firstId, lastId] holds `id` (items ascending, disjoint; numbers, or
 * texts in code-unit order), or -1.
 */
function rangeHolding<K extends number | string>(
  items: readonly { readonly firstId: K; readonly lastId: K }[],
  id: K,
): number {
  let lo = 0;
  let hi = items.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const item = items[mid];
    if (item === undefined) break;
    if (id < item.firstId) hi = mid - 1;
    else if (id > item.lastId) lo = mid + 1;
    else return mid;
  }
  return -1;
}
