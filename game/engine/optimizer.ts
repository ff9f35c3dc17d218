/**
 * sgd, momentum and adam on flat arrays, with tfjs's formulas and hyperparameters (game/optimizer.ts)
 * so that a spec means the same training on either engine:
 *   sgd:      w ← w − lr·g
 *   momentum: v ← 0.9·v + g;  w ← w − lr·v                     (classical, tf.train.momentum)
 *   adam:     m ← β1·m + (1−β1)·g;  s ← β2·s + (1−β2)·g²;
 *             w ← w − lr · (m / (1−β1ᵗ)) / (sqrt(s / (1−β2ᵗ)) + ε)   β1 0.9, β2 0.999, ε 1e-7
 * where g already includes the l2 term 2·l2·w on kernels. β1ᵗ is kept as a running product (no pow).
 * Weights are float32 (the wire format): each update is rounded to float32 (Math.fround, exactly what
 * storing into a Float32Array does) and kept in a float64 array, which holds every float32 exactly:
 * the layers read it without a conversion, and the float32 copy is made only when asked for
 * (one store per weight and step fewer; the values, and so the bits, are the same).
 */
import type { WeightEntry } from '../manifest';
import type { Optimizer } from '../spec';

export const MOMENTUM = 0.9;
export const ADAM_BETA1 = 0.9;
export const ADAM_BETA2 = 0.999;
/** tfjs's epsilon on float32 backends (cpu, wasm), which its adam uses by default. */
export const ADAM_EPSILON = 1e-7;

/** Kinds of weight array the l2 penalty applies to (never biases). */
const PENALISED = new Set(['kernel', 'projection', 'gateKernel', 'headKernel']);

export interface OptimizerOptions {
  optimizer: Optimizer;
  learningRate: number;
  l2: number;
}

export class EngineOptimizer {
  private readonly opts: OptimizerOptions;
  /** 2·l2 on kernel entries, 0 on biases. */
  private readonly l2Grad: Float64Array;
  private readonly hasL2: boolean;
  private readonly m: Float64Array;
  private readonly s: Float64Array;
  private beta1Power = ADAM_BETA1;
  private beta2Power = ADAM_BETA2;

  constructor(manifest: readonly WeightEntry[], paramCount: number, opts: OptimizerOptions) {
    this.opts = opts;
    this.hasL2 = opts.l2 > 0;
    this.l2Grad = new Float64Array(this.hasL2 ? paramCount : 0);
    if (this.hasL2) for (const e of manifest) if (PENALISED.has(e.kind)) this.l2Grad.fill(2 * opts.l2, e.offset, e.offset + e.size);
    this.m = new Float64Array(opts.optimizer === 'sgd' ? 0 : paramCount);
    this.s = new Float64Array(opts.optimizer === 'adam' ? paramCount : 0);
  }

  /**
   * Adds the l2 gradient to `grad` (d(l2·Σ W²)/dW = 2·l2·W) and updates `w` in place: the float32
   * weights, each stored as a float64 (Math.fround after every update).
   * @example optimizer.step(mirror, net.grad)
   */
  step(w: Float64Array, grad: Float64Array): void {
    const n = w.length;
    const lr = this.opts.learningRate;
    if (this.hasL2) for (let i = 0; i < n; i++) grad[i] += this.l2Grad[i] * w[i];
    switch (this.opts.optimizer) {
      case 'sgd':
        for (let i = 0; i < n; i++) {
          w[i] = Math.fround(w[i] - lr * grad[i]);
        }
        return;
      case 'momentum': {
        const v = this.m;
        for (let i = 0; i < n; i++) {
          v[i] = MOMENTUM * v[i] + grad[i];
          w[i] = Math.fround(w[i] - lr * v[i]);
        }
        return;
      }
      case 'adam': {
        const m = this.m;
        const s = this.s;
        const c1 = 1 - this.beta1Power;
        const c2 = 1 - this.beta2Power;
        for (let i = 0; i < n; i++) {
          const g = grad[i];
          m[i] = ADAM_BETA1 * m[i] + (1 - ADAM_BETA1) * g;
          s[i] = ADAM_BETA2 * s[i] + (1 - ADAM_BETA2) * g * g;
          w[i] = Math.fround(w[i] - (lr * (m[i] / c1)) / (Math.sqrt(s[i] / c2) + ADAM_EPSILON));
        }
        this.beta1Power *= ADAM_BETA1;
        this.beta2Power *= ADAM_BETA2;
        return;
      }
    }
  }
}
