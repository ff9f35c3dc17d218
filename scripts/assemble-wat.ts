/**
 * Assembles a kernel's WebAssembly text format into its binary with wabt (a dev dependency), SIMD
 * on. Used by the kernel build scripts and by the tests that check the committed bytes.
 * @example await assembleWat('grid-kernel.wat', watSource) // Uint8Array, starts with "\0asm"
 */
import wabtInit from 'wabt';

export async function assembleWat(fileName: string, source: string): Promise<Uint8Array> {
  const wabt = await wabtInit();
  const module = wabt.parseWat(fileName, source, { simd: true });
  try {
    module.validate();
    return module.toBinary({ log: false, write_debug_names: false }).buffer;
  } finally {
    module.destroy();
  }
}
