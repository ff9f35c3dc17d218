/**
 * The data of a round: the training set every player, bot and replay builds from public inputs,
 * and the hidden test set only the server builds from the secret `testSeed`.
 *
 * Synthetic tasks: train = `generateSynthetic(id, { seed: trainSeed, n: trainSize, noise })`; the
 * hidden test set is 10,000 fresh points from a seed derived from `testSeed`.
 * Real tasks: `testSeed` picks 30% of the rows (stratified by class) as the hidden test part; `trainRows` are up to
 * `trainSize` of the remaining rows. Features are standardized with the training rows' statistics.
 * In both, a fixed secret third of the test set (chosen with `testSeed`) is public.
 * Every draw from `testSeed` goes through game/tasks/test-secret.ts: HMAC-SHA256 keyed by the
 * round's 128-bit secret, or the legacy derivation for rounds stored with a 32-bit seed.
 */
import type { TaskId } from '../spec';
import { permutation } from '../rng';
import type { TestSecret } from './test-secret';
import { secretRng, secretSeed } from './test-secret';
import { taskInfo } from './catalog';
import type { Dataset } from './dataset';
import type { DatasetLoader } from './real-data';
import { isRealTask, loadRealTable } from './real-data';
import { applyStandardizer, fitStandardizer } from './standardize';
import { generateSynthetic } from './synthetic';
import { GameInputError } from '../errors';

/** Size of a synthetic task's hidden test set. */
export const SYNTHETIC_TEST_SIZE = 10_000;
/** Share of a real data set's rows held out as the hidden test part (rounded up). */
export const REAL_TEST_FRACTION = 0.3;

/** Thrown when round inputs are inconsistent (missing loader or trainRows, bad row indices). */
export class RoundDataError extends GameInputError {
  readonly code = 'BAD_ROUND_DATA' as const;
}

/** The public inputs that define a round's training set. */
export interface TrainSetParams {
  taskId: TaskId;
  trainSeed: number;
  trainSize: number;
  noise: number;
  /** Real tasks only: the sorted dataset rows to train on (`RoundPublic.trainRows`). */
  trainRows?: readonly number[] | null;
}

/** The inputs of the hidden test set; `testSeed` never leaves the server. */
export interface HiddenTestParams {
  taskId: TaskId;
  trainSeed: number;
  /** The round's secret (game/tasks/test-secret.ts): 32 hex digits, or a legacy 32-bit seed. */
  testSeed: TestSecret;
  trainSize: number;
  noise: number;
}

function needLoader(taskId: TaskId, loader: DatasetLoader | undefined): DatasetLoader {
  if (!loader) throw new RoundDataError(`Task "${taskId}" is real data: a DatasetLoader is required.`);
  return loader;
}

function checkRows(rows: readonly number[], total: number): number[] {
  let prev = -1;
  for (const r of rows) {
    if (!Number.isInteger(r) || r <= prev || r >= total) {
      throw new RoundDataError(`trainRows must be sorted distinct integers in 0..${total - 1} (found ${r} after ${prev}).`);
    }
    prev = r;
  }
  return [...rows];
}

/**
 * Splits a real data set's rows for a round, stratified by class so that small sets (iris: 150
 * rows) keep their class proportions in both parts. Pure and deterministic in `testSeed`.
 * `testRows`: round(30%) of each class; `trainRows`: up to `trainSize` of the other rows, shared
 * between classes in proportion (largest remainder). Both sorted ascending.
 * @example realSplit('iris', 99, 80, table.y) // { trainRows: 80 sorted indices, testRows: 45 sorted indices }
 */
export function realSplit(
  taskId: TaskId,
  testSeed: TestSecret,
  trainSize: number,
  labels: ArrayLike<number>,
): { trainRows: number[]; testRows: number[] } {
  const total = labels.length;
  if (total < 2) throw new RoundDataError(`A split needs at least 2 rows (got ${total}).`);
  if (!Number.isInteger(trainSize) || trainSize < 1) throw new RoundDataError(`trainSize must be a positive integer (got ${trainSize}).`);
  const byClass = new Map<number, number[]>();
  for (let i = 0; i < total; i++) {
    const rows = byClass.get(labels[i]) ?? [];
    rows.push(i);
    byClass.set(labels[i], rows);
  }
  const classes = [...byClass.keys()].sort((a, b) => a - b);
  const rng = secretRng(testSeed, `split:${taskId}`);
  const testRows: number[] = [];
  const rest: number[][] = [];
  for (const c of classes) {
    const rows = byClass.get(c) ?? [];
    const perm = permutation(rows.length, rng);
    const shuffled = Array.from(perm, (k) => rows[k]);
    const k = rows.length >= 2 ? Math.max(1, Math.round(rows.length * REAL_TEST_FRACTION)) : 0;
    testRows.push(...shuffled.slice(0, k));
    rest.push(shuffled.slice(k));
  }
  const restTotal = rest.reduce((a, r) => a + r.length, 0);
  const want = Math.min(trainSize, restTotal);
  const exact = rest.map((r) => (want * r.length) / restTotal);
  const quota = exact.map(Math.floor);
  const order = exact.map((e, c) => ({ c, frac: e - Math.floor(e) })).sort((a, b) => b.frac - a.frac || a.c - b.c);
  for (let left = want - quota.reduce((a, b) => a + b, 0), i = 0; left > 0; left--, i++) quota[order[i].c]++;
  const trainRows = rest.flatMap((r, c) => r.slice(0, quota[c]));
  return { trainRows: trainRows.sort((a, b) => a - b), testRows: testRows.sort((a, b) => a - b) };
}

