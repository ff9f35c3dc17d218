/**
 * exp, expm1, log, log1p, tanh, sigmoid and erf built from + − × ÷ and sqrt only (plus exact
 * integer steps: Math.round, `| 0` of integral values, comparisons, reading a double's exponent
 * bits). IEEE-754 rounds those exactly, so these functions return the same bits in V8,
 * SpiderMonkey and JavaScriptCore, which `Math.exp` and friends do not promise.
 *
 * Accuracy against `Math` (float64), asserted by tests/unit/engine-math.test.ts over a dense sweep
 * (maximum relative error, in ulp = 2⁻⁵² ≈ 2.2e-16; measured over 2·10⁶ points):
 * - exp on [−700, 700]: 1.6 ulp (bound 2); expm1 on [−40, 40] and near 0: 3.0 ulp (bound 3)
 * - log on [1e-300, 1e300]: 1.6 ulp (bound 2); log1p on [−0.999, 1e6] and near 0: 2.1 ulp (bound 3)
 * - tanh on [−30, 30]: 1.8 ulp (bound 2); sigmoid on [−700, 700]: 2.3 ulp (bound 3)
 * - erf (JS has no Math.erf): within 4 ulp of tabulated values, and its central difference matches
 *   2/√π·e^(−x²) to 1e-9 over [−5, 5]
 * The engine stores float32, so a few float64 ulp never show in the weights' size of error.
 */

const LN2_HI = 0.6931471803691238; // upper bits of ln 2: k·LN2_HI is exact for |k| < 2²¹ (32 significant bits)
const LN2_LO = 1.9082149292705877e-10; // ln 2 − LN2_HI
const INV_LN2 = 1.4426950408889634;
const EXP_MAX = 709.782712893384;
const EXP_MIN = -745.1332191019412;

/** 2^k for k = −1074..1023, built by exact doublings (no Math.pow). */
const POW2 = new Float64Array(2098);
{
  let v = 1;
  for (let k = 0; k <= 1023; k++, v *= 2) POW2[k + 1074] = v;
  v = 1;
  for (let k = 0; k >= -1074; k--, v /= 2) POW2[k + 1074] = v;
}

/** Taylor coefficients 1/n! for n = 0..13, computed by exact-rounded divisions. */
const INV_FACT = new Float64Array(14);
INV_FACT[0] = 1;
for (let n = 1; n < 14; n++) INV_FACT[n] = INV_FACT[n - 1] / n;

const [, F1, F2, F3, F4, F5, F6, F7, F8, F9, F10, F11, F12, F13] = INV_FACT;

/** e^r − 1 for |r| ≤ ln2/2 by Taylor to degree 13 (remainder < 1e-17 relative), Horner unrolled. */
function expm1Small(r: number): number {
  return (
    r *
    (F1 + r * (F2 + r * (F3 + r * (F4 + r * (F5 + r * (F6 + r * (F7 + r * (F8 + r * (F9 + r * (F10 + r * (F11 + r * (F12 + r * F13))))))))))))
  );
}

/**
 * e^x on the whole double range, the careful way: x = k·ln2 + r with |r| ≤ ln2/2 (Cody–Waite
 * split ln 2), then Taylor to degree 13. Builds the table below and handles |x| > 682, where 2^k
 * leaves the normal range; `exp` is the fast path for everything else.
 */
function expWide(x: number): number {
  if (x !== x) return x;
  if (x > EXP_MAX) return Infinity;
  if (x < EXP_MIN) return 0;
  const k = Math.round(x * INV_LN2);
  const r = x - k * LN2_HI - k * LN2_LO;
  const er = 1 + expm1Small(r);
  // 2^k may be subnormal for the smallest x; splitting the scale keeps er·2^k from overflowing.
  if (k > 1023) return er * 2 * POW2[k - 1 + 1074];
  if (k < -1022) return er * POW2[k + 60 + 1074] * POW2[-60 + 1074];
  return er * POW2[k + 1074];
}

/**
 * exp's table: 2^(j/64) for j = 0..63, each e^(j·ln2/64) by expWide on an exactly split argument
 * (j·LN2_HI/64 is exact). Built from the same exact ops in every engine, so the same bits.
 */
