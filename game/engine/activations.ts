/**
 * The ten activations as whole-array loops: one `switch` per layer per pass, never per value, so
 * the hot loop has no dispatch. Same functions and constants as the tfjs path (game/activations.ts):
 * gelu is the tanh form, leaky_relu's slope is 0.01, selu uses Klambauer's constants.
 */
import { LEAKY_ALPHA, SELU_ALPHA, SELU_SCALE } from '../activation-constants';
import type { Activation } from '../spec';
import { exp, expm1, log1p, sigmoid, tanh } from './math';

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
