/**
 * The network as tfjs computations: a plan (which flat-vector entry feeds which op) and a model
 * that holds every weight in ONE flat float32 variable in canonical `weightManifest` order.
 *
 * Why one variable: the optimizer then updates all weights with a handful of ops per step instead
 * of a handful per array (tfjs pays a fixed cost per op), the l2 penalty is one masked product,
 * and reading the weights back is a single copy that is already the wire format.
 */
import * as tf from '@tensorflow/tfjs-core';
import { ACTIVATION_IMPLS, type ActivationImpl, type ActivationOut } from './activations';
import { bmm, fusedBmm } from './kernels';
import { weightManifest, type WeightEntry } from './manifest';
import { layerShapes, shapeSize } from './conv-shape';
import { hasShortcut } from './manifest';
import { convForward, convPlan, type ConvPlan, type ConvTrace, type ConvWeights } from './model-conv';
import type { Activation, NetworkSpec, Shortcut, TaskShape } from './spec';
import { isConvLayer } from './spec';
import { GameInputError } from './errors';

/** Thrown when a weight vector does not fit the network (wrong length). */
export class ModelInputError extends GameInputError {
  readonly code = 'BAD_MODEL_INPUT' as const;
}

export interface LayerPlan {
  /** 1-based hidden layer index. */
  index: number;
  inputWidth: number;
  units: number;
  groups: number;
  activation: Activation;
  impl: ActivationImpl;
  /** The shortcut this layer actually has ('none' for layer 1). */
  shortcut: Shortcut;
  /** Conv layers only: the gather indices and picture sizes (model-conv.ts). */
  conv?: ConvPlan;
  /** Indices into the manifest; -1 when absent. */
  kernel: number;
  bias: number;
  projection: number;
  gateKernel: number;
  gateBias: number;
}

export interface ModelPlan {
  manifest: WeightEntry[];
  layers: LayerPlan[];
  headKernel: number;
  headBias: number;
  /** Shape each manifest entry is used in: matrices are rank 3, biases rank 1. */
  computeShapes: number[][];
  paramCount: number;
}

/**
 * Maps the network onto the manifest. Pure.
 * @example planModel(net, { inputDim: 2, classes: 2 }).layers[0].kernel // 0
 */
export function planModel(network: NetworkSpec, task: TaskShape): ModelPlan {
  const manifest = weightManifest(network, task);
  const find = (name: string): number => manifest.findIndex((e) => e.name === name);
  const shapes = layerShapes(network, task);
  const layers = network.layers.map((spec, k): LayerPlan => {
    const i = k + 1;
    const input = shapes[k].input;
    const plan: LayerPlan = {
      index: i,
      inputWidth: shapeSize(input),
      units: isConvLayer(spec) ? spec.filters : spec.units,
      groups: spec.groups,
      activation: spec.activation,
      impl: ACTIVATION_IMPLS[spec.activation],
      shortcut: hasShortcut(network, i) ? network.shortcut : 'none',
      kernel: find(`layer${i}/kernel`),
      bias: find(`layer${i}/bias`),
      projection: find(`layer${i}/projection`),
      gateKernel: find(`layer${i}/gate_kernel`),
      gateBias: find(`layer${i}/gate_bias`),
    };
    if (isConvLayer(spec) && input.kind === 'image') plan.conv = convPlan(input, spec);
    return plan;
  });
  // Kernels keep their [g, in/g, out/g] shape (conv kernels [g, k·k·c/g, f/g]); the other matrices
  // get a leading 1 so that every product is a rank-3 batched matMul (see kernels.ts).
  const computeShapes = manifest.map((e) => {
    if (e.shape.length === 5) return [e.shape[0], e.shape[1] * e.shape[2] * e.shape[3], e.shape[4]];
    return e.shape.length === 2 ? [1, ...e.shape] : e.shape;
  });
  const last = manifest[manifest.length - 1];
  return {
    manifest,
    layers,
    headKernel: find('head/kernel'),
    headBias: find('head/bias'),
    computeShapes,
    paramCount: last.offset + last.size,
  };
}

