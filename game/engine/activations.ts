/**
 * The ten activations as whole-array loops: one `switch` per layer per pass, never per value, so
 * the hot loop has no dispatch. Same functions and constants as the tfjs path (game/activations.ts):
 * gelu is the tanh form, leaky_relu's slope is 0.01, selu uses Klambauer's constants.
 */
import { LEAKY_ALPHA, SELU_ALPHA, SELU_SCALE } from '../activation-constants';
import type { Activation } from '../spec';
import type { UnitTally } from './layer';
import { exp, expm1, log1p, sigmoid, tanh } from './math';
import { finishSumSq, sumSq } from './sum-sq';

const GELU_C = 0.7978845608028654; // sqrt(2/π)
const GELU_K = 0.044715;

/** Activations whose units can saturate (derivative near 0 at both ends). */
export const SATURATING: ReadonlySet<Activation> = new Set<Activation>(['sigmoid', 'tanh']);
/** Activations whose units can die (zero output and zero derivative for every input ≤ 0). */
export const RECTIFIED: ReadonlySet<Activation> = new Set<Activation>(['relu', 'leaky_relu']);

/** softplus(z) = log(1 + e^z), computed without overflow: z + log1p(e^−z) for z > 0. */
function softplus(z: number): number {
  return z > 0 ? z + log1p(exp(-z)) : log1p(exp(z));
}

/**
 * a[i] = f(z[i]) for i < n; `aux` keeps what the derivative reuses (swish: σ(z); gelu: tanh(u)).
 * @example activate('tanh', z, a, aux, 8)
 */
export function activate(kind: Activation, z: Float64Array, a: Float64Array, aux: Float64Array, n: number): void {
  switch (kind) {
    case 'linear':
      for (let i = 0; i < n; i++) a[i] = z[i];
      return;
    case 'sigmoid':
      for (let i = 0; i < n; i++) a[i] = sigmoid(z[i]);
      return;
    case 'tanh':
      for (let i = 0; i < n; i++) a[i] = tanh(z[i]);
      return;
    case 'relu':
      for (let i = 0; i < n; i++) a[i] = z[i] > 0 ? z[i] : 0;
      return;
    case 'leaky_relu':
      for (let i = 0; i < n; i++) a[i] = z[i] > 0 ? z[i] : LEAKY_ALPHA * z[i];
      return;
    case 'elu':
      for (let i = 0; i < n; i++) a[i] = z[i] > 0 ? z[i] : expm1(z[i]);
      return;
    case 'selu':
      for (let i = 0; i < n; i++) a[i] = z[i] > 0 ? SELU_SCALE * z[i] : SELU_SCALE * SELU_ALPHA * expm1(z[i]);
      return;
    case 'swish':
      for (let i = 0; i < n; i++) {
        const s = sigmoid(z[i]);
        aux[i] = s;
        a[i] = z[i] * s;
      }
      return;
    case 'gelu':
      for (let i = 0; i < n; i++) {
        const v = z[i];
        const th = tanh(GELU_C * (v + GELU_K * v * v * v));
        aux[i] = th;
        a[i] = 0.5 * v * (1 + th);
      }
      return;
    case 'softplus':
      for (let i = 0; i < n; i++) a[i] = softplus(z[i]);
      return;
  }
}

/**
 * dz[i] = da[i] · f′(z[i]) for i < n, from the forward pass's z, a and aux. Derivatives at a kink
 * (relu at 0) are taken as tfjs takes them: 0.
 * @example activationBackward('tanh', z, a, aux, da, dz, 8)
 */
