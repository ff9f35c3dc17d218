/**
 * Initial weights, drawn from the player's `training.seed` through game/'s own generator so that
 * the browser, the bot and the server replay start from the same float32 values.
 */
import { weightManifest, type WeightEntry } from './manifest';
import { createRng, deriveSeed, type Rng } from './rng';
import type { Activation, NetworkSpec, TaskShape } from './spec';

/**
 * Activations whose initial weights use He-uniform. These are the rectifier-like functions that
 * pass roughly half of a zero-mean input (relu, leaky_relu, elu) or behave like relu away from 0
 * (swish, gelu, softplus); He's sqrt(2) gain keeps their forward variance from shrinking layer by
 * layer. The saturating (sigmoid, tanh), self-normalising (selu) and linear ones use Glorot.
 */
export const HE_FAMILY: ReadonlySet<Activation> = new Set<Activation>([
  'relu',
  'leaky_relu',
  'elu',
  'swish',
  'gelu',
  'softplus',
]);

/** Starting bias of highway gates: T ≈ sigmoid(−2) ≈ 0.12, so a new layer mostly carries its input. */
export const GATE_BIAS_INIT = -2;

/**
 * Uniform limit for one weight array (0 for biases); fans of a grouped kernel are per group. A conv
 * kernel [g, k, k, c/g, f/g] has fan-in k·k·c/g and fan-out k·k·f/g (Keras's receptive-field fans).
 */
export function initLimit(entry: WeightEntry, network: NetworkSpec): number {
  switch (entry.kind) {
    case 'kernel': {
      const s = entry.shape;
      const fanIn = s.length === 5 ? s[1] * s[2] * s[3] : s[1];
      const fanOut = s.length === 5 ? s[1] * s[2] * s[4] : s[2];
      const act = network.layers[entry.layer - 1].activation;
      return HE_FAMILY.has(act) ? Math.sqrt(6 / fanIn) : Math.sqrt(6 / (fanIn + fanOut));
    }
    case 'projection':
    case 'gateKernel':
    case 'headKernel': {
      const [fanIn, fanOut] = entry.shape;
      return Math.sqrt(6 / (fanIn + fanOut));
    }
    default:
      return 0;
  }
}

function fill(out: Float32Array, entry: WeightEntry, limit: number, rng: Rng): void {
  const end = entry.offset + entry.size;
  if (entry.kind === 'gateBias') {
    out.fill(GATE_BIAS_INIT, entry.offset, end);
    return;
  }
  if (limit === 0) return; // biases start at zero (the array is zero-filled)
  for (let i = entry.offset; i < end; i++) out[i] = rng.uniform(-limit, limit);
}

/**
 * Builds the flat initial weight vector in the canonical order of `weightManifest`. One random
 * stream, seeded by `deriveSeed(seed, 'init')`, is consumed entry by entry in that order; values are
 * rounded to float32 as they are stored. Pure: the same arguments give the same bytes everywhere.
 * @example initWeights({ layers: [{ units: 8, activation: 'tanh', groups: 1 }], shortcut: 'none' }, { inputDim: 2, classes: 2 }, 42)
 */
export function initWeights(network: NetworkSpec, task: TaskShape, seed: number): Float32Array {
  const manifest = weightManifest(network, task);
  const last = manifest[manifest.length - 1];
  const out = new Float32Array(last.offset + last.size);
  const rng = createRng(deriveSeed(seed, 'init'));
  for (const entry of manifest) fill(out, entry, initLimit(entry, network), rng);
  return out;
}