/** Unwraps a trace field the layer's shortcut guarantees; a missing one is a programming error. */
export function traced<T>(v: T | null | undefined, what: string): T {
  if (v === null || v === undefined) throw new Error(`forward trace lacks ${what}`);
  return v;
}

/** What the backward pass needs from one hidden layer's forward pass. */
export interface LayerTrace {
  input: tf.Tensor;
  /** Conv layers: everything their backward pass needs (the fields below are then unused). */
  conv?: ConvTrace;
  /** Grouped layers: the input split into groups, [g, batch, inputWidth/g]. */
  groupedInput?: tf.Tensor;
  /** Pre-activation; null when the activation was fused into the matMul. */
  z: tf.Tensor | null;
  act: ActivationOut;
  /** Shortcut path P(h) (identity or projection). */
  skip?: tf.Tensor;
  /** Highway gate T(h). */
  gate?: tf.Tensor;
  /** Highway: F(h) − P(h), reused by the gate's derivative. */
  diff?: tf.Tensor;
}

export interface ForwardTrace {
  layers: LayerTrace[];
  /** Output of the last hidden layer. */
  last: tf.Tensor;
  logits: tf.Tensor;
}

export interface ModelOptions {
  /**
   * Use tf.fused.matMul (matMul + bias + activation in one op). Default true. Turning it off
   * changes the float rounding, so it exists only to measure what fusion buys (bench).
   */
  fused?: boolean;
}

function denseLayer(plan: LayerPlan, h: tf.Tensor, w: tf.Tensor[], fused: boolean): LayerTrace {
  const { groups: g, units: u, inputWidth: din, impl } = plan;
  const kernel = w[plan.kernel];
  const bias = w[plan.bias];
  if (g === 1 && fused && impl.fused !== undefined) {
    return { input: h, z: null, act: { a: fusedBmm(h, kernel, bias, impl.fused) } };
  }
  let z: tf.Tensor;
  let groupedInput: tf.Tensor | undefined;
  if (g === 1) {
    z = fused ? fusedBmm(h, kernel, bias, 'linear') : tf.add(bmm(h, kernel), bias);
  } else {
    // Block-diagonal dense as a batched matMul over groups: [g,B,din/g] × [g,din/g,u/g].
    const batch = h.shape[1] as number;
    groupedInput = tf.transpose(tf.reshape(h, [batch, g, din / g]), [1, 0, 2]);
    const zg = bmm(groupedInput, kernel);
    z = tf.add(tf.reshape(tf.transpose(zg, [1, 0, 2]), [1, batch, u]), bias);
  }
  return { input: h, groupedInput, z, act: impl.forward(z) };
}

/** A conv layer's weights in compute shape. */
export function convWeights(plan: LayerPlan, w: tf.Tensor[]): ConvWeights {
  const at = (i: number): tf.Tensor | null => (i >= 0 ? w[i] : null);
  return { kernel: w[plan.kernel], bias: w[plan.bias], projection: at(plan.projection), gateKernel: at(plan.gateKernel), gateBias: at(plan.gateBias) };
}

function layerForward(plan: LayerPlan, h: tf.Tensor, w: tf.Tensor[], fused: boolean): LayerTrace {
  if (plan.conv) {
    const conv = convForward(plan.conv, plan.impl, plan.shortcut, h, convWeights(plan, w));
    return { input: h, conv, z: conv.z, act: conv.act };
  }
  const trace = denseLayer(plan, h, w, fused);
  if (plan.shortcut === 'none') return trace;
  const f = trace.act.a;
  const skip = plan.projection >= 0 ? bmm(h, w[plan.projection]) : h;
  if (plan.shortcut === 'residual') return { ...trace, skip };
  const gateKernel = w[plan.gateKernel];
  const gateBias = w[plan.gateBias];
  const gate = fused ? fusedBmm(h, gateKernel, gateBias, 'sigmoid') : tf.sigmoid(tf.add(bmm(h, gateKernel), gateBias));
  // F·T + P·(1 − T) written as P + T·(F − P): one op fewer, same function.
  return { ...trace, skip, gate, diff: tf.sub(f, skip) };
}

