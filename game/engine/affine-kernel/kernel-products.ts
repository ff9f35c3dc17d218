/**
 * affine.ts's products on the SIMD kernel, for arrays that all live in the kernel arena: the same
 * shapes and the same sum orders (affine.ts states them), as `dense` and `transpose` calls.
 */
import type { AffineShape, Accumulate } from '../affine';
import type { Arena } from '../arena';
import type { AffineKernel } from './kernel';

/** affineForward on the kernel: one `dense` call per group (the same sums, in SIMD). */
export function kernelForward(arena: Arena, s: AffineShape, h: Float64Array, w: Float64Array, wOff: number, bOff: number, z: Float64Array, rows: number): void {
  const k = arena.kernel as AffineKernel;
  const { din, u, g } = s;
  const gi = din / g;
  const go = u / g;
  for (let grp = 0; grp < g; grp++) {
    const bias = bOff >= 0 ? w.byteOffset + (bOff + grp * go) * 8 : -1;
    k.dense(h.byteOffset + grp * gi * 8, din, gi, w.byteOffset + (wOff + grp * gi * go) * 8, go, bias, z.byteOffset + grp * go * 8, u, rows, go, 0);
  }
}

/**
 * affineBackward's dW and dh on the kernel. dW = hᵀ·dz is `dense` on a transposed copy of h
 * (a[k, r] = h[r, k], summed over r ascending from 0), dh = dz·Wᵀ is `dense` on a transposed copy
 * of the group's W (summed over j ascending from 0, then written or added): the orders stated above.
 */
export function kernelBackward(
  arena: Arena,
  s: AffineShape,
  h: Float64Array,
  dz: Float64Array,
  w: Float64Array,
  wOff: number,
  grad: Float64Array,
  dh: Float64Array | null,
  mode: Accumulate,
  rows: number,
): void {
  const k = arena.kernel as AffineKernel;
  const { din, u, g } = s;
  const gi = din / g;
  const go = u / g;
  const t = arena.scratch.byteOffset;
  const add = mode === 'add' ? 1 : 0;
  if (g === 1) {
    // The four steps below in one call into WebAssembly.
    k.backward(h.byteOffset, din, rows, dz.byteOffset, u, w.byteOffset + wOff * 8, grad.byteOffset + wOff * 8, dh === null ? -1 : dh.byteOffset, add, t);
    return;
  }
  // hᵀ: [din × rows]
  k.transpose(h.byteOffset, din, rows, din, t);
  for (let grp = 0; grp < g; grp++) {
    k.dense(t + grp * gi * rows * 8, rows, rows, dz.byteOffset + grp * go * 8, u, -1, grad.byteOffset + (wOff + grp * gi * go) * 8, go, gi, go, 0);
  }
  if (dh === null) return;
  for (let grp = 0; grp < g; grp++) {
    // The group's Wᵀ: [go × gi]
    k.transpose(w.byteOffset + (wOff + grp * gi * go) * 8, go, gi, go, t);
    k.dense(dz.byteOffset + grp * go * 8, u, go, t, gi, -1, dh.byteOffset + grp * gi * 8, din, rows, gi, add);
  }
}
