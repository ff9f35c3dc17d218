/**
 * The affine kernel's WebAssembly module (affine-kernel.wat), compiled once per JavaScript realm
 * (page, worker, process) on first use. Each network instantiates it on its own arena's memory
 * (arena.ts), so runs never share buffers. Isomorphic: the module is 3.7 KB, which every engine
 * compiles synchronously (older Chromium allowed 4 KB on the main thread; keep it under).
 */
import { compileKernel } from '../wasm-module';
import { AFFINE_KERNEL_BASE64 } from './affine-kernel-bytes';

/** The kernel's exports; pointers are byte offsets into the arena's memory, strides count doubles. */
export interface AffineKernel {
  /**
   * o[r, j] (= or, with add = 1, +=) init_j + Σ_{k < kc} a[r, k]·b[k, j] for r < rows, j < cols;
   * init_j is bias[j], or 0 when bias is −1. Sum order: init, then k ascending.
   */
  dense(a: number, as: number, kc: number, b: number, bs: number, bias: number, o: number, os: number, rows: number, cols: number, add: number): void;
  /** dst[j, r] = src[r, j] for r < rows, j < cols; src's row stride is ss, dst is [cols × rows]. */
  transpose(src: number, ss: number, rows: number, cols: number, dst: number): void;
  /**
   * An ungrouped product's dW = hᵀ·dz and, when dh ≥ 0, dh (= or, with add = 1, +=) dz·Wᵀ:
   * `transpose`, `dense`, `transpose`, `dense` in one call, through the scratch at tmp.
   */
  backward(h: number, din: number, rows: number, dz: number, u: number, w: number, grad: number, dh: number, add: number, tmp: number): void;
  /**
   * a = tanh(z) over rows × u (math.ts's tanh, the same bits); when slope ≥ 0, also
   * slope[j] += (1 − a²)·scale row after row. `table`: the arena's exp table (Arena.expTable).
   */
  tanh_rows(z: number, a: number, slope: number, rows: number, u: number, scale: number, table: number): void;
  /** dz[i] = da[i]·(1 − a[i]²) for i < n; returns Σ da[i]² in sum-sq.ts's order. */
  tanh_back_sq(a: number, da: number, dz: number, n: number): number;
}

let compiled: WebAssembly.Module | null | undefined;

/**
 * The compiled module, or null where WebAssembly or its SIMD proposal is missing (the engine then
 * runs affine.ts's loops, which give the same bits). Compiles on the first call only.
 */
export function affineKernelModule(): WebAssembly.Module | null {
  if (compiled === undefined) compiled = compileKernel(AFFINE_KERNEL_BASE64);
  return compiled;
}

/**
 * The kernel on `memory`, or null where the module does not run here.
 * @example const k = instantiateAffineKernel(new WebAssembly.Memory({ initial: 1 }))
 */
export function instantiateAffineKernel(memory: WebAssembly.Memory): AffineKernel | null {
  const module = affineKernelModule();
  if (module === null) return null;
  return new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as AffineKernel;
}
