/**
 * The two loops every dense product of the engine runs: z = h·W + b forward and its gradients.
 * W may be block-diagonal with g groups, stored [g, din/g, u/g] (PROTOCOL.md weight order); a plain
 * [din, u] matrix is the case g = 1. Sums run in one fixed order, written beside each loop.
 * Weights come as a Float64Array mirror of the float32 weights (same values, exactly): reading
 * doubles skips a conversion per multiply-add.
 *
 * Speed without changing a bit: every output keeps its own accumulator, filled in the order stated
 * beside the loop, so the loops may compute a tile of outputs at once (2 rows × 4 columns here:
 * 8 accumulators, 6 loads per 8 multiply-adds, all in registers) and give the same doubles as the
 * one-output-at-a-time loop. Tiles change the speed, never the sum order.
 *
 * On a kernel arena (arena.ts) the same products run in WebAssembly SIMD (affine-kernel/), two
 * outputs per instruction, each with its own accumulator in the same order: the same bits, about
 * 3× faster from 16×16 up (`npm run bench:affine`). These loops are the reference the kernel is
 * tested against, and what runs where the kernel does not (no WebAssembly SIMD, an array outside
 * the arena, or a product too small to gain: arena.ts's KERNEL_MIN_WORK).
 */
import { kernelBackward, kernelForward } from './affine-kernel/kernel-products';
import type { Arena } from './arena';

/** Shape of one (grouped) product: input width, output width, groups. */
export interface AffineShape {
  din: number;
  u: number;
  g: number;
}

/**
 * z[r, j] = b[j] + Σ_k h[r, k]·W[k, j] over the rows r < rows, for the k in j's group.
 * Order: start from the bias (0 when `bOff` < 0), then add k = 0, 1, … in ascending order.
 * Writes z (overwritten); allocates nothing.
 */
export function affineForward(
  arena: Arena,
  s: AffineShape,
  h: Float64Array,
  w: Float64Array,
  wOff: number,
  bOff: number,
  z: Float64Array,
  rows: number,
): void {
  if (arena.kernel !== null && rows * s.din * s.u >= arena.minWork && arena.holds(h) && arena.holds(w) && arena.holds(z)) {
    kernelForward(arena, s, h, w, wOff, bOff, z, rows);
    return;
  }
  const din = s.din;
  const u = s.u;
  const g = s.g;
  const gi = din / g;
  const go = u / g;
  const hasBias = bOff >= 0;
  for (let grp = 0; grp < g; grp++) {
    const hCol = grp * gi;
    const zCol = grp * go;
    const wBase = wOff + grp * gi * go;
    const bBase = bOff + zCol;
    let r = 0;
    // Two rows × four columns per tile.
    for (; r + 1 < rows; r += 2) {
      const h0 = r * din + hCol;
      const h1 = h0 + din;
      const z0 = r * u + zCol;
      const z1 = z0 + u;
      let j = 0;
      for (; j + 3 < go; j += 4) {
        let a0 = 0;
        let a1 = 0;
        let a2 = 0;
        let a3 = 0;
        if (hasBias) {
          a0 = w[bBase + j];
          a1 = w[bBase + j + 1];
          a2 = w[bBase + j + 2];
          a3 = w[bBase + j + 3];
        }
        let b0 = a0;
        let b1 = a1;
        let b2 = a2;
        let b3 = a3;
        for (let k = 0, wr = wBase + j; k < gi; k++, wr += go) {
          const x0 = h[h0 + k];
          const x1 = h[h1 + k];
          const w0 = w[wr];
          const w1 = w[wr + 1];
          const w2 = w[wr + 2];
          const w3 = w[wr + 3];
          a0 += x0 * w0;
          a1 += x0 * w1;
          a2 += x0 * w2;
          a3 += x0 * w3;
          b0 += x1 * w0;
          b1 += x1 * w1;
          b2 += x1 * w2;
          b3 += x1 * w3;
        }
        z[z0 + j] = a0;
        z[z0 + j + 1] = a1;
        z[z0 + j + 2] = a2;
        z[z0 + j + 3] = a3;
        z[z1 + j] = b0;
        z[z1 + j + 1] = b1;
        z[z1 + j + 2] = b2;
        z[z1 + j + 3] = b3;
      }
      for (; j < go; j++) {
        let a = hasBias ? w[bBase + j] : 0;
        let b = a;
        for (let k = 0, wr = wBase + j; k < gi; k++, wr += go) {
          a += h[h0 + k] * w[wr];
          b += h[h1 + k] * w[wr];
        }
        z[z0 + j] = a;
        z[z1 + j] = b;
      }
    }
    // The last row of an odd count.
    for (; r < rows; r++) {
      const h0 = r * din + hCol;
      const z0 = r * u + zCol;
      for (let j = 0; j < go; j++) {
        let a = hasBias ? w[bBase + j] : 0;
        for (let k = 0, wr = wBase + j; k < gi; k++, wr += go) a += h[h0 + k] * w[wr];
        z[z0 + j] = a;
      }
    }
  }
}

