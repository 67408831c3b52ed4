/**
 * The small file beside a portfolio that says which portfolio it is and where its parts are, so
 * that a start can tell without downloading anything whether the installed one is the same, and
 * then fetch the parts one after the other. `npm run snapshot` writes it as `<snapshot>.json`; the
 * app fetches it before anything else. Each part is a whole snapshot file of consecutive chunks
 * (see snapshot.ts), a few MB, so that builds, service workers and static hosts handle millions
 * of customers.
 */
import { snapshotHeaderOf, type SnapshotHeader } from './snapshot';

export const SNAPSHOT_MANIFEST_FORMAT = 'retem-snapshot-manifest';
export const SNAPSHOT_MANIFEST_VERSION = 2;

/** One part: a snapshot file of consecutive chunks. */
export interface SnapshotPart {
  /** File name, relative to the manifest's folder. */
  readonly file: string;
  readonly count: number;
  readonly chunks: number;
  /** Smallest and largest customer ID in the part (with text IDs, their ranks). */
  readonly firstId: number;
  readonly lastId: number;
  /** With text IDs: the part's first and last ID texts. */
  readonly firstLabel?: string;
  readonly lastLabel?: string;
  /** The file's size in bytes (gzip-compressed) and SHA-256 (hex). */
  readonly bytes: number;
  readonly sha256: string;
}

export interface SnapshotManifest {
  readonly format: typeof SNAPSHOT_MANIFEST_FORMAT;
  readonly version: typeof SNAPSHOT_MANIFEST_VERSION;
  /** The portfolio's identity, as installIdOf gives it. */
  readonly install: string;
  readonly schemaHash: string;
  readonly createdAt: string;
  /** Raw column names, in the order cell values index them. */
  readonly columns: readonly string[];
  /** As in the snapshot header: 'text' for text IDs, and the columns stored as text. */
  readonly idKind?: 'text';
  readonly textColumns?: readonly string[];
  /** As in the snapshot header: the column of each customer's value (R$), when there is one. */
  readonly valueColumn?: string;
  /** Customers, customers per chunk, and chunks. */
  readonly count: number;
  readonly chunkSize: number;
  readonly chunks: number;
  /** Total size of the parts in bytes. */
  readonly bytes: number;
  readonly parts: readonly SnapshotPart[];
}

/**
 * A portfolio's identity: the model schema it was built for, when, and how many customers
 * ("<schema hash>:<created at>:<count>"). Never fails.
 */
export function installIdOf(
  header: Pick<SnapshotHeader, 'schemaHash' | 'createdAt' | 'count'>,
): string {
  return `${header.schemaHash}:${header.createdAt}:${header.count}`;
}

/** The manifest of a portfolio of this header (the whole portfolio's) split into these parts. */
export function manifestOf(
  header: SnapshotHeader,
  parts: readonly SnapshotPart[],
): SnapshotManifest {
  return {
    format: SNAPSHOT_MANIFEST_FORMAT,
    version: SNAPSHOT_MANIFEST_VERSION,
    install: installIdOf(header),
    schemaHash: header.schemaHash,
    createdAt: header.createdAt,
    columns: header.columns,
    ...(header.idKind !== undefined ? { idKind: header.idKind } : {}),
    ...(header.textColumns !== undefined ? { textColumns: header.textColumns } : {}),
    ...(header.valueColumn !== undefined ? { valueColumn: header.valueColumn } : {}),
    count: header.count,
    chunkSize: header.chunkSize,
    chunks: header.chunks,
    bytes: parts.reduce((sum, part) => sum + part.bytes, 0),
    parts,
  };
}

/** The whole portfolio's snapshot header, as a manifest describes it. Never fails. */
export function headerOfManifest(manifest: SnapshotManifest): SnapshotHeader {
  return snapshotHeaderOf({
    schemaHash: manifest.schemaHash,
    columns: manifest.columns,
    count: manifest.count,
    chunkSize: manifest.chunkSize,
    chunks: manifest.chunks,
    createdAt: manifest.createdAt,
    ...(manifest.idKind !== undefined ? { idKind: manifest.idKind } : {}),
    ...(manifest.textColumns !== undefined ? { textColumns: manifest.textColumns } : {}),
    ...(manifest.valueColumn !== undefined ? { valueColumn: manifest.valueColumn } : {}),
  });
}

