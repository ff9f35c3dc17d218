/**
 * Conv layers on tfjs, forward and hand-written backward (like the dense layers in model.ts and
 * backprop.ts), with the js engine's weight order, shapes and shortcut rule (conv-shape.ts).
 *
 * A convolution is im2col then a batched matMul: one `gather` copies each output pixel's k×k×c/g
 * window out of the picture (padding reads an appended zero column), one product per group
 * multiplies it with the kernel [g, k·k·c/g, f/g]. The input gradient is the transpose of that
 * gather: a second gather, through the precomputed list of the window entries that read each input
 * value, and a sum. The 2×2 pools gather their four window values the same way and take the max
 * (argmax for the gradient: the first of equal values wins, as in the js engine) or the mean. So
 * every op is a plain forward kernel that cpu, wasm and webgl all have (wasm has no
 * Conv2DBackpropFilter, and its MaxPoolGrad leaves the non-maximal pixels unwritten).
 * Activations stay [1, batch, h·w·c] as in model.ts, so the dense layers and the head read a conv
 * output flattened in [h, w, c] order.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { ActivationImpl, ActivationOut } from './activations';
import { padBefore, shortcutOffset } from './conv-shape';
import { bmm, fusedBmm } from './kernels';
import type { ConvPool, Shortcut } from './spec';

/** Where one convolution reads: precomputed gather indices for a geometry. */
export interface Im2col {
  /** Input values per row (h·w·c); index `inSize` reads the appended zero. */
  inSize: number;
  /** Output pixels. */
  pixels: number;
  groups: number;
  /** Window length per group: k·k·c/g. */
  tap: number;
  /** [g][pixel][ky, kx, ci] → input index, g·pixels·tap entries. */
  index: Int32Array;
  /** [input value][reader] → entry of `index` that reads it (or index.length: a zero), inSize·readers. */
  readers: Int32Array;
  readerCount: number;
}

/**
 * The gather indices of a convolution of [h, w, c] with a k×k kernel, stride s, groups g, reading
 * input pixel o·s − pad + q for output pixel o and kernel offset q (taps outside read the zero).
 * Pure. @example im2colPlan(8, 8, 1, 8, 8, 3, 1, 1, 1, 1).index.length // 64 × 9
 */
export function im2colPlan(h: number, w: number, c: number, ho: number, wo: number, k: number, stride: number, padTop: number, padLeft: number, g: number): Im2col {
  const inSize = h * w * c;
  const cpg = c / g;
  const tap = k * k * cpg;
  const pixels = ho * wo;
  const index = new Int32Array(g * pixels * tap);
  const counts = new Int32Array(inSize);
  let e = 0;
  for (let grp = 0; grp < g; grp++) {
    for (let oy = 0; oy < ho; oy++) {
      for (let ox = 0; ox < wo; ox++) {
        for (let ky = 0; ky < k; ky++) {
          for (let kx = 0; kx < k; kx++) {
            const iy = oy * stride - padTop + ky;
            const ix = ox * stride - padLeft + kx;
            const inside = iy >= 0 && iy < h && ix >= 0 && ix < w;
            for (let ci = 0; ci < cpg; ci++) {
              const v = inside ? (iy * w + ix) * c + grp * cpg + ci : inSize;
              index[e++] = v;
              if (v < inSize) counts[v]++;
            }
          }
        }
      }
    }
  }
  let readerCount = 1;
  for (let i = 0; i < inSize; i++) readerCount = Math.max(readerCount, counts[i]);
  const readers = new Int32Array(inSize * readerCount).fill(index.length);
  const filled = new Int32Array(inSize);
  for (let i = 0; i < index.length; i++) {
    const v = index[i];
    if (v < inSize) readers[v * readerCount + filled[v]++] = i;
  }
  return { inSize, pixels, groups: g, tap, index, readers, readerCount };
}

/** The four window values of a 2×2 stride-2 pool over [ho, wo, f], and the inverse (one reader at most). */
export interface PoolIndex {
  /** [q][pooled value] → input index, 4·outSize entries (q: (0,0), (0,1), (1,0), (1,1)). */
  index: Int32Array;
  /** [input value] → entry of `index`, or index.length (not read: a zero). */
  readers: Int32Array;
  inSize: number;
  outSize: number;
}

