/**
 * What `train` takes, reports and returns, and the checks on its inputs: shared by the tfjs
 * trainer (train.ts) and the js engine (engine/train.ts). No tfjs import, so the js engine loads
 * without it.
 */
import type { EpochInternals, HiddenGrid } from './engine/internals';
import { GameInputError } from './errors';
import type { GridPrediction, GridSpec } from './grid';
import type { ModelOptions } from './model';
import { networkStructureErrors } from './rules';
import { networkSchema, trainingSchema, type NetworkSpec, type TaskShape, type TrainingSpec } from './spec';
import type { Dataset } from './tasks/dataset';

/** Thrown for a spec or data set that cannot be trained. */
export class TrainInputError extends GameInputError {
  readonly code = 'BAD_TRAINING_INPUT' as const;
}

/** What `onEpoch` receives after each finished epoch. */
export interface EpochProgress {
  /** Number of the epoch just finished, 1-based. */
  epoch: number;
  epochs: number;
  /**
   * Mean training loss (`training.loss`: cross-entropy or squared error) over the epoch's batches,
   * as trained (the l2 penalty is not included).
   */
  loss: number;
  /** Share of the epoch's training rows classified correctly when their batch was trained, 0..1. */
  accuracy: number;
  stepsDone: number;
  stepsTotal: number;
  /** Wall time since training started, ms (for an ETA; it never affects the weights). */
  elapsedMs: number;
  /** Probabilities (n × classes) of the current model. Valid only until the callback settles. */
  predictProbs(x: Float32Array, n: number): Promise<Float32Array>;
  /** Decision boundary of the current model (2-D tasks). Valid only until the callback settles. */
  predictGrid(grid: GridSpec): Promise<GridPrediction>;
  /** A copy of the current weights. */
  readWeights(): Float32Array;
  /** js engine only: what the epoch's steps saw inside the net (engine/internals.ts). */
  internals?: EpochInternals;
  /**
   * js engine only: every hidden unit's output over a grid (2-D tasks), one Float32Array per layer,
   * unit-major ([units × res²]), plus the class probabilities. Valid only until the callback settles.
   */
  hiddenGrid?(grid: GridSpec): HiddenGrid;
  /** js engine only: the last hidden layer's output for `n` rows of `x`, [n × width]. */
  lastHidden?(x: Float32Array, n: number): Float32Array;
}

export interface TrainOptions {
  network: NetworkSpec;
  training: TrainingSpec;
  data: Dataset;
  /** Called once per epoch; training waits for a returned promise. */
  onEpoch?: (progress: EpochProgress) => void | Promise<void>;
  /** Checked between batches; true stops training early with `cancelled: true`. */
  shouldStop?: () => boolean;
  /**
   * Called after every optimiser step; training waits for a returned promise, with its state
   * (weights, optimiser, the epoch's order) kept. The server's replay worker scores other
   * submissions here, between slices of a long replay. It never changes the weights trained.
   */
  betweenSteps?: () => void | Promise<void>;
  /** Bench only: model build options (fusion on/off). */
  modelOptions?: ModelOptions;
}

export interface TrainResult {
  /** Final weights, flat in canonical order. */
  weights: Float32Array;
  epochsRun: number;
  /** Loss and accuracy of the last finished epoch (NaN when none finished). */
  loss: number;
  accuracy: number;
  cancelled: boolean;
  /** Optimiser steps taken. */
  steps: number;
}

export function checkData(data: Dataset): void {
  const { x, y, n, inputDim, classes } = data;
  if (!Number.isInteger(n) || n < 1) throw new TrainInputError('the data set is empty');
  if (x.length !== n * inputDim || y.length !== n) throw new TrainInputError('x/y lengths do not match n × inputDim');
  for (let i = 0; i < n; i++) {
    if (!(y[i] >= 0 && y[i] < classes)) throw new TrainInputError(`label ${y[i]} at row ${i} is outside 0..${classes - 1}`);
  }
}

export function parseSpecs(network: NetworkSpec, training: TrainingSpec): { network: NetworkSpec; training: TrainingSpec } {
  const net = networkSchema.safeParse(network);
  const tr = trainingSchema.safeParse(training);
  if (!net.success) throw new TrainInputError(`network: ${net.error.message}`);
  if (!tr.success) throw new TrainInputError(`training: ${tr.error.message}`);
  return { network: net.data, training: tr.data };
}

/**
 * The task shape a data set trains on: its width, classes and, for image tasks, its picture.
 * @example datasetShape(generateStrokes({ seed: 1, n: 4, noise: 0 })).image // { height: 12, width: 12, channels: 1 }
 */
export function datasetShape(data: Dataset): TaskShape {
  return data.image ? { inputDim: data.inputDim, classes: data.classes, image: data.image } : { inputDim: data.inputDim, classes: data.classes };
}

/**
 * Throws TrainInputError for a network that does not fit the task: groups that do not divide a
 * layer's widths or channels, a conv layer on a flat input, a picture shrunk below 1×1.
 */
export function checkGroups(network: NetworkSpec, task: TaskShape): void {
  const problems = networkStructureErrors(network, task);
  if (problems.length > 0) throw new TrainInputError(problems[0].message);
}

