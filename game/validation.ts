/**
 * Validation beside training (issue 11): data the net does not train on, scored after every
 * epoch, so overfitting shows as a gap between two curves.
 *
 * - Synthetic tasks: a fresh public sample of the same distribution, drawn from a seed derived
 *   from the public train seed (`deriveSeed(trainSeed, 'validation:<task>')`), so every browser
 *   draws the same one and it shares nothing with the hidden test set (drawn from the secret).
 * - Any task: `training.holdout`, a fraction in (0, HOLDOUT_MAX] of the training rows held out
 *   before training. Both trainers apply `splitHoldout` to their data, so the server's replay
 *   trains on exactly the rows the browser trained on and the weights still verify byte for byte.
 *   The page offers it on real tasks, where there is no fresh sample to draw.
 * Pure.
 */
import { createRng, deriveSeed, permutation } from './rng';
import { LIMITS, type Loss, type TaskId, type TrainingSpec } from './spec';
import type { Dataset } from './tasks/dataset';
import { generateSynthetic, isSyntheticTask } from './tasks/synthetic';

/** Largest share of the training rows `training.holdout` may hold out. */
export const HOLDOUT_MAX = LIMITS.maxHoldout;
/** Largest fresh validation sample of a synthetic task (a forward pass per epoch). */
export const VALIDATION_MAX_ROWS = 1000;

/** Rows of `data` picked by index, in the order given. */
function pick(data: Dataset, rows: ArrayLike<number>): Dataset {
  const d = data.inputDim;
  const x = new Float32Array(rows.length * d);
  const y = new Int32Array(rows.length);
  for (let k = 0; k < rows.length; k++) {
    const i = rows[k];
    x.set(data.x.subarray(i * d, i * d + d), k * d);
    y[k] = data.y[i];
  }
  // An image task keeps its picture shape, so conv layers still read [h, w, c] after a split.
  return data.image ? { x, y, n: rows.length, inputDim: d, classes: data.classes, image: data.image } : { x, y, n: rows.length, inputDim: d, classes: data.classes };
}

/**
 * How many of n rows a holdout fraction keeps out: round(n · fraction), at least 1 and leaving at
 * least 1 to train on; 0 without a fraction or with fewer than 2 rows.
 * @example holdoutCount(150, 0.2) // 30
 */
export function holdoutCount(n: number, fraction: number | undefined): number {
  if (!fraction || n < 2) return 0;
  return Math.min(n - 1, Math.max(1, Math.round(n * fraction)));
}

/**
 * Splits the training rows by `training.holdout`: the validation rows are the first
 * `holdoutCount` of a permutation seeded by `deriveSeed(training.seed, 'holdout')`; both parts
 * keep the rows' original order. Without a holdout, `train` is `data` itself (same object).
 * @example splitHoldout(iris, { ...training, holdout: 0.2 }) // { train: 96 rows, validation: 24 rows }
 */
export function splitHoldout(data: Dataset, training: Pick<TrainingSpec, 'seed' | 'holdout'>): { train: Dataset; validation: Dataset | null } {
  const k = holdoutCount(data.n, training.holdout);
  if (k === 0) return { train: data, validation: null };
  const perm = permutation(data.n, createRng(deriveSeed(training.seed, 'holdout')));
  const held = new Uint8Array(data.n);
  for (let i = 0; i < k; i++) held[perm[i]] = 1;
  const trainRows: number[] = [];
  const valRows: number[] = [];
  for (let i = 0; i < data.n; i++) (held[i] ? valRows : trainRows).push(i);
  return { train: pick(data, trainRows), validation: pick(data, valRows) };
}

/**
 * The fresh validation sample of a synthetic task: as many points as the training set (at most
 * VALIDATION_MAX_ROWS), same noise, from a seed derived from the public train seed. Null for a
 * real task.
 * @example syntheticValidation({ taskId: 'xor', trainSeed: 1, trainSize: 200, noise: 0.1 })!.n // 200
 */
export function syntheticValidation(params: { taskId: TaskId; trainSeed: number; trainSize: number; noise: number }): Dataset | null {
  if (!isSyntheticTask(params.taskId)) return null;
  return generateSynthetic(params.taskId, {
    seed: deriveSeed(params.trainSeed, `validation:${params.taskId}`),
    n: Math.min(params.trainSize, VALIDATION_MAX_ROWS),
    noise: params.noise,
  });
}

/**
 * Mean loss (`training.loss`, as trained: cross-entropy with p clamped at 1e-12, or Σ_k (p_k −
 * onehot_k)²) and accuracy (first index wins a tie) of probabilities [n × classes] against labels.
 * @example scoreProbs(new Float32Array([0.9, 0.1]), new Int32Array([0]), 2, 'cross_entropy') // { loss: 0.105…, accuracy: 1 }
 */
export function scoreProbs(probs: ArrayLike<number>, y: ArrayLike<number>, classes: number, loss: Loss = 'cross_entropy'): { loss: number; accuracy: number } {
  const n = y.length;
  if (n === 0 || probs.length !== n * classes) throw new RangeError(`expected ${n}×${classes} probabilities, got ${probs.length}`);
  let total = 0;
  let correct = 0;
  for (let i = 0; i < n; i++) {
    const o = i * classes;
    let best = 0;
    for (let k = 1; k < classes; k++) if (probs[o + k] > probs[o + best]) best = k;
    if (best === y[i]) correct++;
    if (loss === 'cross_entropy') total -= Math.log(Math.max(probs[o + y[i]], 1e-12));
    else for (let k = 0; k < classes; k++) total += (probs[o + k] - (k === y[i] ? 1 : 0)) ** 2;
  }
  return { loss: total / n, accuracy: correct / n };
}
