/**
 * Direct calls to tfjs's batched matMul kernels on rank-3 tensors.
 *
 * Why: the public `tf.matMul` / `tf.fused.matMul` reshape both operands to rank 3 and the result
 * back (three extra kernels per product), and the fused op also wraps itself in a customGrad that
 * game/ never uses. The model keeps every activation as [1, batch, width] and every kernel as
 * [groups, in, out], so it can call the kernels as they are: the same arithmetic, about a third
 * fewer kernel launches per training step (tfjs pays a fixed cost per launch).
 */
import * as tf from '@tensorflow/tfjs-core';
import { LEAKY_ALPHA, type FusedActivation } from './activations';

/**
 * a × b over a shared (or broadcast 1) batch dimension: [n, r, k] × [n, k, c] → [n, r, c].
 * Pure tensor op; the caller tidies.
 * @example bmm(h, w) // [1, batch, units] from [1, batch, in] and [1, in, units]
 */
export function bmm(a: tf.Tensor, b: tf.Tensor, transposeA = false, transposeB = false): tf.Tensor {
  return tf.engine().runKernel(tf.BatchMatMul, { a, b }, { transposeA, transposeB }) as tf.Tensor;
}

/**
 * act(a × b + bias) in one kernel; `bias` is rank 1 (the wasm kernel accepts nothing else).
 * @example fusedBmm(h, w, b, 'relu')
 */
export function fusedBmm(a: tf.Tensor, b: tf.Tensor, bias: tf.Tensor, activation: FusedActivation): tf.Tensor {
  return tf.engine().runKernel(
    tf._FusedMatMul,
    { a, b, bias },
    { transposeA: false, transposeB: false, activation, leakyreluAlpha: LEAKY_ALPHA },
  ) as tf.Tensor;
}
