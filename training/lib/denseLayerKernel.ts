/**
 * A dense layer's training passes (the layers of a tower after its first) in WebAssembly SIMD
 * (denseLayerKernel.wat), or the same loops in JavaScript where WebAssembly SIMD is unavailable:
 * the same numbers up to float32 rounding order. Inputs are the layer below's pre-activations,
 * read through a ReLU; outputs are this layer's pre-activations.
 */
import {
  alignTo16,
  ensureMemory,
  instantiateKernel,
  putPaddedRows,
  takePaddedRows,
} from '../../src/model/wasmInstance';
import { DENSE_LAYER_KERNEL_BASE64 } from './denseLayerKernelWasm';

/** One dense layer: kernel inputs × units (row-major, as TF.js keeps it) and bias. */
export interface DenseLayer {
  readonly inputs: number;
  readonly units: number;
  readonly kernel: Float32Array;
  readonly bias: Float32Array;
}

export interface DenseLayerKernel {
  readonly name: 'wasm-simd' | 'javascript';
  /** y = relu(x) · kernel + bias for `count` rows: x is count × inputs, y count × units. */
  forward(layer: DenseLayer, x: Float32Array, count: number, y: Float32Array): void;
  /**
   * From delta = d loss / d y (count × units): the kernel's and bias's gradients, written into
   * `gradient` (overwritten), and d loss / d x into `below` (count × inputs; 0 where x ≤ 0).
   */
  backward(
    layer: DenseLayer,
    x: Float32Array,
    count: number,
    delta: Float32Array,
    gradient: DenseLayer,
    below: Float32Array,
  ): void;
}

const javascriptKernel: DenseLayerKernel = {
  name: 'javascript',
  forward({ inputs, units, kernel, bias }, x, count, y) {
    for (let r = 0; r < count; r++) {
      const o = r * units;
      for (let j = 0; j < units; j++) y[o + j] = bias[j] ?? 0;
      for (let i = 0; i < inputs; i++) {
        const a = x[r * inputs + i] ?? 0;
        if (!(a > 0)) continue;
        for (let j = 0; j < units; j++)
          y[o + j] = (y[o + j] ?? 0) + a * (kernel[i * units + j] ?? 0);
      }
    }
  },
  backward({ inputs, units, kernel }, x, count, delta, gradient, below) {
    gradient.kernel.fill(0);
    gradient.bias.fill(0);
    for (let r = 0; r < count; r++) {
      const dr = r * units;
      for (let j = 0; j < units; j++)
        gradient.bias[j] = (gradient.bias[j] ?? 0) + (delta[dr + j] ?? 0);
      for (let i = 0; i < inputs; i++) {
        const a = x[r * inputs + i] ?? 0;
        if (!(a > 0)) {
          below[r * inputs + i] = 0;
          continue;
        }
        let back = 0;
        for (let j = 0; j < units; j++) {
          const d = delta[dr + j] ?? 0;
          const k = i * units + j;
          gradient.kernel[k] = (gradient.kernel[k] ?? 0) + a * d;
          back += d * (kernel[k] ?? 0);
        }
        below[r * inputs + i] = back;
      }
    }
  },
};

interface KernelExports {
  readonly memory: WebAssembly.Memory;
  forward(
    rows: number,
    inputs: number,
    x: number,
    xRow: number,
    kernel: number,
    bias: number,
    outPad: number,
    y: number,
  ): void;
  backward(
    rows: number,
    inputs: number,
    x: number,
    xRow: number,
    kernel: number,
    outPad: number,
    delta: number,
    kernelGrad: number,
    biasGrad: number,
    below: number,
  ): void;
}

/**
 * The fastest loops this runtime has; `prefer: 'javascript'` forces the JavaScript ones (for tests
 * and comparisons).
 */
export function createDenseLayerKernel(
  prefer: 'fastest' | 'javascript' = 'fastest',
): DenseLayerKernel {
  const kernel =
    prefer === 'javascript'
      ? null
      : (instantiateKernel(DENSE_LAYER_KERNEL_BASE64) as KernelExports | null);
  if (kernel === null) return javascriptKernel;
  const memory = kernel.memory;
  /** Byte offsets of a call's matrices, the memory grown to hold them. */
  const layout = (layer: DenseLayer, count: number) => {
    const outPad = Math.ceil(layer.units / 4) * 4;
    const xAt = 0;
    const kernelAt = alignTo16(count * layer.inputs * 4);
    const biasAt = alignTo16(kernelAt + layer.inputs * outPad * 4);
    const outAt = alignTo16(biasAt + outPad * 4);
    const belowAt = alignTo16(outAt + count * outPad * 4);
    const kernelGradAt = alignTo16(belowAt + count * layer.inputs * 4);
    const biasGradAt = alignTo16(kernelGradAt + layer.inputs * outPad * 4);
    ensureMemory(memory, biasGradAt + outPad * 4);
    return { outPad, xAt, kernelAt, biasAt, outAt, belowAt, kernelGradAt, biasGradAt };
  };
  return {
    name: 'wasm-simd',
    forward(layer, x, count, y) {
      if (count <= 0) return;
      const at = layout(layer, count);
      putPaddedRows(memory, at.xAt, x, count, layer.inputs, layer.inputs);
      putPaddedRows(memory, at.kernelAt, layer.kernel, layer.inputs, layer.units, at.outPad);
      putPaddedRows(memory, at.biasAt, layer.bias, 1, layer.units, at.outPad);
      kernel.forward(
        count,
        layer.inputs,
        at.xAt,
        layer.inputs,
        at.kernelAt,
        at.biasAt,
        at.outPad,
        at.outAt,
      );
      takePaddedRows(memory, at.outAt, y, count, layer.units, at.outPad);
    },
    backward(layer, x, count, delta, gradient, below) {
      const at = layout(layer, Math.max(count, 0));
      new Float32Array(memory.buffer, at.kernelGradAt, layer.inputs * at.outPad).fill(0);
      new Float32Array(memory.buffer, at.biasGradAt, at.outPad).fill(0);
      if (count > 0) {
        putPaddedRows(memory, at.xAt, x, count, layer.inputs, layer.inputs);
        putPaddedRows(memory, at.kernelAt, layer.kernel, layer.inputs, layer.units, at.outPad);
        // The delta's rows go where the forward pass's outputs were.
        putPaddedRows(memory, at.outAt, delta, count, layer.units, at.outPad);
        kernel.backward(
          count,
          layer.inputs,
          at.xAt,
          layer.inputs,
          at.kernelAt,
          at.outPad,
          at.outAt,
          at.kernelGradAt,
          at.biasGradAt,
          at.belowAt,
        );
        takePaddedRows(memory, at.belowAt, below, count, layer.inputs, layer.inputs);
      }
      takePaddedRows(
        memory,
        at.kernelGradAt,
        gradient.kernel,
        layer.inputs,
        layer.units,
        at.outPad,
      );
      takePaddedRows(memory, at.biasGradAt, gradient.bias, 1, layer.units, at.outPad);
    },
  };
}
