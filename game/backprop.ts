/**
 * The backward pass, written out by hand (see activations.ts for why tfjs autodiff is not used).
 * Every derivative is a plain forward kernel, so the same code runs on cpu, wasm and webgl.
 */
import * as tf from '@tensorflow/tfjs-core';
import { bmm } from './kernels';
import { convWeights, traced, type ForwardTrace, type LayerPlan, type LayerTrace, type ModelPlan } from './model';
import { convBackward } from './model-conv';

/** Bias gradient: the sum over the batch of a [1, batch, width] gradient. */
function sumRows(t: tf.Tensor): tf.Tensor {
  return tf.sum(t, [0, 1]);
}

/** Kernel gradient and input gradient of a (grouped) dense layer, given dL/dz. */
function denseBackward(
  plan: LayerPlan,
  t: LayerTrace,
  dz: tf.Tensor,
  kernel: tf.Tensor,
  needInput: boolean,
): { dKernel: tf.Tensor; dInput: tf.Tensor | null } {
  const { groups: g, units: u, inputWidth: din } = plan;
  if (g === 1) {
    return {
      dKernel: bmm(t.input, dz, true, false),
      dInput: needInput ? bmm(dz, kernel, false, true) : null,
    };
  }
  const batch = dz.shape[1] as number;
  const dzg = tf.transpose(tf.reshape(dz, [batch, g, u / g]), [1, 0, 2]);
  const dKernel = bmm(traced(t.groupedInput, 'groupedInput'), dzg, true, false);
  if (!needInput) return { dKernel, dInput: null };
  const dhg = bmm(dzg, kernel, false, true);
  return { dKernel, dInput: tf.reshape(tf.transpose(dhg, [1, 0, 2]), [1, batch, din]) };
}

/**
 * Gradients of one hidden layer. Writes weight gradients into `grads` (by manifest index) and
 * returns dL/d(input), or null for the first layer (nothing upstream needs it).
 */
function layerBackward(plan: LayerPlan, t: LayerTrace, dy: tf.Tensor, w: tf.Tensor[], grads: tf.Tensor[]): tf.Tensor | null {
  const needInput = plan.index > 1;
  if (plan.conv && t.conv) {
    const g = convBackward(plan.conv, plan.impl, plan.shortcut, t.conv, dy, convWeights(plan, w), needInput);
    grads[plan.kernel] = g.kernel;
    grads[plan.bias] = g.bias;
    if (plan.projection >= 0) grads[plan.projection] = traced(g.projection, 'projection gradient');
    if (plan.gateKernel >= 0) grads[plan.gateKernel] = traced(g.gateKernel, 'gate gradient');
    if (plan.gateBias >= 0) grads[plan.gateBias] = traced(g.gateBias, 'gate bias gradient');
    return g.input;
  }
  let da = dy;
  const upstream: tf.Tensor[] = [];
  let dSkip: tf.Tensor | null = null;
  if (plan.shortcut === 'residual') {
    dSkip = dy;
  } else if (plan.shortcut === 'highway') {
    const gate = traced(t.gate, 'gate');
    da = tf.mul(dy, gate);
    dSkip = tf.sub(dy, da); // dy·(1 − T)
    const dzGate = tf.mul(tf.mul(dy, traced(t.diff, 'diff')), tf.mul(gate, tf.sub(1, gate)));
    grads[plan.gateKernel] = bmm(t.input, dzGate, true, false);
    grads[plan.gateBias] = sumRows(dzGate);
    upstream.push(bmm(dzGate, w[plan.gateKernel], false, true));
  }
  if (dSkip !== null) {
    if (plan.projection >= 0) {
      grads[plan.projection] = bmm(t.input, dSkip, true, false);
      upstream.push(bmm(dSkip, w[plan.projection], false, true));
    } else {
      upstream.push(dSkip);
    }
  }
  const dz = plan.impl.backward(da, t.z, t.act);
  grads[plan.bias] = sumRows(dz);
  const { dKernel, dInput } = denseBackward(plan, t, dz, w[plan.kernel], needInput);
  grads[plan.kernel] = dKernel;
  if (!needInput) return null;
  upstream.push(traced(dInput, 'input gradient'));
  return upstream.length === 1 ? upstream[0] : tf.addN(upstream);
}

/**
 * Gradient of the loss with respect to every weight, flat in canonical order, given dL/dlogits
 * ([1, batch, classes], like the trace).
 * Call inside tf.tidy. The l2 penalty is added by the caller (it is one masked product).
 * @example const g = backward(plan, views, trace, dLogits); // Tensor1D of paramCount values
 */
export function backward(plan: ModelPlan, w: tf.Tensor[], trace: ForwardTrace, dLogits: tf.Tensor): tf.Tensor {
  const grads: tf.Tensor[] = new Array<tf.Tensor>(plan.manifest.length);
  grads[plan.headKernel] = bmm(trace.last, dLogits, true, false);
  grads[plan.headBias] = sumRows(dLogits);
  let dy: tf.Tensor | null = bmm(dLogits, w[plan.headKernel], false, true);
  for (let k = plan.layers.length - 1; k >= 0 && dy !== null; k--) {
    dy = layerBackward(plan.layers[k], trace.layers[k], dy, w, grads);
  }
  return tf.concat(grads.map((g) => tf.reshape(g, [-1])));
}
