/**
 * A shipped portfolio's parts, as its manifest lists them: each fetched when the install needs
 * it, with the next one already on its way, checked against the manifest's SHA-256 and
 * decompressed as it streams. Memory holds two parts at most (the one installing, which lookups
 * also read, and the next), never the whole portfolio.
 */
import { SnapshotFormatError, headerOfManifest, type SnapshotManifest } from '../../core/snapshot';
import type { PortfolioSource } from '../snapshot/snapshotStore';
import { inflate } from './worker/files/gzipStreams';

function hex(bytes: ArrayBuffer): string {
  return Array.from(new Uint8Array(bytes), (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * The portfolio a manifest describes, its parts fetched from beside `snapshotUrl` (the manifest's
 * folder). onDownload gets the share of the manifest's bytes received so far, 0 to 1. A part that
 * cannot be fetched throws an Error; one whose bytes are not the manifest's throws
 * SnapshotFormatError.
 */
export function portfolioOfManifest(
  manifest: SnapshotManifest,
  snapshotUrl: string,
  onDownload: (fraction: number) => void,
): { portfolio: PortfolioSource; partBytes: (index: number) => Promise<Uint8Array> } {
  const folder = snapshotUrl.slice(0, snapshotUrl.lastIndexOf('/') + 1);
  const fetched: (Promise<Uint8Array> | undefined)[] = [];
  let received = 0;
  const fetchPart = (index: number): Promise<Uint8Array> | undefined => {
    const part = manifest.parts[index];
    if (part === undefined) return undefined;
    fetched[index] ??= (async () => {
      const url = `${folder}${part.file}`;
      const response = await fetch(url);
      if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
      const bytes = await response.arrayBuffer();
      received += bytes.byteLength;
      onDownload(manifest.bytes > 0 ? Math.min(received / manifest.bytes, 1) : 1);
      if (
        bytes.byteLength !== part.bytes ||
        hex(await crypto.subtle.digest('SHA-256', bytes)) !== part.sha256
      ) {
        throw new SnapshotFormatError(
          `part ${index + 1} (${part.file}) is not the one the manifest names`,
        );
      }
      return inflate(new Response(bytes).body ?? new ReadableStream());
    })();
    return fetched[index];
  };
  const bytesOf = (index: number) =>
    fetchPart(index) ?? Promise.reject(new Error(`no part ${index + 1}`));
  return {
    portfolio: {
      header: headerOfManifest(manifest),
      parts: manifest.parts.map((part, index) => ({
        chunks: part.chunks,
        read: () => {
          const bytes = bytesOf(index);
          // The next part downloads while this one is scored and written.
          void fetchPart(index + 1)?.catch(() => undefined);
          // The part being installed stays at hand for lookups (the install holds these very
          // bytes anyway); the one before is let go.
          fetched[index - 1] = undefined;
          return bytes;
        },
      })),
    },
    // A lookup's part: the download under way if there is one, else a fetch now.
    partBytes: bytesOf,
  };
}
