/**
 * The two loops every dense product of the engine runs: z = h·W + b forward and its gradients.
 * W may be block-diagonal with g groups, stored [g, din/g, u/g] (PROTOCOL.md weight order); a plain
 * [din, u] matrix is the case g = 1. Sums run in one fixed order, written beside each loop.
 */

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
  s: AffineShape,
  h: Float64Array,
  w: Float32Array,
  wOff: number,
  bOff: number,
  z: Float64Array,
  rows: number,
): void {
  const { din, u, g } = s;
  const gi = din / g;
  const go = u / g;
  for (let r = 0; r < rows; r++) {
    const zr = r * u;
    const hr = r * din;
    if (bOff >= 0) for (let j = 0; j < u; j++) z[zr + j] = w[bOff + j];
    else for (let j = 0; j < u; j++) z[zr + j] = 0;
    for (let grp = 0; grp < g; grp++) {
      const zBase = zr + grp * go;
      for (let k = 0; k < gi; k++) {
        const hk = h[hr + grp * gi + k];
        const wRow = wOff + (grp * gi + k) * go;
        for (let j = 0; j < go; j++) z[zBase + j] += hk * w[wRow + j];
      }
    }
  }
}

/** How the input gradient is written: replacing what is there, or added to it. */
export type Accumulate = 'overwrite' | 'add';

/**
 * Gradients of z = h·W + b given dz = dL/dz:
 * - dW = hᵀ·dz: dW[k, j] = Σ_r h[r, k]·dz[r, j], r ascending (overwrites `grad` at wOff);
 * - db = Σ_r dz[r, ·], r ascending (overwrites `grad` at bOff; skipped when bOff < 0);
 * - dh = dz·Wᵀ: dh[r, k] = Σ_j dz[r, j]·W[k, j], j ascending, then written or added to `dh` by
 *   `mode` (skipped when dh is null).
 */
export function affineBackward(
  s: AffineShape,
  h: Float64Array,
  dz: Float64Array,
  w: Float32Array,
  wOff: number,
  bOff: number,
  grad: Float64Array,
  dh: Float64Array | null,
  mode: Accumulate,
  rows: number,
): void {
  const { din, u, g } = s;
  const gi = din / g;
  const go = u / g;
  const wSize = din * go;
  for (let i = 0; i < wSize; i++) grad[wOff + i] = 0;
  if (bOff >= 0) for (let j = 0; j < u; j++) grad[bOff + j] = 0;
  for (let r = 0; r < rows; r++) {
    const zr = r * u;
    const hr = r * din;
    if (bOff >= 0) for (let j = 0; j < u; j++) grad[bOff + j] += dz[zr + j];
    for (let grp = 0; grp < g; grp++) {
      const zBase = zr + grp * go;
      for (let k = 0; k < gi; k++) {
        const hk = h[hr + grp * gi + k];
        const wRow = wOff + (grp * gi + k) * go;
        for (let j = 0; j < go; j++) grad[wRow + j] += hk * dz[zBase + j];
      }
    }
  }
  if (dh === null) return;
  for (let r = 0; r < rows; r++) {
    const zr = r * u;
    const hr = r * din;
    for (let grp = 0; grp < g; grp++) {
      const zBase = zr + grp * go;
      for (let k = 0; k < gi; k++) {
        const wRow = wOff + (grp * gi + k) * go;
        let sum = 0;
        for (let j = 0; j < go; j++) sum += dz[zBase + j] * w[wRow + j];
        if (mode === 'add') dh[hr + grp * gi + k] += sum;
        else dh[hr + grp * gi + k] = sum;
      }
    }
  }
}
