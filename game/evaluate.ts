/**
 * Scores weights on a data set in one batched forward pass: what the server's verification uses
 * for the public and private parts of the hidden test set, and what the UI shows after training.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { GridPrediction, GridSpec } from './grid';
import { createModel, ModelInputError } from './model';
import { predictGridWith } from './predict';
import type { NetworkSpec, TaskShape } from './spec';
import { convPatchFloats, MAX_CONV_STEP_FLOATS } from './training-work';
import type { Dataset } from './tasks/dataset';
import { activeEngine } from './active-engine';
import { EngineForward } from './engine/predict';
import { pictureForward } from './engine/grid-kernel/picture-forward';
import { log } from './engine/math';
import { paramCount } from './manifest';

/** Log-probabilities [n × classes] of every row on the js engine (own log: bit-exact everywhere). */
function jsLogProbs(network: NetworkSpec, task: TaskShape, weights: Float32Array, data: Dataset): Float32Array {
  const p = new EngineForward(network, task, weights).probs(data.x, data.n);
  for (let i = 0; i < p.length; i++) p[i] = log(p[i] > 0 ? p[i] : 1e-45);
  return p;
}

function checkWeights(network: NetworkSpec, task: TaskShape, weights: Float32Array): void {
  const expected = paramCount(network, task);
  if (weights.length !== expected) throw new ModelInputError(`expected ${expected} weights, got ${weights.length}`);
}

/**
 * Rows per forward pass of a conv net on tfjs (fewer when MAX_CONV_STEP_FLOATS asks): its im2col
 * patches hold k·k·c values per output pixel and row (a 3×3 conv of 32 channels on 12×12 is 41,472
 * floats a row), so 10,000 hidden test rows in one pass could need gigabytes.
 */
export const CONV_EVAL_ROWS = 500;

function tfjsLogProbs(network: NetworkSpec, task: TaskShape, weights: Float32Array, data: Dataset): Float32Array {
  const { n, inputDim } = data;
  const model = createModel(network, task, weights);
  const perRow = convPatchFloats(network, task);
  const chunk = perRow > 0 ? Math.max(1, Math.min(CONV_EVAL_ROWS, Math.floor(MAX_CONV_STEP_FLOATS / perRow))) : Math.max(1, n);
  const out = new Float32Array(n * task.classes);
  try {
    for (let start = 0; start < n; start += chunk) {
      const rows = Math.min(chunk, n - start);
      const x = data.x.subarray(start * inputDim, (start + rows) * inputDim);
      const t = tf.tidy(() => tf.logSoftmax(model.logits(tf.tensor2d(x, [rows, inputDim]))));
      try {
        out.set(t.dataSync(), start * task.classes);
      } finally {
        t.dispose();
      }
    }
    return out;
  } finally {
    model.dispose();
  }
}

export interface Evaluation {
  /** Share of the selected rows classified correctly, 0..1 (0 when no row is selected). */
  accuracy: number;
  /** Mean cross-entropy over the selected rows. */
  loss: number;
  /** 1 where the row (every row, selected or not) is classified correctly. */
  correct: Uint8Array;
  /** Number of selected rows. */
  n: number;
}

/**
 * Evaluates `weights` on `data`; `mask` (1 = counted) selects the rows the accuracy and loss are
 * computed over, e.g. the public third of the hidden test set. One forward pass over all rows,
 * one device read; every tensor is disposed. Runs on the active engine (`initBackend`). Throws ModelInputError on mismatched shapes.
 * @example evaluate(net, { inputDim: 2, classes: 2 }, weights, test, publicMask).accuracy
 */
export function evaluate(
  network: NetworkSpec,
  task: TaskShape,
  weights: Float32Array,
  data: Dataset,
  mask?: Uint8Array,
): Evaluation {
  const { n, classes, inputDim } = data;
  if (inputDim !== task.inputDim || classes !== task.classes || data.x.length !== n * inputDim || data.y.length !== n) {
    throw new ModelInputError('data does not match the task shape');
  }
  if (mask !== undefined && mask.length !== n) throw new ModelInputError(`mask has ${mask.length} entries for ${n} rows`);
  let logp: Float32Array;
  if (activeEngine() === 'js') {
    checkWeights(network, task, weights);
    logp = jsLogProbs(network, task, weights, data);
  } else {
    logp = tfjsLogProbs(network, task, weights, data);
  }
  const correct = new Uint8Array(n);
  let hits = 0;
  let nll = 0;
  let counted = 0;
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let k = 1; k < classes; k++) if (logp[i * classes + k] > logp[i * classes + best]) best = k;
    correct[i] = best === data.y[i] ? 1 : 0;
    if (mask !== undefined && mask[i] === 0) continue;
    counted++;
    hits += correct[i];
    nll -= logp[i * classes + data.y[i]];
  }
  return { accuracy: counted === 0 ? 0 : hits / counted, loss: counted === 0 ? 0 : nll / counted, correct, n: counted };
}

/**
 * Class probabilities over a decision-boundary grid for given weights (2-D tasks).
 * One forward pass (res 100 → 10,000 points); every tensor is disposed.
 * @example predictGrid(net, task, weights, { xMin: -1.5, xMax: 1.5, yMin: -1.5, yMax: 1.5, res: 100 }).labels
 */
export function predictGrid(network: NetworkSpec, task: TaskShape, weights: Float32Array, grid: GridSpec): GridPrediction {
  if (activeEngine() === 'js') {
    checkWeights(network, task, weights);
    return pictureForward(network, task, weights).grid(grid);
  }
  const model = createModel(network, task, weights);
  try {
    return predictGridWith(model, grid);
  } finally {
    model.dispose();
  }
}
