/**
 * Deterministic training: the same network, training spec, data and backend give bit-identical
 * weights, which is what lets the server verify a submission by replaying it.
 *
 * Each epoch visits a permutation of the rows seeded by `deriveSeed(seed, 'epoch:<e>')` (e from 0)
 * in mini-batches of `batchSize` (the last may be smaller). Initial weights come from
 * `initWeights(network, task, seed)`. Never `model.fit`, whose shuffle cannot be seeded.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { GridPrediction, GridSpec } from './grid';
import { initWeights } from './init';
import { createModel, type ModelOptions } from './model';
import { createOptimizer } from './optimizer';
import { predictGridWithAsync, predictProbsAsync } from './predict';
import { createRng, deriveSeed, permutation } from './rng';
import type { Dataset } from './tasks/dataset';
import { l2GradientMask, trainStep, type StepContext, type StepStats } from './train-step';
import { splitHoldout } from './validation';
import { yieldToEventLoop } from './yield';
import { activeEngine } from './active-engine';
import { trainJs } from './engine/train';
import { checkData, checkGroups, datasetShape, parseSpecs, type TrainOptions, type TrainResult } from './train-types';

export { TrainInputError, type EpochProgress, type TrainOptions, type TrainResult } from './train-types';

function oneHot(data: Dataset): Float32Array {
  const out = new Float32Array(data.n * data.classes);
  for (let i = 0; i < data.n; i++) out[i * data.classes + data.y[i]] = 1;
  return out;
}

/** Sums per-batch statistics on the device and reads them once: [Σ log-lik, Σ correct]. */
async function readEpochStats(stats: StepStats[]): Promise<[number, number]> {
  const summed = tf.tidy(() => {
    const ll = tf.addN(stats.map((s) => s.logLik));
    const correct = tf.addN(stats.map((s) => tf.cast(s.correct, 'float32')));
    return tf.stack([ll, correct]);
  });
  try {
    const v = await summed.data();
    return [v[0], v[1]];
  } finally {
    summed.dispose();
  }
}

/**
 * Folds the pending per-batch statistics into one pair once there are many: an epoch of 5,000
 * single-row batches would otherwise hold 10,000 live tensors (textures, on WebGL).
 */
const MAX_PENDING_STATS = 64;
function compactStats(stats: StepStats[]): void {
  if (stats.length < MAX_PENDING_STATS) return;
  const folded = tf.tidy(() => ({
    logLik: tf.addN(stats.map((s) => s.logLik)) as tf.Scalar,
    correct: tf.addN(stats.map((s) => s.correct)) as tf.Scalar,
  }));
  disposeStats(stats);
  stats.push(folded);
}

function disposeStats(stats: StepStats[]): void {
  for (const s of stats) tf.dispose([s.logLik, s.correct]);
  stats.length = 0;
}

/**
 * Trains a network from its seeded initial weights on the active engine (`initBackend`: the js
 * engine, or tfjs on its active backend). Async: yields to the event loop once per
 * epoch so a Worker can receive a cancel message. Every tensor it creates is disposed before it
 * returns or throws. Throws TrainInputError for bad specs or data.
 * @example const r = await train({ network, training, data: generateSynthetic('xor', { seed: 1, n: 200, noise: 0 }) });
 */
export async function train(opts: TrainOptions): Promise<TrainResult> {
  if (activeEngine() === 'js') return trainJs(opts);
  const { network, training } = parseSpecs(opts.network, opts.training);
  checkData(opts.data);
  // A declared holdout is kept out of training here, as in engine/train.ts.
  const data = splitHoldout(opts.data, training).train;
  const task = datasetShape(data);
  checkGroups(network, task);
  const shouldStop = opts.shouldStop ?? ((): boolean => false);
  const n = data.n;
  const batchSize = Math.min(training.batchSize, n);
  const stepsPerEpoch = Math.ceil(n / batchSize);
  const started = typeof performance !== 'undefined' ? performance.now() : Date.now();
  const now = (): number => (typeof performance !== 'undefined' ? performance.now() : Date.now());

  const model = createModel(network, task, initWeights(network, task, training.seed), opts.modelOptions);
  const stats: StepStats[] = [];
  const owned: tf.Tensor[] = [];
  let optimizer: tf.Optimizer | null = null;
  let steps = 0;
  let epochsRun = 0;
  let loss = Number.NaN;
  let accuracy = Number.NaN;
  let cancelled = false;
  try {
    optimizer = createOptimizer(training);
    const mask = l2GradientMask(model.plan, training.l2);
    const l2Grad = mask === null ? null : tf.tensor1d(mask);
    if (l2Grad) owned.push(l2Grad);
    const ctx: StepContext = {
      model,
      optimizer,
      x: tf.tensor2d(data.x, [n, data.inputDim]),
      oneHot: tf.tensor2d(oneHot(data), [n, data.classes]),
      y: tf.tensor1d(data.y, 'int32'),
      l2Grad,
      loss: training.loss ?? 'cross_entropy',
    };
    owned.push(ctx.x, ctx.oneHot, ctx.y);
    for (let e = 0; e < training.epochs && !cancelled; e++) {
      const order = tf.tensor1d(permutation(n, createRng(deriveSeed(training.seed, `epoch:${e}`))), 'int32');
      try {
        for (let start = 0; start < n; start += batchSize) {
          if (shouldStop()) {
            cancelled = true;
            break;
          }
          const size = Math.min(batchSize, n - start);
          const rows = tf.slice(order, [start], [size]);
          try {
            stats.push(trainStep(ctx, rows));
            compactStats(stats);
          } finally {
            rows.dispose();
          }
          steps++;
        }
      } finally {
        order.dispose();
      }
      if (cancelled) break;
      const [logLik, correct] = await readEpochStats(stats);
      disposeStats(stats);
      epochsRun = e + 1;
      loss = -logLik / n;
      accuracy = correct / n;
      if (opts.onEpoch) {
        await opts.onEpoch({
          epoch: epochsRun,
          epochs: training.epochs,
          loss,
          accuracy,
          stepsDone: steps,
          stepsTotal: stepsPerEpoch * training.epochs,
          elapsedMs: now() - started,
          predictProbs: (x, rows) => predictProbsAsync(model, x, rows),
          predictGrid: (grid) => predictGridWithAsync(model, grid),
          readWeights: () => model.readWeights(),
        });
      }
      await yieldToEventLoop();
    }
    return { weights: model.readWeights(), epochsRun, loss, accuracy, cancelled, steps };
  } finally {
    disposeStats(stats);
    tf.dispose(owned);
    optimizer?.dispose();
    model.dispose();
  }
}
