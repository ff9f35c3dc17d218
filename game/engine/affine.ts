/**
 * The two loops every dense product of the engine runs: z = h·W + b forward and its gradients.
 * W may be block-diagonal with g groups, stored [g, din/g, u/g] (PROTOCOL.md weight order); a plain
 * [din, u] matrix is the case g = 1. Sums run in one fixed order, written beside each loop.
 * Weights come as a Float64Array mirror of the float32 weights (same values, exactly): reading
 * doubles skips a conversion per multiply-add.
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
  w: Float64Array,
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
      const hBase = hr + grp * gi;
      let k = 0;
      // Four k per pass: ((z + h0·w0) + h1·w1) + … is the same ascending order, with a quarter of
      // the loads and stores of z.
      for (; k + 3 < gi; k += 4) {
        const h0 = h[hBase + k];
        const h1 = h[hBase + k + 1];
        const h2 = h[hBase + k + 2];
        const h3 = h[hBase + k + 3];
        const w0 = wOff + (grp * gi + k) * go;
        const w1 = w0 + go;
        const w2 = w1 + go;
        const w3 = w2 + go;
        for (let j = 0; j < go; j++) z[zBase + j] = z[zBase + j] + h0 * w[w0 + j] + h1 * w[w1 + j] + h2 * w[w2 + j] + h3 * w[w3 + j];
      }
      for (; k < gi; k++) {
        const hk = h[hBase + k];
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
  w: Float64Array,
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
  if (bOff >= 0) {
    for (let j = 0; j < u; j++) grad[bOff + j] = 0;
    for (let r = 0; r < rows; r++) for (let j = 0; j < u; j++) grad[bOff + j] += dz[r * u + j];
  }
  for (let grp = 0; grp < g; grp++) {
    for (let k = 0; k < gi; k++) {
      const wRow = wOff + (grp * gi + k) * go;
      const hCol = grp * gi + k;
      const zCol = grp * go;
      let r = 0;
      // Four rows per pass, added in ascending r as the one-row loop below does.
      for (; r + 3 < rows; r += 4) {
        const h0 = h[r * din + hCol];
        const h1 = h[(r + 1) * din + hCol];
        const h2 = h[(r + 2) * din + hCol];
        const h3 = h[(r + 3) * din + hCol];
        const z0 = r * u + zCol;
        const z1 = z0 + u;
        const z2 = z1 + u;
        const z3 = z2 + u;
        for (let j = 0; j < go; j++) grad[wRow + j] = grad[wRow + j] + h0 * dz[z0 + j] + h1 * dz[z1 + j] + h2 * dz[z2 + j] + h3 * dz[z3 + j];
      }
      for (; r < rows; r++) {
        const hk = h[r * din + hCol];
        const z0 = r * u + zCol;
        for (let j = 0; j < go; j++) grad[wRow + j] += hk * dz[z0 + j];
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
