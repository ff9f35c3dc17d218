/**
 * The loss gradient of one batch on the js engine, outside any training loop: what tests compare
 * with the float64 reference, and what a teaching view can show for a single step.
 */
import type { Loss, NetworkSpec, TaskShape } from '../spec';
import { EngineNetwork } from './network';

export interface BatchGradient {
  /** d(mean loss + l2·Σ kernel W²)/dθ, flat in canonical order. */
  grad: Float64Array;
  /** Softmax probabilities [rows × classes]. */
  probs: Float64Array;
  /** Mean loss over the rows (l2 term excluded). */
  loss: number;
}

const PENALISED = new Set(['kernel', 'projection', 'gateKernel', 'headKernel']);

/**
 * Forward and backward over all `rows` rows of x at once (one batch). Allocates its buffers.
 * @example lossGradientJs(net, { inputDim: 2, classes: 2 }, w, x, y, { l2: 0, loss: 'mse' }).grad
 */
export function lossGradientJs(
  network: NetworkSpec,
  task: TaskShape,
  weights: Float32Array,
  x: Float32Array,
  y: Int32Array,
  opts: { l2: number; loss: Loss },
): BatchGradient {
  const rows = y.length;
  const net = EngineNetwork.build(network, task, rows);
  const order = new Int32Array(rows);
  for (let i = 0; i < rows; i++) order[i] = i;
  net.gather(x, order, 0, rows);
  const mirror = net.weights;
  mirror.set(weights);
  net.forward(rows, mirror);
  const sums = { loss: 0, correct: 0 };
  net.head.loss(opts.loss, y, order, 0, rows, sums);
  net.backward(rows, mirror);
  const grad = Float64Array.from(net.grad);
  // d(l2·Σ W²)/dW = 2·l2·W on kernels
  for (const e of net.manifest) {
    if (!PENALISED.has(e.kind)) continue;
    for (let i = e.offset; i < e.offset + e.size; i++) grad[i] += 2 * opts.l2 * weights[i];
  }
  return { grad, probs: net.head.probs.slice(0, rows * task.classes), loss: sums.loss / rows };
}
