/** The WebAssembly kernels beside TF.js, from their text sources (wabt, a dev dependency). */
import wabtInit from 'wabt';

/** A kernel: its text source and the module that carries its bytes, paths from the project root. */
export interface WasmKernelSource {
  readonly wat: string;
  readonly generated: string;
  /** The generated module's exported constant: the bytes, base64. */
  readonly constant: string;
}

export const WASM_KERNELS: readonly WasmKernelSource[] = [
  {
    wat: 'src/model/centeredKernel.wat',
    generated: 'src/model/centeredKernelWasm.ts',
    constant: 'CENTERED_KERNEL_BASE64',
  },
  {
    wat: 'training/lib/denseLayerKernel.wat',
    generated: 'training/lib/denseLayerKernelWasm.ts',
    constant: 'DENSE_LAYER_KERNEL_BASE64',
  },
  {
    wat: 'src/model/depthwiseKernel.wat',
    generated: 'src/model/depthwiseKernelWasm.ts',
    constant: 'DEPTHWISE_KERNEL_BASE64',
  },
  {
    wat: 'src/model/sparseKernel.wat',
    generated: 'src/model/sparseKernelWasm.ts',
    constant: 'SPARSE_KERNEL_BASE64',
  },
  {
    wat: 'src/model/towerKernel.wat',
    generated: 'src/model/towerKernelWasm.ts',
    constant: 'TOWER_KERNEL_BASE64',
  },
  {
    wat: 'src/model/treeKernel.wat',
    generated: 'src/model/treeKernelWasm.ts',
    constant: 'TREE_KERNEL_BASE64',
  },
];

/** The .wat text compiled to WebAssembly bytes (SIMD on); throws on a syntax error. */
export async function compileWat(name: string, wat: string): Promise<Uint8Array> {
  const wabt = await wabtInit();
  const module = wabt.parseWat(name, wat, { simd: true });
  try {
    module.validate();
    return module.toBinary({}).buffer;
  } finally {
    module.destroy();
  }
}
