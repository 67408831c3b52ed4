/**
 * A file as papaparse should read it, sniffed as the CLI sniffs files (core's sniffFile): UTF-16
 * with a byte-order mark is read as such, binary content (a spreadsheet, an archive) is refused,
 * and gzip is decompressed as it streams, sniffed on its first decompressed bytes. Text reaches
 * papaparse as a stream of decoded pieces, never whole.
 */
import { SNIFF_BYTES, sniffFile, type FileProblem } from '../../../../core/records';
import { failure, success, type Result } from '../../../../core/result';
import { TextStreamSource } from '../../textStreamSource';
import { gunzipped, gzipErrorsNamed, peek } from './gzipStreams';

/** What papaparse reads: a stream of the file's decoded text. */
export interface UploadInput {
  readonly source: TextStreamSource;
  /** Bytes of the file read so far (compressed bytes for a gzip file). */
  readonly bytesRead: () => number;
}

/** The bytes of a stream, counted as they pass. */
function counted(stream: ReadableStream<Uint8Array>): {
  stream: ReadableStream<Uint8Array>;
  bytesRead: () => number;
} {
  let bytes = 0;
  return {
    stream: stream.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, controller) {
          bytes += chunk.length;
          controller.enqueue(chunk);
        },
      }),
    ),
    bytesRead: () => bytes,
  };
}

/** Decoded text of a byte stream, as papaparse streams it. */
function textSource(bytes: ReadableStream<Uint8Array>, encoding: string): TextStreamSource {
  const text = bytes.pipeThrough(
    new TextDecoderStream(encoding) as unknown as ReadableWritablePair<string, Uint8Array>,
  );
  return new TextStreamSource(text.getReader());
}

/** The file's text as papaparse reads it, or why it cannot be read ('not-text', 'corrupt-gzip'). */
export async function readableUpload(upload: Blob): Promise<Result<UploadInput, FileProblem>> {
  const sniffed = sniffFile(new Uint8Array(await upload.slice(0, SNIFF_BYTES).arrayBuffer()));
  if (sniffed.kind === 'text') {
    const raw = counted(upload.stream());
    return success({
      source: textSource(raw.stream, sniffed.encoding),
      bytesRead: raw.bytesRead,
    });
  }
  if (sniffed.kind !== 'gzip') return failure({ code: 'not-text' });
  const compressed = counted(upload.stream());
  let peeked: Awaited<ReturnType<typeof peek>>;
  try {
    peeked = await peek(gzipErrorsNamed(gunzipped(compressed.stream)), SNIFF_BYTES);
  } catch {
    return failure({ code: 'corrupt-gzip' });
  }
  const inner = sniffFile(peeked.head);
  if (inner.kind !== 'text') return failure({ code: 'not-text' });
  return success({
    source: textSource(peeked.rest, inner.encoding),
    bytesRead: compressed.bytesRead,
  });
}