/** Pure. @example poolIndex(3, 3, 1).outSize // 1 */
export function poolIndex(h: number, w: number, f: number): PoolIndex {
  const ph = Math.floor(h / 2);
  const pw = Math.floor(w / 2);
  const outSize = ph * pw * f;
  const inSize = h * w * f;
  const index = new Int32Array(4 * outSize);
  const readers = new Int32Array(inSize).fill(index.length);
  for (let q = 0; q < 4; q++) {
    for (let py = 0; py < ph; py++) {
      for (let px = 0; px < pw; px++) {
        for (let j = 0; j < f; j++) {
          const e = q * outSize + (py * pw + px) * f + j;
          const v = ((2 * py + (q >> 1)) * w + 2 * px + (q & 1)) * f + j;
          index[e] = v;
          readers[v] = e;
        }
      }
    }
  }
  return { index, readers, inSize, outSize };
}

/** A conv layer as the tfjs model runs it. */
export interface ConvPlan {
  main: Im2col;
  /** The 1×1 shortcut paths (projection, highway gate): g = 1, one tap per channel. */
  pointwise: Im2col;
  filters: number;
  /** Convolution output picture (before the pool). */
  ho: number;
  wo: number;
  pool: ConvPool;
  /** Pools only. */
  poolIndex: PoolIndex | null;
}

/**
 * The plan of a conv layer on an [h, w, c] input (same rounding as conv-shape.ts). Pure.
 */
export function convPlan(
  input: { height: number; width: number; channels: number },
  layer: { filters: number; kernel: number; stride: number; padding: 'valid' | 'same'; groups: number; pool: ConvPool },
): ConvPlan {
  const { height: h, width: w, channels: c } = input;
  const { kernel: k, stride: s, padding } = layer;
  const ho = padding === 'same' ? Math.ceil(h / s) : Math.floor((h - k) / s) + 1;
  const wo = padding === 'same' ? Math.ceil(w / s) : Math.floor((w - k) / s) + 1;
  const main = im2colPlan(h, w, c, ho, wo, k, s, padBefore(h, k, s, padding), padBefore(w, k, s, padding), layer.groups);
  const off = shortcutOffset(k, padding);
  const pointwise = im2colPlan(h, w, c, ho, wo, 1, s, -off, -off, 1);
  const pool = layer.pool === 'none' ? null : poolIndex(ho, wo, layer.filters);
  return { main, pointwise, filters: layer.filters, ho, wo, pool: layer.pool, poolIndex: pool };
}

/** Patches [g, batch·pixels, tap] of x [1, batch, inSize]. */
function patches(p: Im2col, x: tf.Tensor): tf.Tensor {
  const batch = x.shape[1] as number;
  const x2 = tf.reshape(x, [batch, p.inSize]);
  const padded = tf.concat([x2, tf.zeros([batch, 1])], 1);
  const cols = tf.gather(padded, tf.tensor1d(p.index, 'int32'), 1);
  if (p.groups === 1) return tf.reshape(cols, [1, batch * p.pixels, p.tap]);
  return tf.reshape(tf.transpose(tf.reshape(cols, [batch, p.groups, p.pixels * p.tap]), [1, 0, 2]), [p.groups, batch * p.pixels, p.tap]);
}

/** z [1, batch, pixels·f] = patches × kernel [g, tap, f/g] (+ bias), channel j = grp·f/g + jo. */
function product(p: Im2col, cols: tf.Tensor, kernel: tf.Tensor, bias: tf.Tensor | null, f: number, batch: number): tf.Tensor {
  if (p.groups === 1) {
    const z = bias === null ? bmm(cols, kernel) : fusedBmm(cols, kernel, bias, 'linear');
    return tf.reshape(z, [1, batch, p.pixels * f]);
  }
  const zg = bmm(cols, kernel); // [g, batch·pixels, f/g]
  const z = tf.reshape(tf.transpose(tf.reshape(zg, [p.groups, batch * p.pixels, f / p.groups]), [1, 0, 2]), [batch * p.pixels, f]);
  return tf.reshape(bias === null ? z : tf.add(z, bias), [1, batch, p.pixels * f]);
}

