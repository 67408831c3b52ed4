/**
 * The dense steps of same-shape towers after the sparse first layer, in WebAssembly SIMD
 * (towerKernel.wat), beside TF.js: each tower's own multiply-adds only, row by row (TF.js runs
 * them as a block-diagonal product, T times the work, and an array pass per operation). TF.js
 * keeps the rest of the network: the heads' activation and everything after the towers. Where
 * WebAssembly SIMD is unavailable, or a tower reads an activation other than relu or linear
 * between its layers, there is no kernel and TF.js runs the towers too.
 */
import { alignTo16, ensureMemory, instantiateKernel } from './wasmInstance';
import { TOWER_KERNEL_BASE64 } from './towerKernelWasm';

/** One dense step of every tower: kernels [T, inputs, outputs], biases [T, outputs]. */
export interface TowerStep {
  readonly kernel: Float32Array;
  readonly bias: Float32Array;
  readonly inputs: number;
  readonly outputs: number;
}

/** The activation a step applies to what it reads (the layer before it computed). */
export type StepInput = 'relu' | 'linear';

export interface TowerKernel {
  /**
   * Every tower's head pre-activation, [rows × T] row-major, from first-layer pre-activations
   * (row-major [rows × width], the towers' first units at `offset`, T × firstUnits of them).
   */
  logits(preActivations: Float32Array, rows: number, width: number): Float32Array;
}

interface KernelExports {
  readonly memory: WebAssembly.Memory;
  step(
    rows: number,
    towers: number,
    x: number,
    xRow: number,
    xTower: number,
    inputs: number,
    relu: number,
    kernel: number,
    bias: number,
    outPad: number,
    y: number,
  ): void;
}

/**
 * The kernel for T towers whose first units (firstUnits each, from `offset` on) are followed by
 * `steps`, each reading its input through `reads[l]`; null where WebAssembly SIMD is unavailable
 * or the towers have no step. The weights are copied into the kernel's memory once.
 */
export function createTowerKernel(
  towers: number,
  offset: number,
  firstUnits: number,
  steps: readonly TowerStep[],
  reads: readonly StepInput[],
): TowerKernel | null {
  if (steps.length === 0 || reads.length !== steps.length) return null;
  const kernel = instantiateKernel(TOWER_KERNEL_BASE64) as KernelExports | null;
  if (kernel === null) return null;
  const memory = kernel.memory;
  // The weights, each output row padded to a multiple of 4 floats with zeros.
  const placed: { kernelAt: number; biasAt: number; outPad: number }[] = [];
  let at = 0;
  for (const step of steps) {
    const outPad = Math.ceil(step.outputs / 4) * 4;
    const kernelAt = at;
    const biasAt = alignTo16(kernelAt + towers * step.inputs * outPad * 4);
    at = alignTo16(biasAt + towers * outPad * 4);
    placed.push({ kernelAt, biasAt, outPad });
  }
  const weightsEnd = at;
  ensureMemory(memory, weightsEnd);
  steps.forEach((step, l) => {
    const { kernelAt, biasAt, outPad } = placed[l] as (typeof placed)[number];
    const k = new Float32Array(memory.buffer, kernelAt, towers * step.inputs * outPad);
    const b = new Float32Array(memory.buffer, biasAt, towers * outPad);
    for (let t = 0; t < towers; t++) {
      for (let i = 0; i < step.inputs; i++) {
        const from = (t * step.inputs + i) * step.outputs;
        k.set(step.kernel.subarray(from, from + step.outputs), (t * step.inputs + i) * outPad);
      }
      b.set(step.bias.subarray(t * step.outputs, (t + 1) * step.outputs), t * outPad);
    }
  });
  const last = placed[placed.length - 1] as (typeof placed)[number];
  return {
    logits(preActivations, rows, width) {
      const preAt = weightsEnd;
      let end = alignTo16(preAt + rows * width * 4);
      const outputsAt = placed.map(({ outPad }) => {
        const start = end;
        end = alignTo16(start + rows * towers * outPad * 4);
        return start;
      });
      ensureMemory(memory, end);
      new Float32Array(memory.buffer, preAt, rows * width).set(
        preActivations.subarray(0, rows * width),
      );
      let x = preAt + offset * 4;
      let xRow = width;
      let xTower = firstUnits;
      steps.forEach((step, l) => {
        const { kernelAt, biasAt, outPad } = placed[l] as (typeof placed)[number];
        const y = outputsAt[l] ?? 0;
        const relu = reads[l] === 'relu' ? 1 : 0;
        kernel.step(rows, towers, x, xRow, xTower, step.inputs, relu, kernelAt, biasAt, outPad, y);
        x = y;
        xRow = towers * outPad;
        xTower = outPad;
      });
      // The head's first output of every tower: [rows, T, outPad] → [rows, T].
      const heads = new Float32Array(memory.buffer, x, rows * towers * last.outPad);
      const logits = new Float32Array(rows * towers);
      for (let k = 0; k < rows * towers; k++) logits[k] = heads[k * last.outPad] ?? 0;
      return logits;
    },
  };
}
