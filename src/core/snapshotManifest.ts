/**
 * The small file beside a snapshot that says which portfolio it is, so that a start can tell
 * without downloading the snapshot whether the installed one is the same: `npm run snapshot`
 * writes it as `<snapshot>.json`, the app fetches it before anything else.
 */
import type { SnapshotHeader } from './snapshot';

export const SNAPSHOT_MANIFEST_FORMAT = 'retem-snapshot-manifest';

export interface SnapshotManifest {
  readonly format: typeof SNAPSHOT_MANIFEST_FORMAT;
  readonly version: 1;
  /** The portfolio's identity, as installIdOf gives it. */
  readonly install: string;
  readonly schemaHash: string;
  readonly createdAt: string;
  /** Customers, and chunks of them. */
  readonly count: number;
  readonly chunks: number;
  /** The snapshot file: its size in bytes (gzip-compressed) and SHA-256 (hex). */
  readonly bytes: number;
  readonly sha256: string;
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

/** The manifest of a snapshot of this header, file size (bytes) and SHA-256 (hex). */
export function manifestOf(
  header: SnapshotHeader,
  bytes: number,
  sha256: string,
): SnapshotManifest {
  return {
    format: SNAPSHOT_MANIFEST_FORMAT,
    version: 1,
    install: installIdOf(header),
    schemaHash: header.schemaHash,
    createdAt: header.createdAt,
    count: header.count,
    chunks: header.chunks,
    bytes,
    sha256,
  };
}

/**
 * A parsed manifest file, or null when it is anything else (another format or version, a field
 * missing or of the wrong type, an install that does not match its own fields).
 */
export function readSnapshotManifest(json: unknown): SnapshotManifest | null {
  if (typeof json !== 'object' || json === null) return null;
  const m = json as Record<string, unknown>;
  const text = (key: string) => typeof m[key] === 'string';
  const whole = (key: string) => Number.isSafeInteger(m[key]) && (m[key] as number) >= 0;
  if (m['format'] !== SNAPSHOT_MANIFEST_FORMAT || m['version'] !== 1) return null;
  if (!['install', 'schemaHash', 'createdAt', 'sha256'].every(text)) return null;
  if (!['count', 'chunks', 'bytes'].every(whole)) return null;
  const manifest = json as SnapshotManifest;
  return manifest.install === installIdOf(manifest) ? manifest : null;
}

/** Where the manifest of a snapshot file lives: beside it, with ".json" added. */
export function manifestPathOf(snapshotPath: string): string {
  return `${snapshotPath}.json`;
}
