/**
 * Gzip as the worker reads it: decompressed as it streams, with a damaged or cut-short stream
 * named (CorruptGzipError) so that it is refused as the code 'corrupt-gzip', never shown raw.
 */

/** A gzip stream that failed: damaged or cut short. */
export class CorruptGzipError extends Error {
  override readonly name = 'CorruptGzipError';
}

/** True when the first two bytes are gzip's magic number. */
export function isGzipStart(head: Uint8Array): boolean {
  return head[0] === 0x1f && head[1] === 0x8b;
}

/** The decompressed bytes of a gzip byte stream, as they come. */
export function gunzipped(stream: ReadableStream<Uint8Array>): ReadableStream<Uint8Array> {
  return stream.pipeThrough(
    new DecompressionStream('gzip') as unknown as ReadableWritablePair<Uint8Array, Uint8Array>,
  );
}

/** The bytes of a gzip stream, decompressed; rejects when the stream is damaged. */
export async function inflate(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  return new Uint8Array(await new Response(gunzipped(stream)).arrayBuffer());
}

/** The same bytes, with any error of the decompression turned into CorruptGzipError. */
export function gzipErrorsNamed(inflated: ReadableStream<Uint8Array>): ReadableStream<Uint8Array> {
  const reader = inflated.getReader();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await reader.read();
        if (done) controller.close();
        else controller.enqueue(value);
      } catch {
        controller.error(new CorruptGzipError('damaged gzip'));
      }
    },
    cancel(reason) {
      return reader.cancel(reason).catch(() => undefined);
    },
  });
}

/**
 * The first `size` bytes of a byte stream (fewer if it ends sooner), and a stream that yields
 * every byte again from the start.
 */
export async function peek(
  stream: ReadableStream<Uint8Array>,
  size: number,
): Promise<{ head: Uint8Array; rest: ReadableStream<Uint8Array> }> {
  const reader = stream.getReader();
  const seen: Uint8Array[] = [];
  let length = 0;
  let done = false;
  while (length < size && !done) {
    const next = await reader.read();
    done = next.done;
    if (next.value !== undefined) {
      seen.push(next.value);
      length += next.value.length;
    }
  }
  const head = new Uint8Array(length);
  let offset = 0;
  for (const part of seen) {
    head.set(part, offset);
    offset += part.length;
  }
  const rest = new ReadableStream<Uint8Array>({
    start(controller) {
      if (length > 0) controller.enqueue(head);
      if (done) controller.close();
    },
    async pull(controller) {
      const next = await reader.read();
      if (next.done) controller.close();
      else controller.enqueue(next.value);
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
  return { head: head.subarray(0, Math.min(size, length)), rest };
}

/** The first `size` decompressed bytes of a gzip file; null when the stream is damaged. */
export async function gunzippedStart(file: Blob, size: number): Promise<Uint8Array | null> {
  try {
    const peeked = await peek(gunzipped(file.stream()), size);
    // A damaged stream fails again on cancel: that is not news (the whole read refuses it).
    peeked.rest.cancel().catch(() => undefined);
    return peeked.head;
  } catch {
    return null;
  }
}
