/**
 * The ten hidden-layer activations, each with its forward op and its hand-written derivative.
 *
 * Why hand-written: tfjs-core's gradient registry (`register_all_gradients`) ships only as
 * extensionless ESM that Node cannot load, so autodiff is unavailable in the bot and the server
 * replay. game/ therefore backpropagates explicitly (see `backprop.ts`) with forward kernels only,
 * which every backend has and which give the same bits in the page, a Worker and Node.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Activation } from './spec';

/** Activations that `tf.fused.matMul` can apply itself (wasm, cpu and webgl all support these). */
export type FusedActivation = 'linear' | 'relu' | 'elu' | 'sigmoid' | 'leakyrelu';

import { LEAKY_ALPHA, SELU_ALPHA, SELU_SCALE } from './activation-constants';
export { LEAKY_ALPHA, SELU_ALPHA, SELU_SCALE };
/** sqrt(2/π) and the cubic coefficient of the tanh approximation of GELU. */
const GELU_C = Math.sqrt(2 / Math.PI);
const GELU_K = 0.044715;

export interface ActivationOut {
  a: tf.Tensor;
  /** Extra forward value the derivative needs (swish: sigmoid(z); gelu: tanh(u)). */
  aux?: tf.Tensor;
}

export interface ActivationImpl {
  /**
   * Set when the fused matMul may apply this activation: the derivative then depends on the
   * output `a` alone, since the fused op never materialises the pre-activation `z`.
   */
  fused?: FusedActivation;
  forward(z: tf.Tensor): ActivationOut;
  /** dL/dz from dL/da. `z` is null when the forward pass was fused (only for `fused` ones). */
  backward(da: tf.Tensor, z: tf.Tensor | null, out: ActivationOut): tf.Tensor;
}

function needZ(z: tf.Tensor | null): tf.Tensor {
  if (z === null) throw new Error('activation derivative needs the pre-activation');
  return z;
}

/**
 * Forward and derivative of every activation. Callers own tidying: every op here allocates.
 * @example const { a } = ACTIVATION_IMPLS.tanh.forward(z);
 */
export const ACTIVATION_IMPLS: Record<Activation, ActivationImpl> = {
  linear: {
    fused: 'linear',
    forward: (z) => ({ a: z }),
    backward: (da) => da,
  },
  sigmoid: {
    fused: 'sigmoid',
    forward: (z) => ({ a: tf.sigmoid(z) }),
    backward: (da, _z, { a }) => tf.mul(da, tf.mul(a, tf.sub(1, a))),
  },
  tanh: {
    forward: (z) => ({ a: tf.tanh(z) }),
    backward: (da, _z, { a }) => tf.mul(da, tf.sub(1, tf.square(a))),
  },
  relu: {
    fused: 'relu',
    forward: (z) => ({ a: tf.relu(z) }),
    // a > 0 exactly where z > 0; the derivative at 0 is taken as 0, as tfjs does.
    backward: (da, _z, { a }) => tf.mul(da, tf.step(a)),
  },
  leaky_relu: {
    fused: 'leakyrelu',
    forward: (z) => ({ a: tf.leakyRelu(z, LEAKY_ALPHA) }),
    backward: (da, _z, { a }) => tf.mul(da, tf.step(a, LEAKY_ALPHA)),
  },
  elu: {
    fused: 'elu',
    forward: (z) => ({ a: tf.elu(z) }),
    // For z ≤ 0, a = e^z − 1 so a' = a + 1 ≤ 1; for z > 0, a' = 1 < a + 1. Hence min(a + 1, 1).
    backward: (da, _z, { a }) => tf.mul(da, tf.minimum(tf.add(a, 1), 1)),
  },
  selu: {
    forward: (z) => ({ a: tf.selu(z) }),
    backward: (da, _z, { a }) =>
      tf.mul(da, tf.where(tf.greater(a, 0), tf.fill(a.shape, SELU_SCALE), tf.add(a, SELU_SCALE * SELU_ALPHA))),
  },
  swish: {
    forward: (z) => {
      const s = tf.sigmoid(z);
      return { a: tf.mul(z, s), aux: s };
    },
    // d/dz z·s(z) = s + z·s·(1 − s) = s + a·(1 − s)
    backward: (da, _z, { a, aux }) => {
      const s = aux as tf.Tensor;
      return tf.mul(da, tf.add(s, tf.mul(a, tf.sub(1, s))));
    },
  },
  gelu: {
    forward: (z) => {
      const inner = tf.mul(z, tf.add(1, tf.mul(GELU_K, tf.square(z))));
      const th = tf.tanh(tf.mul(GELU_C, inner));
      return { a: tf.mul(tf.mul(0.5, z), tf.add(1, th)), aux: th };
    },
    // d/dz ½z(1 + th) = ½(1 + th) + ½z(1 − th²)·c(1 + 3k z²)
    backward: (da, zIn, { aux }) => {
      const z = needZ(zIn);
      const th = aux as tf.Tensor;
      const du = tf.mul(GELU_C, tf.add(1, tf.mul(3 * GELU_K, tf.square(z))));
      const d = tf.add(tf.mul(0.5, tf.add(1, th)), tf.mul(tf.mul(0.5, z), tf.mul(tf.sub(1, tf.square(th)), du)));
      return tf.mul(da, d);
    },
  },
  softplus: {
    forward: (z) => ({ a: tf.softplus(z) }),
    backward: (da, z) => tf.mul(da, tf.sigmoid(needZ(z))),
  },
};
