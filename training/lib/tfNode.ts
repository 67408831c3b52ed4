/** Starts TF.js in Node on the wasm backend (tfjs-node cannot install here). */
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';

let ready: Promise<string> | null = null;

/** Resolves to the backend in use: "wasm", or "cpu" when wasm cannot start. */
export function initTensorflow(): Promise<string> {
  ready ??= (async () => {
    const require = createRequire(import.meta.url);
    const wasmDir = dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json'));
    setWasmPaths(`${wasmDir}/dist/`);
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    let backend = 'wasm';
    try {
      if (!(await tf.setBackend('wasm'))) throw new Error('wasm backend refused');
    } catch {
      backend = 'cpu';
      await tf.setBackend('cpu');
    }
    await tf.ready();
    return backend;
  })();
  return ready;
}