const isWhole = (value: unknown) => Number.isSafeInteger(value) && (value as number) >= 0;

function readPart(json: unknown): SnapshotPart | null {
  if (typeof json !== 'object' || json === null) return null;
  const p = json as Record<string, unknown>;
  const file = p['file'];
  // A bare file name: a manifest never points outside its folder.
  if (typeof file !== 'string' || file === '' || /[/\\]|^\.\.?$/.test(file)) return null;
  if (typeof p['sha256'] !== 'string') return null;
  if (!['count', 'chunks', 'firstId', 'lastId', 'bytes'].every((key) => isWhole(p[key]))) {
    return null;
  }
  return json as SnapshotPart;
}

/**
 * A parsed manifest file, or null when it is anything else: another format or version, a field
 * missing or of the wrong type, an install that does not match its own fields, or parts whose
 * counts, chunks, sizes or ID ranges do not add up to the whole (IDs ascend across parts, and
 * so do ID texts when the IDs are text).
 */
export function readSnapshotManifest(json: unknown): SnapshotManifest | null {
  if (typeof json !== 'object' || json === null) return null;
  const m = json as Record<string, unknown>;
  const text = (key: string) => typeof m[key] === 'string';
  if (m['format'] !== SNAPSHOT_MANIFEST_FORMAT || m['version'] !== SNAPSHOT_MANIFEST_VERSION) {
    return null;
  }
  if (!['install', 'schemaHash', 'createdAt'].every(text)) return null;
  if (!['count', 'chunkSize', 'chunks', 'bytes'].every((key) => isWhole(m[key]))) return null;
  const isTexts = (value: unknown) =>
    Array.isArray(value) && value.every((c) => typeof c === 'string');
  if (!isTexts(m['columns'])) return null;
  if (m['textColumns'] !== undefined && !isTexts(m['textColumns'])) return null;
  if (m['idKind'] !== undefined && m['idKind'] !== 'text') return null;
  const valueColumn = m['valueColumn'];
  if (
    valueColumn !== undefined &&
    (typeof valueColumn !== 'string' || !m['columns'].includes(valueColumn))
  ) {
    return null;
  }
  const textIds = m['idKind'] === 'text';
  const rawParts = m['parts'];
  if (!Array.isArray(rawParts)) return null;
  const parts = rawParts.map(readPart);
  let count = 0;
  let chunks = 0;
  let bytes = 0;
  let lastId = -1;
  let lastLabel: string | null = null;
  for (const part of parts) {
    if (part === null || part.firstId <= lastId || part.lastId < part.firstId) return null;
    if (textIds) {
      const { firstLabel, lastLabel: partLast } = part;
      if (typeof firstLabel !== 'string' || typeof partLast !== 'string') return null;
      if (partLast < firstLabel || (lastLabel !== null && firstLabel <= lastLabel)) return null;
      lastLabel = partLast;
    }
    count += part.count;
    chunks += part.chunks;
    bytes += part.bytes;
    lastId = part.lastId;
  }
  const manifest = json as SnapshotManifest;
  if (count !== manifest.count || chunks !== manifest.chunks || bytes !== manifest.bytes) {
    return null;
  }
  return manifest.install === installIdOf(manifest) ? manifest : null;
}

/** Where the manifest of a snapshot file lives: beside it, with ".json" added. */
export function manifestPathOf(snapshotPath: string): string {
  return `${snapshotPath}.json`;
}

/**
 * The file name of part `index` (0-based) of `parts` for a snapshot named `name`: the name itself
 * for a portfolio of one part, else "<stem>.<index, 4 digits>.snapshot" ("customers.0003.snapshot").
 */
export function partFileName(name: string, index: number, parts: number): string {
  if (parts <= 1) return name;
  const stem = name.endsWith('.snapshot') ? name.slice(0, -'.snapshot'.length) : name;
  return `${stem}.${String(index).padStart(4, '0')}.snapshot`;
}