/** dL/dz [1, batch, pixels·f] as [g, batch·pixels, f/g]. */
function groupedGrad(p: Im2col, dz: tf.Tensor, f: number, batch: number): tf.Tensor {
  if (p.groups === 1) return tf.reshape(dz, [1, batch * p.pixels, f]);
  return tf.transpose(tf.reshape(dz, [batch * p.pixels, p.groups, f / p.groups]), [1, 0, 2]);
}

/** The input gradient [1, batch, inSize] from the patch gradient [g, batch·pixels, tap] (col2im). */
function col2im(p: Im2col, dCols: tf.Tensor, batch: number): tf.Tensor {
  const flat = p.groups === 1
    ? tf.reshape(dCols, [batch, p.pixels * p.tap])
    : tf.reshape(tf.transpose(tf.reshape(dCols, [p.groups, batch, p.pixels * p.tap]), [1, 0, 2]), [batch, p.groups * p.pixels * p.tap]);
  const padded = tf.concat([flat, tf.zeros([batch, 1])], 1);
  const gathered = tf.gather(padded, tf.tensor1d(p.readers, 'int32'), 1);
  return tf.reshape(tf.sum(tf.reshape(gathered, [batch, p.inSize, p.readerCount]), 2), [1, batch, p.inSize]);
}

/** Gradients of one convolution: dK [g, tap, f/g], db [f] (when bias), dx [1, batch, inSize] (when asked). */
function productBackward(
  p: Im2col,
  cols: tf.Tensor,
  kernel: tf.Tensor,
  dz: tf.Tensor,
  f: number,
  batch: number,
  withBias: boolean,
  needInput: boolean,
): { dKernel: tf.Tensor; dBias: tf.Tensor | null; dInput: tf.Tensor | null } {
  const dzg = groupedGrad(p, dz, f, batch);
  const dKernel = bmm(cols, dzg, true, false);
  const dBias = withBias ? tf.sum(tf.reshape(dz, [batch * p.pixels, f]), 0) : null;
  const dInput = needInput ? col2im(p, bmm(dzg, kernel, false, true), batch) : null;
  return { dKernel, dBias, dInput };
}

/** What the backward pass needs from a conv layer's forward pass. */
export interface ConvTrace {
  input: tf.Tensor;
  cols: tf.Tensor;
  /** 1×1 patches of the input (projection or gate). */
  pointCols?: tf.Tensor;
  z: tf.Tensor;
  act: ActivationOut;
  skip?: tf.Tensor;
  gate?: tf.Tensor;
  diff?: tf.Tensor;
  /** Max pools: which of the four window values won, [batch, pooled values] (int32). */
  arg?: tf.Tensor;
  /** The layer's output [1, batch, outputWidth]. */
  out: tf.Tensor;
}

/** Weights of one conv layer, shaped for compute (kernel [g, tap, f/g]; projection and gate [1, c, f]). */
export interface ConvWeights {
  kernel: tf.Tensor;
  bias: tf.Tensor;
  projection: tf.Tensor | null;
  gateKernel: tf.Tensor | null;
  gateBias: tf.Tensor | null;
}

/**
 * Runs a conv layer on h [1, batch, h·w·c]: act(conv + b), the shortcut (before the pool), the
 * pool. Call inside tf.tidy.
 */
export function convForward(plan: ConvPlan, impl: ActivationImpl, shortcut: Shortcut, h: tf.Tensor, w: ConvWeights): ConvTrace {
  const batch = h.shape[1] as number;
  const f = plan.filters;
  const cols = patches(plan.main, h);
  const z = product(plan.main, cols, w.kernel, w.bias, f, batch);
  const act = impl.forward(z);
  let y = act.a;
  const t: ConvTrace = { input: h, cols, z, act, out: y };
  if (shortcut !== 'none') {
    const needPoint = w.projection !== null || shortcut === 'highway';
    const pointCols = needPoint ? patches(plan.pointwise, h) : undefined;
    t.pointCols = pointCols;
    const skip = w.projection !== null && pointCols ? product(plan.pointwise, pointCols, w.projection, null, f, batch) : h;
    t.skip = skip;
    if (shortcut === 'residual') {
      y = tf.add(act.a, skip);
    } else {
      const gate = tf.sigmoid(product(plan.pointwise, pointCols as tf.Tensor, w.gateKernel as tf.Tensor, w.gateBias, f, batch));
      const diff = tf.sub(act.a, skip);
      t.gate = gate;
      t.diff = diff;
      y = tf.add(skip, tf.mul(gate, diff));
    }
  }
  if (plan.pool === 'none') {
    t.out = y;
    return t;
  }
  const pi = plan.poolIndex as PoolIndex;
  const win = tf.reshape(tf.gather(tf.reshape(y, [batch, pi.inSize]), tf.tensor1d(pi.index, 'int32'), 1), [batch, 4, pi.outSize]);
  let pooled: tf.Tensor;
  if (plan.pool === 'max') {
    pooled = tf.max(win, 1);
    t.arg = tf.argMax(win, 1);
  } else {
    pooled = tf.mul(tf.sum(win, 1), 0.25);
  }
  t.out = tf.reshape(pooled, [1, batch, pi.outSize]);
  return t;
}

