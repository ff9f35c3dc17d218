import { describe, expect, it } from 'vitest';
import { erf, exp, expm1, log, log1p, sigmoid, tanh } from '../../game/engine/math';

const ULP = 2.220446049250313e-16;

/** Worst relative error of f against g over n + 1 evenly (or log-evenly) spaced points. */
function worst(f: (x: number) => number, g: (x: number) => number, lo: number, hi: number, n: number, logScale = false): number {
  let w = 0;
  for (let i = 0; i <= n; i++) {
    const x = logScale ? Math.exp(Math.log(lo) + ((Math.log(hi) - Math.log(lo)) * i) / n) : lo + ((hi - lo) * i) / n;
    const a = f(x);
    const b = g(x);
    const e = b === 0 ? Math.abs(a) : Math.abs(a - b) / Math.abs(b);
    if (e > w) w = e;
  }
  return w;
}

// The bounds stated in game/engine/math.ts, in ulp (2⁻⁵²).
describe("game/engine's own exp, log, tanh and erf against Math", () => {
  it('exp: ≤ 2 ulp on [−700, 700]; expm1: ≤ 3 ulp on [−40, 40] and near 0', () => {
    expect(worst(exp, Math.exp, -700, 700, 400_000) / ULP).toBeLessThanOrEqual(2);
    expect(worst(expm1, Math.expm1, -40, 40, 400_000) / ULP).toBeLessThanOrEqual(3);
    expect(worst(expm1, Math.expm1, -1e-3, 1e-3, 100_000) / ULP).toBeLessThanOrEqual(3);
    expect(exp(-746)).toBe(0);
    expect(exp(710)).toBe(Infinity);
    expect(exp(-740)).toBe(Math.exp(-740));
    // Both sides of the switch from the table path to the wide one at |x| = 682.
    expect(worst(exp, Math.exp, 670, 700, 100_000) / ULP).toBeLessThanOrEqual(2);
    expect(worst(exp, Math.exp, -700, -670, 100_000) / ULP).toBeLessThanOrEqual(2);
    expect(exp(0)).toBe(1);
    expect(exp(Number.NaN)).toBeNaN();
  });

  it('log: ≤ 2 ulp on [1e-300, 1e300]; log1p: ≤ 3 ulp on [−0.999, 1e6] and near 0', () => {
    expect(worst(log, Math.log, 1e-300, 1e300, 400_000, true) / ULP).toBeLessThanOrEqual(2);
    expect(worst(log1p, Math.log1p, -0.999, 1e6, 400_000) / ULP).toBeLessThanOrEqual(3);
    expect(worst(log1p, Math.log1p, -1e-3, 1e-3, 100_000) / ULP).toBeLessThanOrEqual(3);
    expect(log(0)).toBe(-Infinity);
    expect(log(-1)).toBeNaN();
    expect(log(5e-324)).toBeCloseTo(Math.log(5e-324), 12);
  });

  it('tanh: ≤ 2 ulp on [−30, 30], both sides of its switch at 0.7 and near 0; sigmoid: ≤ 3 ulp on [−700, 700]', () => {
    expect(worst(tanh, Math.tanh, -30, 30, 400_000) / ULP).toBeLessThanOrEqual(2);
    expect(worst(tanh, Math.tanh, 0.6, 0.8, 400_000) / ULP).toBeLessThanOrEqual(2);
    expect(worst(tanh, Math.tanh, -1e-4, 1e-4, 100_000) / ULP).toBeLessThanOrEqual(2);
    expect(worst(sigmoid, (v) => 1 / (1 + Math.exp(-v)), -700, 700, 400_000) / ULP).toBeLessThanOrEqual(3);
    expect(tanh(-0.5)).toBe(-tanh(0.5));
  });

  it('erf: within 4 ulp of tabulated values and consistent with its derivative 2/√π·e^(−x²)', () => {
    // erf to 17 digits (Abramowitz & Stegun table 7.1 extended; Wolfram Alpha).
    const table: [number, number][] = [
      [0.1, 0.1124629160182849],
      [0.5, 0.5204998778130465],
      [1, 0.8427007929497149],
      [1.5, 0.9661051464753108],
      [2, 0.9953222650189527],
      [3, 0.9999779095030014],
    ];
    for (const [v, want] of table) {
      expect(Math.abs(erf(v) - want) / want / ULP).toBeLessThanOrEqual(4);
      expect(erf(-v)).toBe(-erf(v));
    }
    // Dense sweep: the central difference of erf matches its derivative to the difference's own error.
    const h = 1e-5;
    let w = 0;
    for (let v = -5; v <= 5; v += 0.001) {
      const d = (erf(v + h) - erf(v - h)) / (2 * h);
      const want = (2 / Math.sqrt(Math.PI)) * Math.exp(-v * v);
      w = Math.max(w, Math.abs(d - want));
    }
    expect(w).toBeLessThan(1e-9);
    expect(erf(7)).toBe(1);
  });

  it('non-finite and huge inputs: NaN stays NaN, ±Infinity and overflow give the limits, at once', () => {
    const inputs = [Number.NaN, Infinity, -Infinity, 1e308, -1e308, Number.MAX_VALUE, 800, -800, 5e15, -5e15];
    for (const v of inputs) {
      expect(exp(v)).toBe(Math.exp(v));
      expect(expm1(v)).toBe(Math.expm1(v));
      expect(tanh(v)).toBe(Math.tanh(v));
      expect(sigmoid(v)).toBe(Number.isNaN(v) ? Number.NaN : 1 / (1 + Math.exp(-v)));
      expect(erf(v)).toBe(Number.isNaN(v) ? Number.NaN : Math.sign(v));
    }
    for (const v of [Number.NaN, Infinity, -Infinity, -1, -1e308, 0]) {
      expect(log(v)).toBe(Math.log(v));
      expect(log1p(v - 1)).toBe(Math.log1p(v - 1));
    }
    // Huge finite arguments stay finite (log1p once overflowed to Infinity above ~2.5e305).
    for (const v of [1e16, 1e300, 1e306, 1e308, Number.MAX_VALUE]) {
      expect(Math.abs(log(v) - Math.log(v)) / Math.log(v) / ULP).toBeLessThanOrEqual(2);
      expect(Math.abs(log1p(v) - Math.log1p(v)) / Math.log1p(v) / ULP).toBeLessThanOrEqual(3);
    }
  });
});