/**
 * The `trainRows` a round publishes when it opens (`RoundPublic.trainRows`): the split's training
 * rows for a real task, `null` for a synthetic one. Server only (it reads the secret `testSeed`).
 * @example await roundTrainRows('iris', testSeed, 100, nodeDatasetLoader) // 100 sorted indices
 */
export async function roundTrainRows(
  taskId: TaskId,
  testSeed: TestSecret,
  trainSize: number,
  loader?: DatasetLoader,
): Promise<number[] | null> {
  if (!isRealTask(taskId)) return null;
  const table = await loadRealTable(taskId, needLoader(taskId, loader));
  return realSplit(taskId, testSeed, trainSize, table.y).trainRows;
}

/**
 * The public third of a hidden test set of `n` rows: `mask[i] === 1` for exactly round(n/3) rows,
 * chosen with `testSeed`. Pure.
 * @example publicMaskFor(9, 5).reduce((a, b) => a + b, 0) // 3
 */
export function publicMaskFor(n: number, testSeed: TestSecret): Uint8Array {
  const mask = new Uint8Array(n);
  const perm = permutation(n, secretRng(testSeed, 'public'));
  const k = Math.round(n / 3);
  for (let i = 0; i < k; i++) mask[perm[i]] = 1;
  return mask;
}

/**
 * Builds the training set from public inputs; byte-identical in the browser, the bot and the
 * server replay. Real tasks need `trainRows` and a loader. Throws `RoundDataError`,
 * `SyntheticParamsError` or `DataFormatError` on bad inputs.
 * @example const train = await buildTrainSet({ taskId: 'xor', trainSeed: 1, trainSize: 200, noise: 0.1 });
 */
export async function buildTrainSet(params: TrainSetParams, loader?: DatasetLoader): Promise<Dataset> {
  const { taskId } = params;
  if (!isRealTask(taskId)) {
    return generateSynthetic(taskId, { seed: params.trainSeed, n: params.trainSize, noise: params.noise });
  }
  if (!params.trainRows) throw new RoundDataError(`Task "${taskId}" is real data: trainRows are required.`);
  const table = await loadRealTable(taskId, needLoader(taskId, loader));
  const rows = checkRows(params.trainRows, table.n);
  if (rows.length === 0) throw new RoundDataError('trainRows must name at least one row.');
  const stats = fitStandardizer(table.x, table.inputDim, rows);
  const y = new Int32Array(rows.length);
  rows.forEach((r, k) => (y[k] = table.y[r]));
  const image = taskInfo(taskId).image;
  return {
    x: applyStandardizer(table.x, table.inputDim, rows, stats),
    y,
    n: rows.length,
    inputDim: table.inputDim,
    classes: table.classes,
    ...(image ? { image } : {}),
  };
}

/**
 * Builds the hidden test set and its public mask. Server only: it depends on the secret
 * `testSeed`. Real tasks are standardized with the statistics of the round's training rows.
 * @example const { test, publicMask } = await buildHiddenTest({ taskId: 'xor', trainSeed: 1, testSeed: 2, trainSize: 200, noise: 0.1 });
 */
export async function buildHiddenTest(
  params: HiddenTestParams,
  loader?: DatasetLoader,
): Promise<{ test: Dataset; publicMask: Uint8Array }> {
  const { taskId, testSeed } = params;
  if (!isRealTask(taskId)) {
    // Derived, so a host who reuses the train seed as test seed still gets fresh points.
    const test = generateSynthetic(taskId, {
      seed: secretSeed(testSeed, `test:${taskId}`),
      n: SYNTHETIC_TEST_SIZE,
      noise: params.noise,
    });
    return { test, publicMask: publicMaskFor(test.n, testSeed) };
  }
  const table = await loadRealTable(taskId, needLoader(taskId, loader));
  const { trainRows, testRows } = realSplit(taskId, testSeed, params.trainSize, table.y);
  const stats = fitStandardizer(table.x, table.inputDim, trainRows);
  const y = new Int32Array(testRows.length);
  testRows.forEach((r, k) => (y[k] = table.y[r]));
  const test: Dataset = {
    x: applyStandardizer(table.x, table.inputDim, testRows, stats),
    y,
    n: testRows.length,
    inputDim: table.inputDim,
    classes: taskInfo(taskId).classes,
    ...(taskInfo(taskId).image ? { image: taskInfo(taskId).image } : {}),
  };
  return { test, publicMask: publicMaskFor(test.n, testSeed) };
}