const TABLE_BITS = 6;
const TABLE_SIZE = 1 << TABLE_BITS;
const TABLE_MASK = TABLE_SIZE - 1;
/** exp's table, exported for the affine kernel's tanh (copied into each kernel arena). */
export const EXP2_J64 = new Float64Array(TABLE_SIZE);
for (let j = 0; j < TABLE_SIZE; j++) {
  const hi = (j * LN2_HI) / TABLE_SIZE;
  const lo = (j * LN2_LO) / TABLE_SIZE;
  EXP2_J64[j] = expWide(hi) * (1 + lo);
}
const INV_STEP = TABLE_SIZE * INV_LN2; // 64/ln 2
const STEP_HI = LN2_HI / TABLE_SIZE; // exact: a power-of-two division
const STEP_LO = LN2_LO / TABLE_SIZE;
/** 1.5·2⁵²: (v + ROUNDER) − ROUNDER rounds v to the nearest integer (ties to even) for |v| < 2⁵¹. */
const ROUNDER = 6755399441055744;
const E2 = 1 / 2;
const E3 = 1 / 6;
const E4 = 1 / 24;
const E5 = 1 / 120;
const E6 = 1 / 720;
/** Beyond this |x|, 2^(k/64) would leave the normal range: expWide takes over. */
const EXP_FAST_LIMIT = 682;

/**
 * e^x. Table-driven: x = (64m + j)·ln2/64 + r with |r| ≤ ln2/128, e^x = 2^m · 2^(j/64) · e^r, and
 * e^r − 1 by its Taylor polynomial to degree 6 (remainder < 3e-20 relative), evaluated in two
 * independent halves so the multiplies overlap instead of waiting on each other (a Horner chain of
 * 13 steps was most of a tanh's time).
 * @example exp(1) // 2.718281828459045
 */
export function exp(x: number): number {
  if (!(x < EXP_FAST_LIMIT && x > -EXP_FAST_LIMIT)) return expWide(x);
  const kf = x * INV_STEP + ROUNDER - ROUNDER;
  const r = x - kf * STEP_HI - kf * STEP_LO;
  const k = kf | 0;
  const r2 = r * r;
  const p = r + r2 * (E2 + r * E3) + r2 * r2 * (E4 + r * E5 + r2 * E6);
  const s = EXP2_J64[k & TABLE_MASK] * POW2[(k >> TABLE_BITS) + 1074];
  return s + s * p;
}

/**
 * e^x − 1, accurate near 0 (where exp(x) − 1 cancels).
 * @example expm1(1e-10) // 1.00000000005e-10
 */
export function expm1(x: number): number {
  if (x > -0.34657359027997264 && x < 0.34657359027997264) return expm1Small(x);
  if (!(x < EXP_FAST_LIMIT && x > -EXP_FAST_LIMIT)) return exp(x) - 1;
  // exp's steps, ending in (s − 1) + s·p: where the subtraction cancels (s in [½, 2]) it is exact
  // (Sterbenz), so only s's own rounding is magnified, not that of s + s·p as well.
  const kf = x * INV_STEP + ROUNDER - ROUNDER;
  const r = x - kf * STEP_HI - kf * STEP_LO;
  const k = kf | 0;
  const r2 = r * r;
  const p = r + r2 * (E2 + r * E3) + r2 * r2 * (E4 + r * E5 + r2 * E6);
  const s = EXP2_J64[k & TABLE_MASK] * POW2[(k >> TABLE_BITS) + 1074];
  return s - 1 + s * p;
}

// Splits a double into exponent and mantissa by reading its bits: an exact integer operation.
const F64 = new Float64Array(1);
const U32 = new Uint32Array(F64.buffer);
const HI = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0; // little-endian: high word at 1
const SQRT_HALF = 0.7071067811865476;

// 1/n for the odd n of the atanh series, as exact-rounded divisions.
const A3 = 1 / 3;
const A5 = 1 / 5;
const A7 = 1 / 7;
const A9 = 1 / 9;
const A11 = 1 / 11;
const A13 = 1 / 13;
const A15 = 1 / 15;
const A17 = 1 / 17;
const A19 = 1 / 19;
const A21 = 1 / 21;

/**
 * 2·atanh(s) = log((1+s)/(1−s)) for |s| ≤ 0.1716 by its odd series to s²¹ (remainder < 1e-18),
 * as 2s + 2s·t·q(t) with t = s²: the rounding falls on a correction under 1 % of the result, and q
 * is evaluated in independent pieces (Estrin) rather than one chain of ten dependent steps.
 */
function log1pOverSeries(s: number): number {
  const t = s * s;
  const t2 = t * t;
  const t4 = t2 * t2;
  const q = A3 + t * A5 + t2 * (A7 + t * A9) + t4 * (A11 + t * A13 + t2 * (A15 + t * A17)) + t4 * t4 * (A19 + t * A21);
  const s2 = 2 * s;
  return s2 + s2 * t * q;
}

