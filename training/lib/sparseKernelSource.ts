/** The sparse first layer's WebAssembly kernel, from its text source (wabt, a dev dependency). */
import wabtInit from 'wabt';

/** The kernel's text source, relative to the project root. */
export const SPARSE_KERNEL_WAT = 'src/model/sparseKernel.wat';

/** The .wat text compiled to WebAssembly bytes (SIMD on); throws on a syntax error. */
export async function compileSparseKernel(wat: string): Promise<Uint8Array> {
  const wabt = await wabtInit();
  const module = wabt.parseWat('sparseKernel.wat', wat, { simd: true });
  try {
    module.validate();
    return module.toBinary({}).buffer;
  } finally {
    module.destroy();
  }
}