/** A layer's output y from its trace. */
export function layerOutput(plan: LayerPlan, t: LayerTrace): tf.Tensor {
  if (t.conv) return t.conv.out;
  const f = t.act.a;
  if (plan.shortcut === 'none' || t.skip === undefined) return f;
  if (plan.shortcut === 'residual') return tf.add(f, t.skip);
  return tf.add(t.skip, tf.mul(traced(t.gate, 'gate'), traced(t.diff, 'diff')));
}

/**
 * Runs the network on a batch x [batch, inputDim], keeping what backpropagation needs. Every
 * activation in the trace, and the logits, have shape [1, batch, width]. Call inside tf.tidy.
 * @example const { logits } = forward(plan, model.views(), x, true);
 */
export function forward(plan: ModelPlan, w: tf.Tensor[], x: tf.Tensor, fused: boolean): ForwardTrace {
  let h = tf.reshape(x, [1, x.shape[0], x.shape[1] as number]);
  const layers: LayerTrace[] = [];
  for (const layer of plan.layers) {
    const t = layerForward(layer, h, w, fused);
    layers.push(t);
    h = layerOutput(layer, t);
  }
  const head = w[plan.headKernel];
  const logits = fused ? fusedBmm(h, head, w[plan.headBias], 'linear') : tf.add(bmm(h, head), w[plan.headBias]);
  return { layers, last: h, logits };
}

export interface Model {
  readonly network: NetworkSpec;
  readonly task: TaskShape;
  readonly plan: ModelPlan;
  readonly fused: boolean;
  /** Every weight, flat, in canonical order. */
  readonly params: tf.Variable<tf.Rank.R1>;
  /** `[params]`: what an optimizer updates. */
  readonly variables: tf.Variable[];
  /** The weight arrays in manifest order, shaped for compute. Allocates: call inside tf.tidy. */
  views(): tf.Tensor[];
  /** Logits [batch, classes] for inputs [batch, inputDim]. Call inside tf.tidy. */
  logits(x: tf.Tensor): tf.Tensor;
  /** Copies the current weights out (one device read). */
  readWeights(): Float32Array;
  /** Replaces every weight. Throws ModelInputError on a wrong length. */
  setWeights(weights: Float32Array): void;
  dispose(): void;
}

/**
 * Builds a model holding `weights` (length `paramCount`) in a tfjs variable on the active backend.
 * Side effects: allocates one variable; call `dispose()` when done.
 * @example const m = createModel(net, task, initWeights(net, task, 1)); m.dispose();
 */
export function createModel(network: NetworkSpec, task: TaskShape, weights: Float32Array, opts: ModelOptions = {}): Model {
  const plan = planModel(network, task);
  const fused = opts.fused ?? true;
  const check = (w: Float32Array): void => {
    if (w.length !== plan.paramCount) {
      throw new ModelInputError(`expected ${plan.paramCount} weights, got ${w.length}`);
    }
  };
  check(weights);
  // tidy disposes the staging tensor but never a variable.
  const params = tf.tidy(() => tf.variable(tf.tensor1d(weights, 'float32'), true)) as tf.Variable<tf.Rank.R1>;
  const sizes = plan.manifest.map((e) => e.size);
  const views = (): tf.Tensor[] =>
    tf.split(params, sizes).map((part, i) => tf.reshape(part, plan.computeShapes[i]));
  return {
    network,
    task,
    plan,
    fused,
    params,
    variables: [params],
    views,
    logits: (x) => tf.reshape(forward(plan, views(), x, fused).logits, [x.shape[0], task.classes]),
    // dataSync may hand back the backend's own buffer (cpu): copy so later steps cannot change it.
    readWeights: () => Float32Array.from(params.dataSync()),
    setWeights: (w) => {
      check(w);
      tf.tidy(() => params.assign(tf.tensor1d(w, 'float32')));
    },
    dispose: () => params.dispose(),
  };
}