/** How the input gradient is written: replacing what is there, or added to it. */
export type Accumulate = 'overwrite' | 'add';

/**
 * Gradients of z = h·W + b given dz = dL/dz:
 * - dW = hᵀ·dz: dW[k, j] = Σ_r h[r, k]·dz[r, j], from 0, r ascending (overwrites `grad` at wOff);
 * - db = Σ_r dz[r, ·], from 0, r ascending (overwrites `grad` at bOff; skipped when bOff < 0);
 * - dh = dz·Wᵀ: dh[r, k] = Σ_j dz[r, j]·W[k, j], from 0, j ascending, then written or added to
 *   `dh` by `mode` (skipped when dh is null).
 */
export function affineBackward(
  arena: Arena,
  s: AffineShape,
  h: Float64Array,
  dz: Float64Array,
  w: Float64Array,
  wOff: number,
  bOff: number,
  grad: Float64Array,
  dh: Float64Array | null,
  mode: Accumulate,
  rows: number,
): void {
  const din = s.din;
  const u = s.u;
  const g = s.g;
  const gi = din / g;
  const go = u / g;
  if (bOff >= 0) columnSums(dz, u, rows, grad, bOff);
  const onKernel = arena.kernel !== null && rows * din * u >= arena.minWork;
  if (onKernel && arena.holds(h) && arena.holds(dz) && arena.holds(w) && arena.holds(grad) && (dh === null || arena.holds(dh))) {
    kernelBackward(arena, s, h, dz, w, wOff, grad, dh, mode, rows);
    return;
  }
  for (let grp = 0; grp < g; grp++) {
    const hCol = grp * gi;
    const zCol = grp * go;
    const wBase = wOff + grp * gi * go;
    let k = 0;
    // dW tiles: two kernel rows (k) × four columns (j), summed over r.
    for (; k + 1 < gi; k += 2) {
      const w0 = wBase + k * go;
      const w1 = w0 + go;
      let j = 0;
      for (; j + 3 < go; j += 4) {
        let a0 = 0;
        let a1 = 0;
        let a2 = 0;
        let a3 = 0;
        let b0 = 0;
        let b1 = 0;
        let b2 = 0;
        let b3 = 0;
        for (let r = 0, hr = hCol + k, zr = zCol + j; r < rows; r++, hr += din, zr += u) {
          const x0 = h[hr];
          const x1 = h[hr + 1];
          const d0 = dz[zr];
          const d1 = dz[zr + 1];
          const d2 = dz[zr + 2];
          const d3 = dz[zr + 3];
          a0 += x0 * d0;
          a1 += x0 * d1;
          a2 += x0 * d2;
          a3 += x0 * d3;
          b0 += x1 * d0;
          b1 += x1 * d1;
          b2 += x1 * d2;
          b3 += x1 * d3;
        }
        grad[w0 + j] = a0;
        grad[w0 + j + 1] = a1;
        grad[w0 + j + 2] = a2;
        grad[w0 + j + 3] = a3;
        grad[w1 + j] = b0;
        grad[w1 + j + 1] = b1;
        grad[w1 + j + 2] = b2;
        grad[w1 + j + 3] = b3;
      }
      for (; j < go; j++) {
        let a = 0;
        let b = 0;
        for (let r = 0, hr = hCol + k, zr = zCol + j; r < rows; r++, hr += din, zr += u) {
          a += h[hr] * dz[zr];
          b += h[hr + 1] * dz[zr];
        }
        grad[w0 + j] = a;
        grad[w1 + j] = b;
      }
    }
    for (; k < gi; k++) {
      const w0 = wBase + k * go;
      for (let j = 0; j < go; j++) {
        let a = 0;
        for (let r = 0, hr = hCol + k, zr = zCol + j; r < rows; r++, hr += din, zr += u) a += h[hr] * dz[zr];
        grad[w0 + j] = a;
      }
    }
  }
  if (dh === null) return;
  const add = mode === 'add';
  for (let grp = 0; grp < g; grp++) {
    const hCol = grp * gi;
    const zCol = grp * go;
    const wBase = wOff + grp * gi * go;
    let r = 0;
    // dh tiles: two rows × four input columns (k), summed over j.
    for (; r + 1 < rows; r += 2) {
      const z0 = r * u + zCol;
      const z1 = z0 + u;
      const o0 = r * din + hCol;
      const o1 = o0 + din;
      let k = 0;
      for (; k + 3 < gi; k += 4) {
        const v0 = wBase + k * go;
        const v1 = v0 + go;
        const v2 = v1 + go;
        const v3 = v2 + go;
        let a0 = 0;
        let a1 = 0;
        let a2 = 0;
        let a3 = 0;
        let b0 = 0;
        let b1 = 0;
        let b2 = 0;
        let b3 = 0;
        for (let j = 0; j < go; j++) {
          const d0 = dz[z0 + j];
          const d1 = dz[z1 + j];
          const w0 = w[v0 + j];
          const w1 = w[v1 + j];
          const w2 = w[v2 + j];
          const w3 = w[v3 + j];
          a0 += d0 * w0;
          a1 += d0 * w1;
          a2 += d0 * w2;
          a3 += d0 * w3;
          b0 += d1 * w0;
          b1 += d1 * w1;
          b2 += d1 * w2;
          b3 += d1 * w3;
        }
        if (add) {
          dh[o0 + k] += a0;
          dh[o0 + k + 1] += a1;
          dh[o0 + k + 2] += a2;
          dh[o0 + k + 3] += a3;
          dh[o1 + k] += b0;
          dh[o1 + k + 1] += b1;
          dh[o1 + k + 2] += b2;
          dh[o1 + k + 3] += b3;
        } else {
          dh[o0 + k] = a0;
          dh[o0 + k + 1] = a1;
          dh[o0 + k + 2] = a2;
          dh[o0 + k + 3] = a3;
          dh[o1 + k] = b0;
          dh[o1 + k + 1] = b1;
          dh[o1 + k + 2] = b2;
          dh[o1 + k + 3] = b3;
        }
      }
      for (; k < gi; k++) {
        const v0 = wBase + k * go;
        let a = 0;
        let b = 0;
        for (let j = 0; j < go; j++) {
          a += dz[z0 + j] * w[v0 + j];
          b += dz[z1 + j] * w[v0 + j];
        }
        if (add) {
          dh[o0 + k] += a;
          dh[o1 + k] += b;
        } else {
          dh[o0 + k] = a;
          dh[o1 + k] = b;
        }
      }
    }
    for (; r < rows; r++) {
      const z0 = r * u + zCol;
      const o0 = r * din + hCol;
      for (let k = 0; k < gi; k++) {
        const v0 = wBase + k * go;
        let a = 0;
        for (let j = 0; j < go; j++) a += dz[z0 + j] * w[v0 + j];
        if (add) dh[o0 + k] += a;
        else dh[o0 + k] = a;
      }
    }
  }
}

/** db[j] = Σ_r dz[r, j], from 0, r ascending, written to grad[bOff + j] for j < u. */
function columnSums(dz: Float64Array, u: number, rows: number, grad: Float64Array, bOff: number): void {
  // Four columns at a time: four independent sums instead of one chain of dependent adds.
  let j = 0;
  for (; j + 3 < u; j += 4) {
    let a0 = 0;
    let a1 = 0;
    let a2 = 0;
    let a3 = 0;
    for (let r = 0, o = j; r < rows; r++, o += u) {
      a0 += dz[o];
      a1 += dz[o + 1];
      a2 += dz[o + 2];
      a3 += dz[o + 3];
    }
    grad[bOff + j] = a0;
    grad[bOff + j + 1] = a1;
    grad[bOff + j + 2] = a2;
    grad[bOff + j + 3] = a3;
  }
  for (; j < u; j++) {
    let a = 0;
    for (let r = 0, o = j; r < rows; r++, o += u) a += dz[o];
    grad[bOff + j] = a;
  }
}