/** Gradients of a conv layer's weights (by role) and of its input, from dL/d(out). Call inside tf.tidy. */
export function convBackward(
  plan: ConvPlan,
  impl: ActivationImpl,
  shortcut: Shortcut,
  t: ConvTrace,
  dOut: tf.Tensor,
  w: ConvWeights,
  needInput: boolean,
): { kernel: tf.Tensor; bias: tf.Tensor; projection: tf.Tensor | null; gateKernel: tf.Tensor | null; gateBias: tf.Tensor | null; input: tf.Tensor | null } {
  const batch = t.input.shape[1] as number;
  const f = plan.filters;
  let dy = dOut;
  if (plan.pool !== 'none') {
    // max: dOut to the winning window value; avg: dOut·0.25 to each; then back to Y's pixels.
    const pi = plan.poolIndex as PoolIndex;
    const d = tf.reshape(dOut, [batch, 1, pi.outSize]);
    const dWin = plan.pool === 'max'
      ? tf.mul(tf.transpose(tf.oneHot(t.arg as tf.Tensor, 4), [0, 2, 1]), d)
      : tf.broadcastTo(tf.mul(d, 0.25), [batch, 4, pi.outSize]);
    const padded = tf.concat([tf.reshape(dWin, [batch, 4 * pi.outSize]), tf.zeros([batch, 1])], 1);
    dy = tf.reshape(tf.gather(padded, tf.tensor1d(pi.readers, 'int32'), 1), [1, batch, pi.inSize]);
  }
  const upstream: tf.Tensor[] = [];
  let da = dy;
  let dSkip: tf.Tensor | null = null;
  let gateKernel: tf.Tensor | null = null;
  let gateBias: tf.Tensor | null = null;
  let projection: tf.Tensor | null = null;
  if (shortcut === 'residual') dSkip = dy;
  if (shortcut === 'highway') {
    const gate = t.gate as tf.Tensor;
    da = tf.mul(dy, gate);
    dSkip = tf.sub(dy, da); // dY·(1 − T)
    const dzGate = tf.mul(tf.mul(dy, t.diff as tf.Tensor), tf.mul(gate, tf.sub(1, gate)));
    const g = productBackward(plan.pointwise, t.pointCols as tf.Tensor, w.gateKernel as tf.Tensor, dzGate, f, batch, true, needInput);
    gateKernel = g.dKernel;
    gateBias = g.dBias;
    if (g.dInput) upstream.push(g.dInput);
  }
  if (dSkip !== null) {
    if (w.projection !== null) {
      const p = productBackward(plan.pointwise, t.pointCols as tf.Tensor, w.projection, dSkip, f, batch, false, needInput);
      projection = p.dKernel;
      if (p.dInput) upstream.push(p.dInput);
    } else if (needInput) {
      upstream.push(dSkip);
    }
  }
  const dz = impl.backward(da, t.z, t.act);
  const m = productBackward(plan.main, t.cols, w.kernel, dz, f, batch, true, needInput);
  if (m.dInput) upstream.unshift(m.dInput);
  const input = !needInput ? null : upstream.length === 1 ? upstream[0] : tf.addN(upstream);
  return { kernel: m.dKernel, bias: m.dBias as tf.Tensor, projection, gateKernel, gateBias, input };
}