export function activationBackward(
  kind: Activation,
  z: Float64Array,
  a: Float64Array,
  aux: Float64Array,
  da: Float64Array,
  dz: Float64Array,
  n: number,
): void {
  switch (kind) {
    case 'linear': // f′ = 1
      for (let i = 0; i < n; i++) dz[i] = da[i];
      return;
    case 'sigmoid': // f′ = a(1 − a)
      for (let i = 0; i < n; i++) dz[i] = da[i] * (a[i] * (1 - a[i]));
      return;
    case 'tanh': // f′ = 1 − a²
      for (let i = 0; i < n; i++) dz[i] = da[i] * (1 - a[i] * a[i]);
      return;
    case 'relu': // f′ = [z > 0]
      for (let i = 0; i < n; i++) dz[i] = z[i] > 0 ? da[i] : 0;
      return;
    case 'leaky_relu': // f′ = 1 for z > 0, else α
      for (let i = 0; i < n; i++) dz[i] = z[i] > 0 ? da[i] : da[i] * LEAKY_ALPHA;
      return;
    case 'elu': // f′ = 1 for z > 0, else e^z = a + 1
      for (let i = 0; i < n; i++) dz[i] = z[i] > 0 ? da[i] : da[i] * (a[i] + 1);
      return;
    case 'selu': // f′ = λ for z > 0, else λα·e^z = a + λα
      for (let i = 0; i < n; i++) dz[i] = z[i] > 0 ? da[i] * SELU_SCALE : da[i] * (a[i] + SELU_SCALE * SELU_ALPHA);
      return;
    case 'swish': // f′ = s + a(1 − s), s = σ(z)
      for (let i = 0; i < n; i++) dz[i] = da[i] * (aux[i] + a[i] * (1 - aux[i]));
      return;
    case 'gelu': // f′ = ½(1 + th) + ½z(1 − th²)·c(1 + 3k z²), th = tanh(c(z + k z³))
      for (let i = 0; i < n; i++) {
        const v = z[i];
        const th = aux[i];
        const du = GELU_C * (1 + 3 * GELU_K * v * v);
        dz[i] = da[i] * (0.5 * (1 + th) + 0.5 * v * ((1 - th * th) * du));
      }
      return;
    case 'softplus': // f′ = σ(z)
      for (let i = 0; i < n; i++) dz[i] = da[i] * sigmoid(z[i]);
      return;
  }
}

/**
 * `activate` on a training batch that also adds the batch to the unit counters (internals.ts), in
 * the same loop: `rows` rows of `u` units; slope[j] += (f′(z)/max f′)·scale for sigmoid and tanh,
 * active[j] += 1 where z > 0 for relu and leaky_relu (other kinds count nothing). Row after row,
 * so each counter adds its terms in the order a separate pass over the outputs would.
 * @example activateTally('tanh', z, a, aux, rows, units, tally, 1)
 */
export function activateTally(
  kind: Activation,
  z: Float64Array,
  a: Float64Array,
  aux: Float64Array,
  rows: number,
  u: number,
  tally: UnitTally,
  scale: number,
): void {
  const slope = tally.slope;
  const active = tally.active;
  switch (kind) {
    case 'sigmoid':
      for (let r = 0, o = 0; r < rows; r++, o += u) {
        for (let j = 0; j < u; j++) {
          const v = sigmoid(z[o + j]);
          a[o + j] = v;
          slope[j] += 4 * v * (1 - v) * scale;
        }
      }
      return;
    case 'tanh':
      for (let r = 0, o = 0; r < rows; r++, o += u) {
        for (let j = 0; j < u; j++) {
          const v = tanh(z[o + j]);
          a[o + j] = v;
          slope[j] += (1 - v * v) * scale;
        }
      }
      return;
    case 'relu':
      for (let r = 0, o = 0; r < rows; r++, o += u) {
        for (let j = 0; j < u; j++) {
          const v = z[o + j];
          if (v > 0) {
            a[o + j] = v;
            active[j] += 1;
          } else a[o + j] = 0;
        }
      }
      return;
    case 'leaky_relu':
      for (let r = 0, o = 0; r < rows; r++, o += u) {
        for (let j = 0; j < u; j++) {
          const v = z[o + j];
          if (v > 0) {
            a[o + j] = v;
            active[j] += 1;
          } else a[o + j] = LEAKY_ALPHA * v;
        }
      }
      return;
    default:
      activate(kind, z, a, aux, rows * u);
  }
}

