/**
 * The messages between the page and the training Web Worker (`train.worker.ts`). Typed arrays
 * travel as transferables, so no copy is made for weights or boundary grids.
 */
import type { EpochInternals } from '../../game/engine/internals';
import type { FeatureMaps, KernelPicture } from '../../game/conv-views';
import type { HiddenSpace } from '../../game/hidden-space';
import type { Backend, NetworkSpec, TaskId, TrainingSpec } from '../../game/spec';

/** Where the validation rows come from: a fresh synthetic sample, or the declared holdout. */
export type ValidationSource = 'fresh' | 'holdout';

/** What the page draws of the hidden space: the projected rows, their classes and the head. */
export interface HiddenFrame {
  /** The epoch whose weights it shows. */
  epoch: number;
  method: HiddenSpace['projection']['method'];
  /** Width of the last hidden layer. */
  dim: number;
  explained: [number, number];
  n: number;
  xy: Float32Array;
  labels: Uint8Array;
  bounds: HiddenSpace['bounds'];
  line: HiddenSpace['line'];
  regions: HiddenSpace['regions'];
  /** Share of the rows on their class's side of `line` (2 classes), else null. */
  separated: number | null;
  computeMs: number;
}

export interface TrainJob {
  /** Set by use-trainer: messages of an older job on the same worker are ignored. */
  id: number;
  taskId: TaskId;
  trainSeed: number;
  trainSize: number;
  noise: number;
  /** Real-data rounds: the dataset rows to train on (from the round). */
  trainRows: number[] | null;
  network: NetworkSpec;
  training: TrainingSpec;
  backend: Backend;
  /** Side of the decision-boundary grid in cells (2-D tasks), or 0 for none. */
  boundarySize: number;
  /** Least time between two boundary frames, in ms (each costs a forward pass). */
  boundaryEveryMs: number;
  /** Conv nets: which of the worker's sample pictures the feature maps start on (default 0). */
  convSample?: number;
}

/** Conv nets: the training pictures the page may pick from for the feature maps. */
export interface ConvSamples {
  n: number;
  height: number;
  width: number;
  channels: number;
  /** [n × height·width·channels], each picture row-major in [h, w, c]. */
  x: Float32Array;
  labels: Uint8Array;
}

/** Conv nets: every conv layer's kernels and, for the chosen sample, its feature maps. */
export interface ConvFrame {
  /** The epoch whose weights it shows. */
  epoch: number;
  /** Index into the job's ConvSamples. */
  sample: number;
  kernels: KernelPicture[];
  maps: FeatureMaps[];
  computeMs: number;
}

/** The job id of the worker's warm-up runs: no page job has it (use-trainer counts from 1). */
export const WARM_UP_ID = -1;

/** A job as the page asks for it; use-trainer adds the id. */
export type TrainJobRequest = Omit<TrainJob, 'id'>;

export type ToWorker =
  | { type: 'train'; job: TrainJob }
  /**
   * Runs a job the page is about to ask for (a js job only) for a moment with its messages
   * dropped, so the JIT has compiled that job's path (its activations, optimizer, grid size)
   * before the first Train. It yields to any `train` job at its next step.
   */
  | { type: 'warm'; job: TrainJob }
  /** Conv nets: show the feature maps of another sample from the next frame on. */
  | { type: 'convSample'; jobId: number; index: number };

export type FromWorker =
  | { type: 'ready'; jobId: number; backend: Backend; setupMs: number }
  | {
      type: 'epoch';
      jobId: number;
      epoch: number;
      epochs: number;
      loss: number;
      accuracy: number;
      elapsedMs: number;
      /** js engine only: per-layer gradient norms and unit counts of this epoch (a few numbers per layer). */
      internals?: EpochInternals;
      /** Loss and accuracy on the validation rows (see `validation`), when there are some. */
      validation?: { loss: number; accuracy: number };
    }
  /** Sent once before the first epoch when the job has validation rows (game/validation.ts). */
  | { type: 'validation'; jobId: number; source: ValidationSource; n: number }
  /** `confidence`: per cell the largest class probability × 255, rounded (for the undiscretized view). */
  | { type: 'boundary'; jobId: number; epoch: number; size: number; classes: Uint8Array; confidence: Uint8Array; computeMs: number }
  /** js engine, 2-D tasks: every hidden unit's output over a res × res grid, one array per layer ([units × res²]). */
  | { type: 'neurons'; jobId: number; epoch: number; res: number; layers: Float32Array[] }
  /** The hidden space (game/hidden-space.ts) of a sample of the training rows, with their labels. */
  | { type: 'hidden'; jobId: number; frame: HiddenFrame }
  /** Conv nets, once before the first epoch: the sample pictures. */
  | { type: 'convSamples'; jobId: number; samples: ConvSamples }
  /** Conv nets, throttled like the boundary (always the last epoch): kernels and feature maps. */
  | { type: 'conv'; jobId: number; frame: ConvFrame }
  | {
      type: 'done';
      jobId: number;
      weights: Float32Array;
      loss: number;
      accuracy: number;
      epochsRun: number;
      elapsedMs: number;
      steps: number;
    }
  | { type: 'error'; jobId: number; message: string };
