/**
 * TF.js in the browser: the wasm backend with its .wasm files bundled by Vite, and the cpu backend as
 * the fallback, loaded only where wasm cannot start (a chunk of its own, not precached). Multi-
 * threaded wasm is off: it breaks in minified builds and gains nothing here. The SIMD build, the
 * one every current browser runs, ships gzip-compressed (a third of its size on the wire from any
 * host) and is unpacked here; the others are fetched only where needed.
 */
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimdGzip from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?gzip';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { sniffFile } from '../../core/records';
import * as tf from '../../model/tf';

let ready: Promise<string> | null = null;

/**
 * A wasm file as TF.js instantiates it: unpacked when its bytes are gzip (a host that already
 * sent it with Content-Encoding: gzip hands over plain bytes, used as they are).
 */
async function fetchWasm(url: string, init?: RequestInit): Promise<Response> {
  const response = await fetch(url, init);
  if (!response.ok) return response;
  const bytes = await response.arrayBuffer();
  const plain =
    sniffFile(new Uint8Array(bytes, 0, Math.min(2, bytes.byteLength))).kind === 'gzip'
      ? await new Response(
          new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip')),
        ).arrayBuffer()
      : bytes;
  return new Response(plain, { headers: { 'Content-Type': 'application/wasm' } });
}

/** Resolves to the backend in use: "wasm", or "cpu" when wasm cannot start. */
export function initBrowserBackend(): Promise<string> {
  ready ??= (async () => {
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    // TF.js fetches the .wasm through its platform's fetch when asked to: that fetch unpacks it.
    const platform = tf.env().platform;
    const platformFetch = platform.fetch.bind(platform);
    platform.fetch = (path, init) =>
      path === wasmSimdGzip ? fetchWasm(path, init) : platformFetch(path, init);
    setWasmPaths(
      {
        'tfjs-backend-wasm.wasm': wasmPlain,
        'tfjs-backend-wasm-simd.wasm': wasmSimdGzip,
        'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
      },
      true,
    );
    try {
      if (!(await tf.setBackend('wasm'))) throw new Error('wasm refused');
    } catch {
      await import('./cpuFallback');
      await tf.setBackend('cpu');
    }
    await tf.ready();
    return tf.getBackend();
  })();
  return ready;
}