/**
 * `activationBackward` that also returns Σ da[i]² (i < n), the squared norm of the gradient
 * arriving from above, summed in sum-sq.ts's order, in the same loop. The common kinds are fused;
 * the others take a separate pass over `da` (same sum).
 * @example const signalSq = activationBackwardSq('tanh', z, a, aux, da, dz, 8)
 */
export function activationBackwardSq(
  kind: Activation,
  z: Float64Array,
  a: Float64Array,
  aux: Float64Array,
  da: Float64Array,
  dz: Float64Array,
  n: number,
): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let i = 0;
  switch (kind) {
    case 'linear':
      for (; i + 3 < n; i += 4) {
        const d0 = da[i];
        const d1 = da[i + 1];
        const d2 = da[i + 2];
        const d3 = da[i + 3];
        s0 += d0 * d0;
        s1 += d1 * d1;
        s2 += d2 * d2;
        s3 += d3 * d3;
        dz[i] = d0;
        dz[i + 1] = d1;
        dz[i + 2] = d2;
        dz[i + 3] = d3;
      }
      for (let k = i; k < n; k++) dz[k] = da[k];
      break;
    case 'sigmoid':
      for (; i + 3 < n; i += 4) {
        const d0 = da[i];
        const d1 = da[i + 1];
        const d2 = da[i + 2];
        const d3 = da[i + 3];
        s0 += d0 * d0;
        s1 += d1 * d1;
        s2 += d2 * d2;
        s3 += d3 * d3;
        dz[i] = d0 * (a[i] * (1 - a[i]));
        dz[i + 1] = d1 * (a[i + 1] * (1 - a[i + 1]));
        dz[i + 2] = d2 * (a[i + 2] * (1 - a[i + 2]));
        dz[i + 3] = d3 * (a[i + 3] * (1 - a[i + 3]));
      }
      for (let k = i; k < n; k++) dz[k] = da[k] * (a[k] * (1 - a[k]));
      break;
    case 'tanh':
      for (; i + 3 < n; i += 4) {
        const d0 = da[i];
        const d1 = da[i + 1];
        const d2 = da[i + 2];
        const d3 = da[i + 3];
        s0 += d0 * d0;
        s1 += d1 * d1;
        s2 += d2 * d2;
        s3 += d3 * d3;
        dz[i] = d0 * (1 - a[i] * a[i]);
        dz[i + 1] = d1 * (1 - a[i + 1] * a[i + 1]);
        dz[i + 2] = d2 * (1 - a[i + 2] * a[i + 2]);
        dz[i + 3] = d3 * (1 - a[i + 3] * a[i + 3]);
      }
      for (let k = i; k < n; k++) dz[k] = da[k] * (1 - a[k] * a[k]);
      break;
    case 'relu':
      for (; i + 3 < n; i += 4) {
        const d0 = da[i];
        const d1 = da[i + 1];
        const d2 = da[i + 2];
        const d3 = da[i + 3];
        s0 += d0 * d0;
        s1 += d1 * d1;
        s2 += d2 * d2;
        s3 += d3 * d3;
        dz[i] = z[i] > 0 ? d0 : 0;
        dz[i + 1] = z[i + 1] > 0 ? d1 : 0;
        dz[i + 2] = z[i + 2] > 0 ? d2 : 0;
        dz[i + 3] = z[i + 3] > 0 ? d3 : 0;
      }
      for (let k = i; k < n; k++) dz[k] = z[k] > 0 ? da[k] : 0;
      break;
    default:
      activationBackward(kind, z, a, aux, da, dz, n);
      return sumSq(da, n);
  }
  return finishSumSq(da, i, n, s0, s1, s2, s3);
}
