/**
 * The softmax head and the two losses (PROTOCOL.md `training.loss`), on the engine's buffers.
 *
 *   logits = h·Wh + bh,  p = softmax(logits)
 *   cross_entropy: L_row = −log p_y                  dL/dlogit_j = (p_j − [j = y]) / B
 *   mse:           L_row = Σ_k (p_k − [k = y])²      g_k = 2(p_k − [k = y]) / B,
 *                                                    dL/dlogit_j = p_j·(g_j − Σ_k g_k p_k)
 * The batch loss is the mean of L_row over the B rows; the l2 term is added by the optimizer step.
 */
import type { WeightEntry } from '../manifest';
import { affineBackward, affineForward, type AffineShape } from './affine';
import type { Arena } from './arena';
import { exp, log } from './math';

export type Loss = 'cross_entropy' | 'mse';

/** Sums of one batch: the loss summed over rows (not yet divided by B) and the rows right. */
export interface BatchSums {
  loss: number;
  correct: number;
}

export class SoftmaxHead {
  readonly classes: number;
  /** Logits, then (after `softmax`) probabilities, [capacity × classes]. */
  readonly probs: Float64Array;
  readonly dLogits: Float64Array;
  private readonly shape: AffineShape;
  private readonly kernel: WeightEntry;
  private readonly bias: WeightEntry;
  private readonly argmax: Int32Array;

  private readonly arena: Arena;

  constructor(kernel: WeightEntry, bias: WeightEntry, capacity: number, arena: Arena) {
    this.arena = arena;
    const [din, classes] = kernel.shape;
    this.classes = classes;
    this.kernel = kernel;
    this.bias = bias;
    this.shape = { din, u: classes, g: 1 };
    this.probs = arena.alloc(capacity * classes);
    this.dLogits = arena.alloc(capacity * classes);
    this.argmax = new Int32Array(capacity);
  }

  /**
   * Probabilities of `rows` rows from the last hidden output h. Softmax subtracts the row maximum
   * and sums the exponentials in ascending class order. Records each row's argmax of the logits
   * (first index wins a tie, as tf.argMax).
   */
  forward(h: Float64Array, rows: number, w: Float64Array): void {
    const c = this.classes;
    const p = this.probs;
    affineForward(this.arena, this.shape, h, w, this.kernel.offset, this.bias.offset, p, rows);
    for (let r = 0; r < rows; r++) {
      const o = r * c;
      let best = 0;
      for (let k = 1; k < c; k++) if (p[o + k] > p[o + best]) best = k;
      this.argmax[r] = best;
      const max = p[o + best];
      let sum = 0;
      for (let k = 0; k < c; k++) {
        // exp(0) is exactly 1: the row maximum skips the call (half the calls with 2 classes).
        const e = k === best ? 1 : exp(p[o + k] - max);
        p[o + k] = e;
        sum += e;
      }
      for (let k = 0; k < c; k++) p[o + k] /= sum;
    }
  }

  /**
   * After `forward`: the batch's summed loss and hits for labels `y[rows[i]]`, and dL/dlogits
   * (for the mean over `batch` rows) in `dLogits`.
   */
  loss(loss: Loss, y: Int32Array, order: Int32Array, start: number, rows: number, into: BatchSums): void {
    const c = this.classes;
    const p = this.probs;
    const d = this.dLogits;
    const inv = 1 / rows;
    let total = 0;
    let correct = 0;
    for (let r = 0; r < rows; r++) {
      const label = y[order[start + r]];
      const o = r * c;
      if (this.argmax[r] === label) correct++;
      if (loss === 'cross_entropy') {
        // p_y underflowing to 0 would give +∞; the smallest double keeps the loss finite.
        total -= log(p[o + label] > 0 ? p[o + label] : 5e-324);
        for (let k = 0; k < c; k++) d[o + k] = (p[o + k] - (k === label ? 1 : 0)) * inv;
      } else {
        let gp = 0;
        for (let k = 0; k < c; k++) {
          const diff = p[o + k] - (k === label ? 1 : 0);
          total += diff * diff;
          const g = 2 * diff * inv;
          d[o + k] = g; // g_k for now
          gp += g * p[o + k];
        }
        for (let k = 0; k < c; k++) d[o + k] = p[o + k] * (d[o + k] - gp);
      }
    }
    into.loss = total;
    into.correct = correct;
  }

  /** dWh = hᵀ·dLogits, dbh = Σ_rows dLogits, dh = dLogits·Whᵀ (into the last hidden layer's dOut). */
  backward(h: Float64Array, rows: number, w: Float64Array, grad: Float64Array, dh: Float64Array): void {
    affineBackward(this.arena, this.shape, h, this.dLogits, w, this.kernel.offset, this.bias.offset, grad, dh, 'overwrite', rows);
  }
}
