/**
 * The grid kernel's WebAssembly module (grid-kernel.wat), compiled once on first use, and one
 * instance per JavaScript realm (page, worker, process) whose memory grows to the largest net
 * drawn. Sharing is safe because a pass is synchronous and starts by writing its own weights.
 * Isomorphic: Node, browsers and workers all compile a module this small synchronously (2 KB;
 * Chromium allows 4 KB on the main thread).
 */
import { compileKernel } from '../wasm-module';
import { GRID_KERNEL_BASE64 } from './grid-kernel-bytes';

/** The kernel's exports; pointers are byte offsets into `memory`, counts are floats. */
export interface GridKernel {
  memory: WebAssembly.Memory;
  dense(h: number, hStride: number, kCount: number, w: number, b: number, z: number, zStride: number, rows: number, cols: number): void;
  squash(a: number, n: number, inScale: number, scale: number, shift: number): void;
  softmax2(z: number, rows: number, tmp: number, out: number): void;
  rectify(a: number, n: number, slope: number): void;
  add(y: number, p: number, n: number): void;
  highway(f: number, p: number, t: number, n: number): void;
}

const PAGE_BYTES = 65_536;

let compiled: WebAssembly.Module | null | undefined;
let shared: GridKernel | null = null;

/**
 * The compiled module, or null where WebAssembly or its SIMD proposal is missing (the caller then
 * draws with the float64 engine). Compiles on the first call only.
 */
function gridKernelModule(): WebAssembly.Module | null {
  if (compiled === undefined) compiled = compileKernel(GRID_KERNEL_BASE64);
  return compiled;
}

/** Whether this JavaScript engine runs the SIMD grid kernel. */
export function gridKernelAvailable(): boolean {
  return gridKernelModule() !== null;
}

/**
 * The realm's instance, its memory grown to hold at least `bytes` bytes (growing replaces
 * `memory.buffer`: take views after this call). Throws when the kernel is unavailable.
 * @example const k = gridKernel(1 << 20); new Float32Array(k.memory.buffer)
 */
export function gridKernel(bytes: number): GridKernel {
  const module = gridKernelModule();
  if (module === null) throw new Error('the SIMD grid kernel is not available in this JavaScript engine');
  shared ??= new WebAssembly.Instance(module, {}).exports as unknown as GridKernel;
  const pages = Math.ceil(bytes / PAGE_BYTES) - shared.memory.buffer.byteLength / PAGE_BYTES;
  if (pages > 0) shared.memory.grow(pages);
  return shared;
}