/**
 * Natural logarithm. x = m·2^e with m in [√½, √2), log m = 2·atanh((m−1)/(m+1)).
 * @example log(Math.E) // 1
 */
export function log(x: number): number {
  if (x !== x || x < 0) return NaN;
  if (x === 0) return -Infinity;
  if (x === Infinity) return x;
  let scale = 0;
  if (x < 2.2250738585072014e-308) {
    x *= 18014398509481984; // 2^54: lift subnormals so the exponent bits are meaningful
    scale = -54;
  }
  F64[0] = x;
  const hi = U32[HI];
  let e = ((hi >>> 20) & 0x7ff) - 1023;
  U32[HI] = (hi & 0x000fffff) | 0x3ff00000; // mantissa m in [1, 2)
  let m = F64[0];
  if (m > 1.4142135623730951) {
    m /= 2;
    e += 1;
  }
  if (m < SQRT_HALF) {
    m *= 2;
    e -= 1;
  }
  const k = e + scale;
  const s = (m - 1) / (m + 1);
  return k * LN2_HI + (log1pOverSeries(s) + k * LN2_LO);
}

/**
 * log(1 + x), accurate near 0: log(w)·x/(w − 1) with w = 1 + x corrects w's rounding.
 * @example log1p(1e-10) // 9.9999999995e-11
 */
export function log1p(x: number): number {
  const w = 1 + x;
  if (w === 1) return x;
  if (w === Infinity) return w;
  // Beyond 2⁵³, 1 + x is x itself, and log(w)·x overflowed to Infinity above ~2.5e305.
  if (x > 9007199254740992) return log(w);
  return (log(w) * x) / (w - 1);
}

// tanh's rational approximation near 0: the 7th convergent of Lambert's continued fraction
// tanh x = x/(1 + x²/(3 + x²/(5 + …))) is x·P(x²)/Q(x²) with exact integer coefficients,
// P = 2027025 + 270270y + 6930y² + 36y³, Q = 2027025 + 945945y + 51975y² + 630y³ + y⁴. Written
// as x − x·y·D(y)/Q(y) with D = (Q − P)/y, so the rounding errors fall on a correction (under a
// sixth of the result below 0.7), not on the result.
const TQ0 = 2027025;
const TQ1 = 945945;
const TQ2 = 51975;
const TQ3 = 630;
const TD0 = 675675;
const TD1 = 45045;
const TD2 = 594;
/** Below this |x| the rational form is used; above, 1 − 2/(e^2|x| + 1). */
const TANH_RATIONAL_LIMIT = 0.7;

/**
 * Hyperbolic tangent. |x| < 0.7: x − x·y·D(y)/Q(y) (above); otherwise 1 − 2/(e^(2|x|) + 1) with the
 * sign of x, odd by construction; ±1 beyond |x| = 20. One division and one exp at most.
 * @example tanh(0.5) // 0.46211715726000974
 */
export function tanh(x: number): number {
  const ax = x < 0 ? -x : x;
  if (ax < TANH_RATIONAL_LIMIT) {
    const y = x * x;
    const y2 = y * y;
    return x - (x * y * (TD0 + TD1 * y + y2 * (TD2 + y))) / (TQ0 + TQ1 * y + y2 * (TQ2 + TQ3 * y + y2));
  }
  if (x !== x) return x;
  if (ax > 20) return x < 0 ? -1 : 1;
  const r = 1 - 2 / (exp(2 * ax) + 1);
  return x < 0 ? -r : r;
}

/**
 * Logistic function 1 / (1 + e^−x).
 * @example sigmoid(0) // 0.5
 */
export function sigmoid(x: number): number {
  return 1 / (1 + exp(-x));
}

const TWO_OVER_SQRT_PI = 1.1283791670955126;

/**
 * Error function. For |x| ≤ 6: erf x = 2/√π · e^(−x²) · Σ 2ⁿ x^(2n+1) / (1·3·…·(2n+1)), a series of
 * positive terms (no cancellation), summed until a term no longer changes the sum; ±1 beyond 6,
 * where 1 − erf x < 2e-17.
 * @example erf(1) // 0.8427007929497149
 */
export function erf(x: number): number {
  if (x !== x) return x;
  const ax = x < 0 ? -x : x;
  if (ax > 6) return x < 0 ? -1 : 1;
  const x2 = ax * ax;
  let term = ax;
  let sum = ax;
  for (let n = 1; n < 200; n++) {
    term = (term * 2 * x2) / (2 * n + 1);
    const next = sum + term;
    if (next === sum) break;
    sum = next;
  }
  const r = TWO_OVER_SQRT_PI * exp(-x2) * sum;
  return x < 0 ? -r : r;
}
