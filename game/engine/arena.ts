/**
 * Where a network's float64 buffers live. A kernel arena is one WebAssembly.Memory sized for the
 * whole network, with the affine kernel (affine-kernel/) instantiated on it: the dense products run
 * there in SIMD when every array they touch is in that memory, and in affine.ts's loops otherwise,
 * with the same bits either way. A plain arena hands out ordinary Float64Arrays (no kernel).
 *
 * The memory never grows once views are handed out (growing would detach them), so a kernel arena
 * is sized first: `EngineNetwork.build` constructs the network once on a plain arena to count its
 * doubles, then again on a kernel arena of that size.
 */
import { instantiateAffineKernel, type AffineKernel } from './affine-kernel/kernel';
import { EXP2_J64 } from './math';

const PAGE_BYTES = 65_536;

/**
 * Least multiply-adds (rows × din × u) of one product for it to go to the kernel. Below it the
 * call into WebAssembly and the transposes cost more than they save (`npm run bench:affine`: a
 * 2→4 product of 10 rows, 200 multiply-adds, took 0.55× the loops' speed on the kernel, 2→8
 * 0.84×, 8→8 (640) 1.7–2.0×, 64→64 2.8–3.3×). Either path gives the same bits.
 */
export const KERNEL_MIN_WORK = 512;
/**
 * Doubles a kernel arena keeps before its buffers: exp's 64-entry table for the kernel's tanh,
 * then 4 doubles of scratch for the last values of an array whose length is not a multiple of 4
 * (affine-kernel.wat's $tanh reads them at table + 512 bytes).
 */
const KERNEL_RESERVED = EXP2_J64.length + 4;
/** Every buffer starts on a 16-byte boundary (two doubles), the SIMD vector size. */
const ALIGN_DOUBLES = 2;

export class Arena {
  /** The SIMD kernel on this arena's memory; null for a plain arena. */
  readonly kernel: AffineKernel | null;
  /** Least rows × din × u of a product run on the kernel (KERNEL_MIN_WORK unless a test asks). */
  readonly minWork: number;
  /** Scratch for the kernel's transposed copies, sized by the network (empty until then). */
  scratch: Float64Array = new Float64Array(0);
  /** Byte offset of exp's table in a kernel arena's memory (the kernel's `table` argument). */
  readonly expTable = 0;
  private readonly buffer: ArrayBuffer | null;
  private readonly limit: number;
  private at = 0;

  private constructor(buffer: ArrayBuffer | null, kernel: AffineKernel | null, limit: number, minWork: number) {
    this.buffer = buffer;
    this.kernel = kernel;
    this.limit = limit;
    this.minWork = minWork;
  }

  /** An arena of ordinary Float64Arrays, which also counts the doubles handed out (`used`). */
  static plain(): Arena {
    return new Arena(null, null, Infinity, Infinity);
  }

  /**
   * An arena of `doubles` doubles on a new WebAssembly memory with the kernel, or a plain arena
   * where the kernel does not run (no WebAssembly SIMD, or no memory to be had). `minWork` is
   * the least product sent to the kernel (tests pass 0 to send every product).
   * @example Arena.withKernel(4096).kernel !== null // true in Node 20, Chromium and Firefox
   */
  static withKernel(doubles: number, { minWork = KERNEL_MIN_WORK }: { minWork?: number } = {}): Arena {
    try {
      const total = KERNEL_RESERVED + doubles;
      const memory = new WebAssembly.Memory({ initial: Math.max(1, Math.ceil((total * 8) / PAGE_BYTES)) });
      const kernel = instantiateAffineKernel(memory);
      if (kernel !== null) {
        new Float64Array(memory.buffer, 0, EXP2_J64.length).set(EXP2_J64);
        const arena = new Arena(memory.buffer, kernel, total, minWork);
        arena.at = KERNEL_RESERVED;
        return arena;
      }
    } catch {
      // Out of address space for another memory, or no WebAssembly: the loops in affine.ts.
    }
    return Arena.plain();
  }

  /** Doubles handed out so far, padding included. */
  get used(): number {
    return this.at;
  }

  /** A zeroed Float64Array of n doubles (16-byte aligned in a kernel arena). */
  alloc(n: number): Float64Array {
    const start = this.at;
    this.at += Math.ceil(n / ALIGN_DOUBLES) * ALIGN_DOUBLES;
    if (this.buffer === null) return new Float64Array(n);
    if (this.at > this.limit) throw new RangeError(`arena of ${this.limit} doubles is full`);
    return new Float64Array(this.buffer, start * 8, n);
  }

  /** Whether `a` is a view of this arena's memory (never, for a plain arena). */
  holds(a: Float64Array): boolean {
    return a.buffer === this.buffer;
  }
}
