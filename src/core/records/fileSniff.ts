/**
 * What a customer file is, from its first bytes, the same way in Node and in the browser: gzip
 * (by its magic number, whatever the file's name), text in UTF-8 or UTF-16 (by its byte-order
 * mark; UTF-8 without one), or binary content that no CSV reader should try (a NUL byte among the
 * first bytes of text without a UTF-16 mark, as in spreadsheets, archives and images).
 */

export type SniffedFile =
  | { readonly kind: 'gzip' }
  | { readonly kind: 'text'; readonly encoding: 'utf-8' | 'utf-16le' | 'utf-16be' }
  | { readonly kind: 'binary' };

/** How many leading bytes sniffFile needs to decide (it reads fewer when the file is shorter). */
export const SNIFF_BYTES = 4096;

/**
 * Classifies a file by its first bytes (up to SNIFF_BYTES). Empty input is UTF-8 text (an empty
 * file, for the CSV reader to report). Never fails.
 */
export function sniffFile(head: Uint8Array): SniffedFile {
  if (head[0] === 0x1f && head[1] === 0x8b) return { kind: 'gzip' };
  if (head[0] === 0xff && head[1] === 0xfe) return { kind: 'text', encoding: 'utf-16le' };
  if (head[0] === 0xfe && head[1] === 0xff) return { kind: 'text', encoding: 'utf-16be' };
  const end = Math.min(head.length, SNIFF_BYTES);
  for (let i = 0; i < end; i++) if (head[i] === 0) return { kind: 'binary' };
  return { kind: 'text', encoding: 'utf-8' };
}
