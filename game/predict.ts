/**
 * Class probabilities from a live model in one batched forward pass: what decision boundaries,
 * the live preview during training and evaluation are built on.
 */
import * as tf from '@tensorflow/tfjs-core';
import { argmaxRows, gridPoints, GridSpecError, type GridPrediction, type GridSpec } from './grid';
import { ModelInputError, type Model } from './model';

function probsTensor(model: Model, x: Float32Array, n: number): tf.Tensor {
  const d = model.task.inputDim;
  if (!Number.isInteger(n) || n < 1 || x.length !== n * d) {
    throw new ModelInputError(`expected ${n}×${d} inputs, got ${x.length} values`);
  }
  return tf.tidy(() => tf.softmax(model.logits(tf.tensor2d(x, [n, d]))));
}

/**
 * Softmax probabilities for `n` rows of `x` (row-major n × inputDim), as n × classes floats.
 * Synchronous: one device read. Side effects: none beyond transient tensors.
 * @example const p = predictProbs(model, new Float32Array([0.1, 0.2]), 1); // [p0, p1]
 */
export function predictProbs(model: Model, x: Float32Array, n: number): Float32Array {
  const t = probsTensor(model, x, n);
  try {
    return Float32Array.from(t.dataSync());
  } finally {
    t.dispose();
  }
}

/** As `predictProbs`, but reads asynchronously (keeps a WebGL page responsive). */
export async function predictProbsAsync(model: Model, x: Float32Array, n: number): Promise<Float32Array> {
  const t = probsTensor(model, x, n);
  try {
    return Float32Array.from(await t.data());
  } finally {
    t.dispose();
  }
}

function gridInput(model: Model, grid: GridSpec): Float32Array {
  if (model.task.inputDim !== 2) throw new GridSpecError('decision grids need a 2-D task');
  return gridPoints(grid);
}

/**
 * Probabilities and argmax over a decision-boundary grid (res 100 → 10,000 points, one pass).
 * @example predictGridWith(model, { xMin: -1.5, xMax: 1.5, yMin: -1.5, yMax: 1.5, res: 100 }).labels
 */
export function predictGridWith(model: Model, grid: GridSpec): GridPrediction {
  const probs = predictProbs(model, gridInput(model, grid), grid.res * grid.res);
  const classes = model.task.classes;
  return { res: grid.res, classes, probs, labels: argmaxRows(probs, classes) };
}

/** As `predictGridWith`, reading asynchronously. */
export async function predictGridWithAsync(model: Model, grid: GridSpec): Promise<GridPrediction> {
  const probs = await predictProbsAsync(model, gridInput(model, grid), grid.res * grid.res);
  const classes = model.task.classes;
  return { res: grid.res, classes, probs, labels: argmaxRows(probs, classes) };
}
