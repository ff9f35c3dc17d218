/**
 * One optimisation step: forward, softmax cross-entropy, explicit backward, l2, update.
 */
import * as tf from '@tensorflow/tfjs-core';
import { backward } from './backprop';
import { forward, type Model, type ModelPlan } from './model';
import type { Loss } from './spec';

/** Device-resident training data plus the state every step shares. */
export interface StepContext {
  model: Model;
  optimizer: tf.Optimizer;
  /** [n, inputDim] features. */
  x: tf.Tensor2D;
  /** [n, classes] one-hot labels. */
  oneHot: tf.Tensor2D;
  /** [n] labels. */
  y: tf.Tensor1D;
  /** 2·l2 on kernel entries, 0 on biases; null when l2 = 0 (skips two ops per step). */
  l2Grad: tf.Tensor1D | null;
  /** Training loss (absent: cross_entropy). */
  loss?: Loss;
}

/** Per-batch statistics, left on the device until the epoch ends. */
export interface StepStats {
  /** Σ over the batch of −(row loss): log p(true class) for cross_entropy, −Σ_k (p_k − y_k)² for mse. */
  logLik: tf.Scalar;
  /** Number of rows whose argmax is the label (int32). */
  correct: tf.Scalar;
}

/** Kinds of weight array the l2 penalty applies to (never biases). */
export const PENALISED_KINDS: ReadonlySet<string> = new Set(['kernel', 'projection', 'gateKernel', 'headKernel']);

/**
 * d(l2·Σ W²)/dW per unit weight: 2·l2 on kernel entries, 0 on biases; null when l2 is 0. Pure.
 * @example l2GradientMask(plan, 1e-4) // Float32Array of paramCount values
 */
export function l2GradientMask(plan: ModelPlan, l2: number): Float32Array | null {
  if (l2 === 0) return null;
  const mask = new Float32Array(plan.paramCount);
  for (const e of plan.manifest) if (PENALISED_KINDS.has(e.kind)) mask.fill(2 * l2, e.offset, e.offset + e.size);
  return mask;
}

/** Gradient of the training loss and the batch statistics it came with. */
export interface LossGradient {
  /** d(loss)/d(params), flat in canonical order. */
  grad: tf.Tensor1D;
  /** [1, batch, classes]. */
  logits: tf.Tensor3D;
  /** Σ over the batch of −(row loss) (see StepStats.logLik). */
  logLik: tf.Scalar;
}

/**
 * Loss = mean cross-entropy (or mse: mean of Σ_k (p_k − y_k)²) + l2·Σ kernel weights²; returns its
 * gradient for one batch. Call inside tf.tidy. `l2Grad` is 2·l2 on kernel entries (see
 * StepContext), or null.
 * @example const { grad } = lossGradient(model, xb, oneHotB, null);
 */
export function lossGradient(
  model: Model,
  xb: tf.Tensor2D,
  oneHot: tf.Tensor2D,
  l2Grad: tf.Tensor1D | null,
  loss: Loss = 'cross_entropy',
): LossGradient {
  const batch = xb.shape[0];
  const w = model.views();
  const trace = forward(model.plan, w, xb, model.fused);
  const logp = tf.logSoftmax(trace.logits);
  let logLik: tf.Scalar;
  let dLogits: tf.Tensor;
  if (loss === 'cross_entropy') {
    logLik = tf.sum(tf.mul(oneHot, logp)) as tf.Scalar;
    // d(mean CE)/dlogits = (softmax − onehot) / batch
    dLogits = tf.mul(tf.sub(tf.exp(logp), oneHot), 1 / batch);
  } else {
    const p = tf.exp(logp);
    const diff = tf.sub(p, oneHot);
    logLik = tf.neg(tf.sum(tf.square(diff))) as tf.Scalar;
    // g = 2(p − y)/batch; dL/dlogit_j = p_j·(g_j − Σ_k g_k p_k)
    const g = tf.mul(diff, 2 / batch);
    dLogits = tf.mul(p, tf.sub(g, tf.sum(tf.mul(g, p), -1, true)));
  }
  let grad = backward(model.plan, w, trace, dLogits);
  if (l2Grad !== null) grad = tf.add(grad, tf.mul(model.params, l2Grad));
  return { grad: grad as tf.Tensor1D, logits: trace.logits as tf.Tensor3D, logLik };
}

/**
 * Trains on the rows `rows` (int32 indices into the context's data) and returns the batch's
 * statistics. Side effects: updates the model's weights and the optimizer's state.
 * @example const s = trainStep(ctx, rows); // s.logLik, s.correct stay on the device
 */
export function trainStep(ctx: StepContext, rows: tf.Tensor1D): StepStats {
  return tf.tidy(() => {
    const xb = tf.gather(ctx.x, rows);
    const oneHot = tf.gather(ctx.oneHot, rows);
    const { grad, logits, logLik } = lossGradient(ctx.model, xb, oneHot, ctx.l2Grad, ctx.loss);
    const correct = tf.sum(tf.cast(tf.equal(tf.argMax(logits, 2), tf.gather(ctx.y, rows)), 'int32')) as tf.Scalar;
    ctx.optimizer.applyGradients({ [ctx.model.params.name]: grad });
    return { logLik, correct };
  });
}
