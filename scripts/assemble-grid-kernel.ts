/**
 * Assembles the grid kernel's text format into its binary with wabt (a dev dependency), SIMD on.
 * Used by scripts/build-grid-kernel.ts and by the test that checks the committed bytes.
 * @example await assembleGridKernel(watSource) // Uint8Array, starts with "\0asm"
 */
import wabtInit from 'wabt';

export async function assembleGridKernel(source: string): Promise<Uint8Array> {
  const wabt = await wabtInit();
  const module = wabt.parseWat('grid-kernel.wat', source, { simd: true });
  try {
    module.validate();
    return module.toBinary({ log: false, write_debug_names: false }).buffer;
  } finally {
    module.destroy();
  }
}
