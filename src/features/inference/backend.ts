/**
 * TF.js in the browser: the wasm backend with its .wasm files bundled by Vite, and the cpu backend as
 * the fallback. Multi-threaded wasm is off: it breaks in minified builds and gains nothing here.
 */
import '@tensorflow/tfjs-backend-cpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import * as tf from '../../model/tf';

let ready: Promise<string> | null = null;

/** Resolves to the backend in use: "wasm", or "cpu" when wasm cannot start. */
export function initBrowserBackend(): Promise<string> {
  ready ??= (async () => {
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    setWasmPaths({
      'tfjs-backend-wasm.wasm': wasmPlain,
      'tfjs-backend-wasm-simd.wasm': wasmSimd,
      'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
    });
    try {
      if (!(await tf.setBackend('wasm'))) throw new Error('wasm refused');
    } catch {
      await tf.setBackend('cpu');
    }
    await tf.ready();
    return tf.getBackend();
  })();
  return ready;
}
