/**
 * The 2×2, stride 2, `valid` pools of a conv layer (PROTOCOL.md `ConvLayer.pool`) on [h, w, f]
 * pictures, per row of the batch. An odd last row or column is dropped. Allocates nothing.
 *
 *   max: out = max of the window (the first of equal values wins: (0,0), (0,1), (1,0), (1,1));
 *        d(in) = d(out) at that pixel, 0 at the others
 *   avg: out = (a + b + c + d)·0.25, added in window order;   d(in) = d(out)·0.25 at every pixel
 */
import type { ConvPool } from '../spec';

/** A pooled picture's geometry: the input [h, w, f], the output [floor(h/2), floor(w/2), f]. */
export interface PoolGeom {
  h: number;
  w: number;
  f: number;
}

/**
 * Pools `rows` pictures of `y` into `out`; for max pools, records in `arg` the input index (within
 * the row) each output value came from.
 */
export function poolForward(kind: Exclude<ConvPool, 'none'>, s: PoolGeom, y: Float64Array, rows: number, out: Float64Array, arg: Int32Array): void {
  const { h, w, f } = s;
  const ph = Math.floor(h / 2);
  const pw = Math.floor(w / 2);
  const inSize = h * w * f;
  const outSize = ph * pw * f;
  for (let r = 0; r < rows; r++) {
    const yr = r * inSize;
    for (let py = 0; py < ph; py++) {
      for (let px = 0; px < pw; px++) {
        const i00 = ((2 * py) * w + 2 * px) * f;
        const i01 = i00 + f;
        const i10 = i00 + w * f;
        const i11 = i10 + f;
        const o = r * outSize + (py * pw + px) * f;
        for (let j = 0; j < f; j++) {
          const a = y[yr + i00 + j];
          const b = y[yr + i01 + j];
          const c = y[yr + i10 + j];
          const d = y[yr + i11 + j];
          if (kind === 'avg') {
            out[o + j] = (a + b + c + d) * 0.25;
            continue;
          }
          let best = a;
          let at = i00 + j;
          if (b > best) {
            best = b;
            at = i01 + j;
          }
          if (c > best) {
            best = c;
            at = i10 + j;
          }
          if (d > best) {
            best = d;
            at = i11 + j;
          }
          out[o + j] = best;
          arg[o + j] = at;
        }
      }
    }
  }
}

/** dY (overwritten, zeros where no window reads) from dOut, the gradient at the pooled output. */
export function poolBackward(kind: Exclude<ConvPool, 'none'>, s: PoolGeom, dOut: Float64Array, rows: number, arg: Int32Array, dY: Float64Array): void {
  const { h, w, f } = s;
  const ph = Math.floor(h / 2);
  const pw = Math.floor(w / 2);
  const inSize = h * w * f;
  const outSize = ph * pw * f;
  for (let i = 0; i < rows * inSize; i++) dY[i] = 0;
  for (let r = 0; r < rows; r++) {
    const yr = r * inSize;
    for (let py = 0; py < ph; py++) {
      for (let px = 0; px < pw; px++) {
        const i00 = ((2 * py) * w + 2 * px) * f;
        const o = r * outSize + (py * pw + px) * f;
        for (let j = 0; j < f; j++) {
          const g = dOut[o + j];
          if (kind === 'max') {
            dY[yr + arg[o + j]] = g;
            continue;
          }
          const q = g * 0.25;
          dY[yr + i00 + j] = q;
          dY[yr + i00 + f + j] = q;
          dY[yr + i00 + w * f + j] = q;
          dY[yr + i00 + w * f + f + j] = q;
        }
      }
    }
  }
}
