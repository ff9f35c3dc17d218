/**
 * The two loops every convolution of the js engine runs (the k×k kernels and the 1×1 shortcut
 * paths alike): z = conv(x, K) + b forward, and its gradients. Pictures are row-major [h, w, c]
 * per row of the batch; kernels are [g, k, k, c/g, f/g] (PROTOCOL.md weight order); a 1×1 path
 * is the case k = 1, g = 1 with a negative `padTop`/`padLeft` (it reads pixel o·stride + offset).
 * Sums run in one fixed order, written beside each loop. Allocates nothing.
 */

/** Geometry of one convolution over a batch. */
export interface ConvGeom {
  /** Input picture. */
  h: number;
  w: number;
  c: number;
  /** Output picture (channels = filters). */
  ho: number;
  wo: number;
  f: number;
  kernel: number;
  stride: number;
  /** Input pixel read by output pixel o at kernel offset q: o·stride − pad + q (skipped outside). */
  padTop: number;
  padLeft: number;
  groups: number;
}

/**
 * z[r, oy, ox, j] = b[j] + Σ_{ky, kx, ci} x[r, oy·s − padTop + ky, ox·s − padLeft + kx, grp·c/g + ci]
 *                          · K[grp, ky, kx, ci, j mod f/g]        (grp = j div f/g)
 * Order per z: start from the bias (0 when `bOff` < 0), then add ky, kx, ci ascending; taps that
 * fall outside the picture (the zero padding) are skipped. Writes z (overwritten).
 */
export function convForward(s: ConvGeom, x: Float64Array, rows: number, w: Float64Array, wOff: number, bOff: number, z: Float64Array): void {
  const { h, w: wd, c, ho, wo, f, kernel: k, stride, padTop, padLeft, groups: g } = s;
  const cpg = c / g;
  const fpg = f / g;
  const inSize = h * wd * c;
  const outSize = ho * wo * f;
  for (let r = 0; r < rows; r++) {
    const xr = r * inSize;
    for (let oy = 0; oy < ho; oy++) {
      for (let ox = 0; ox < wo; ox++) {
        const zo = r * outSize + (oy * wo + ox) * f;
        if (bOff >= 0) for (let j = 0; j < f; j++) z[zo + j] = w[bOff + j];
        else for (let j = 0; j < f; j++) z[zo + j] = 0;
        for (let ky = 0; ky < k; ky++) {
          const iy = oy * stride - padTop + ky;
          if (iy < 0 || iy >= h) continue;
          for (let kx = 0; kx < k; kx++) {
            const ix = ox * stride - padLeft + kx;
            if (ix < 0 || ix >= wd) continue;
            const xo = xr + (iy * wd + ix) * c;
            for (let grp = 0; grp < g; grp++) {
              const kBase = wOff + ((grp * k + ky) * k + kx) * cpg * fpg;
              const zg = zo + grp * fpg;
              for (let ci = 0; ci < cpg; ci++) {
                const xv = x[xo + grp * cpg + ci];
                const kRow = kBase + ci * fpg;
                for (let jo = 0; jo < fpg; jo++) z[zg + jo] += xv * w[kRow + jo];
              }
            }
          }
        }
      }
    }
  }
}

/**
 * Gradients of `convForward` given dz = dL/dz:
 * - dK[grp, ky, kx, ci, jo] = Σ_{r, oy, ox} x[r, iy, ix, grp·c/g + ci] · dz[r, oy, ox, grp·f/g + jo],
 *   added in r, oy, ox ascending (overwrites `grad` at wOff);
 * - db[j] = Σ_{r, oy, ox} dz[r, oy, ox, j], same order (overwrites at bOff; skipped when bOff < 0);
 * - dx[r, iy, ix, c] = Σ over the (oy, ox, ky, kx) that read it of Σ_jo dz · K (jo ascending),
 *   added in oy, ox, ky, kx ascending: overwritten (`overwrite`, zeroed first) or added (`add`);
 *   skipped when dx is null.
 */
export function convBackward(
  s: ConvGeom,
  x: Float64Array,
  dz: Float64Array,
  rows: number,
  w: Float64Array,
  wOff: number,
  bOff: number,
  grad: Float64Array,
  dx: Float64Array | null,
  mode: 'overwrite' | 'add',
): void {
  const { h, w: wd, c, ho, wo, f, kernel: k, stride, padTop, padLeft, groups: g } = s;
  const cpg = c / g;
  const fpg = f / g;
  const inSize = h * wd * c;
  const outSize = ho * wo * f;
  const kSize = k * k * cpg * f;
  for (let i = 0; i < kSize; i++) grad[wOff + i] = 0;
  if (bOff >= 0) {
    for (let j = 0; j < f; j++) grad[bOff + j] = 0;
    for (let r = 0; r < rows; r++) {
      for (let p = 0; p < ho * wo; p++) {
        const zo = r * outSize + p * f;
        for (let j = 0; j < f; j++) grad[bOff + j] += dz[zo + j];
      }
    }
  }
  if (dx !== null && mode === 'overwrite') for (let i = 0; i < rows * inSize; i++) dx[i] = 0;
  for (let r = 0; r < rows; r++) {
    const xr = r * inSize;
    for (let oy = 0; oy < ho; oy++) {
      for (let ox = 0; ox < wo; ox++) {
        const zo = r * outSize + (oy * wo + ox) * f;
        for (let ky = 0; ky < k; ky++) {
          const iy = oy * stride - padTop + ky;
          if (iy < 0 || iy >= h) continue;
          for (let kx = 0; kx < k; kx++) {
            const ix = ox * stride - padLeft + kx;
            if (ix < 0 || ix >= wd) continue;
            const xo = xr + (iy * wd + ix) * c;
            for (let grp = 0; grp < g; grp++) {
              const kBase = wOff + ((grp * k + ky) * k + kx) * cpg * fpg;
              const zg = zo + grp * fpg;
              for (let ci = 0; ci < cpg; ci++) {
                const xi = xo + grp * cpg + ci;
                const xv = x[xi];
                const kRow = kBase + ci * fpg;
                let sum = 0;
                for (let jo = 0; jo < fpg; jo++) {
                  const d = dz[zg + jo];
                  grad[kRow + jo] += xv * d;
                  sum += d * w[kRow + jo];
                }
                if (dx !== null) dx[xi] += sum;
              }
            }
          }
        }
      }
    }
  }
}
