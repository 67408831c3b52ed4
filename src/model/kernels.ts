/**
 * The wasm backend's BatchMatMul is about 12× slower when asked to transpose an operand, and every
 * weight gradient asks for that. Re-registering it as "transpose, then plain MatMul" gives the same
 * numbers at about half the epoch time. Works wherever the wasm backend runs (Node or browser).
 */
import * as tf from './tf';

const patchedBackends = new Set<string>();

/** Patches BatchMatMul on a backend once; returns false when the backend lacks the kernels. */
export function useFastTransposedMatMul(backendName = 'wasm'): boolean {
  if (patchedBackends.has(backendName)) return true;
  // getKernel is typed as always finding one, but answers undefined for an unknown backend.
  const original = tf.getKernel('BatchMatMul', backendName) as tf.KernelConfig | undefined;
  const transpose = tf.getKernel('Transpose', backendName) as tf.KernelConfig | undefined;
  if (original === undefined || transpose === undefined) return false;
  tf.unregisterKernel('BatchMatMul', backendName);
  tf.registerKernel({
    kernelName: 'BatchMatMul',
    backendName,
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { transposeA, transposeB } = attrs as { transposeA: boolean; transposeB: boolean };
      if (!transposeA && !transposeB) {
        return original.kernelFunc({ inputs, backend, ...(attrs === undefined ? {} : { attrs }) });
      }
      const temporaries: tf.TensorInfo[] = [];
      const swapLastTwo = (x: tf.TensorInfo): tf.TensorInfo => {
        const rank = x.shape.length;
        const perm = Array.from({ length: rank }, (_, i) => i);
        perm[rank - 1] = rank - 2;
        perm[rank - 2] = rank - 1;
        const result = transpose.kernelFunc({ inputs: { x }, backend, attrs: { perm } });
        const info = Array.isArray(result) ? result[0] : result;
        if (info === undefined) throw new Error('Transpose kernel returned nothing');
        temporaries.push(info);
        return info;
      };
      const a = inputs['a'] as tf.TensorInfo;
      const b = inputs['b'] as tf.TensorInfo;
      const output = original.kernelFunc({
        inputs: { a: transposeA ? swapLastTwo(a) : a, b: transposeB ? swapLastTwo(b) : b },
        backend,
        attrs: { ...attrs, transposeA: false, transposeB: false },
      });
      const disposer = backend as { disposeData(dataId: object): void };
      for (const info of temporaries) disposer.disposeData(info.dataId);
      return output;
    },
  });
  patchedBackends.add(backendName);
  return true;
}
