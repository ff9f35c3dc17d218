/**
 * The state a training run shows (phase, curves, the latest frames of each view) and how one
 * message of the training worker changes it. Shared by use-trainer and by the warm-up render of
 * the training view (train-view-warm-up.tsx), which shows the worker's warm-up job off screen.
 */
import type { EpochInternals } from '../../game/engine/internals';
import type { BoundaryGrid } from '../components/shared/boundary-canvas';
import type { ConvFrame, ConvSamples, FromWorker, HiddenFrame, TrainJob, ValidationSource } from '../worker/train-messages';

export type TrainPhase = 'idle' | 'preparing' | 'training' | 'done' | 'stopped' | 'error';

/** What a finished training hands back: the worker's `done` message without its tag. */
export type TrainResult = Omit<Extract<FromWorker, { type: 'done' }>, 'type' | 'jobId'>;

export interface TrainerState {
  phase: TrainPhase;
  epoch: number;
  epochs: number;
  etaS: number | null;
  /** Per epoch; the validation entries are null when the job has no validation rows. */
  history: { epoch: number[]; loss: number[]; accuracy: number[]; valLoss: (number | null)[]; valAccuracy: (number | null)[] };
  /** Where the job's validation rows come from and how many there are, or null for none. */
  validation: { source: ValidationSource; n: number } | null;
  boundary: BoundaryGrid | null;
  result: TrainResult | null;
  /** The job the current result/progress belongs to (what a submission must declare). */
  job: TrainJob | null;
  error: string | null;
  /** Decision-boundary frames received, and the worker time they took in total (ms). */
  frames: number;
  frameMs: number;
  /** js engine only: each epoch's per-layer weight-gradient norms, and the last epoch's internals. */
  grads: number[][];
  internals: EpochInternals | null;
  /** js engine, 2-D tasks: the latest per-neuron pictures (see the worker's `neurons` message). */
  neurons: NeuronGrids | null;
  /** The latest hidden-space frame (every task): the rows as the last hidden layer sees them. */
  hidden: HiddenFrame | null;
  /** Conv nets: the sample pictures, the chosen one, and the latest kernels and feature maps. */
  convSamples: ConvSamples | null;
  convSample: number;
  conv: ConvFrame | null;
}

export interface NeuronGrids {
  res: number;
  /** Per hidden layer, [units × res²], row 0 at yMin. */
  layers: Float32Array[];
}

/** No run yet. */
export const EMPTY: TrainerState = {
  phase: 'idle',
  epoch: 0,
  epochs: 0,
  etaS: null,
  history: { epoch: [], loss: [], accuracy: [], valLoss: [], valAccuracy: [] },
  validation: null,
  boundary: null,
  result: null,
  job: null,
  error: null,
  frames: 0,
  frameMs: 0,
  grads: [],
  internals: null,
  neurons: null,
  hidden: null,
  convSamples: null,
  convSample: 0,
  conv: null,
};

/** A copy of the curves, so a React state never shares arrays the next message grows. */
export function copyHistory(h: TrainerState['history']): TrainerState['history'] {
  return { epoch: h.epoch.slice(), loss: h.loss.slice(), accuracy: h.accuracy.slice(), valLoss: h.valLoss.slice(), valAccuracy: h.valAccuracy.slice() };
}

/**
 * Applies one worker message to `p` in place (the fields only: callbacks and the trainer's
 * running flag are the caller's).
 */
export function applyMessage(p: TrainerState, m: FromWorker): void {
  if (m.type === 'ready') {
    p.phase = 'training';
  } else if (m.type === 'epoch') {
    p.phase = 'training';
    p.epoch = m.epoch;
    p.history.epoch.push(m.epoch);
    p.history.loss.push(m.loss);
    p.history.accuracy.push(m.accuracy);
    p.history.valLoss.push(m.validation?.loss ?? null);
    p.history.valAccuracy.push(m.validation?.accuracy ?? null);
    if (m.internals) {
      p.internals = m.internals;
      p.grads.push(m.internals.layers.map((l) => l.weightGradNorm));
    }
    p.etaS = m.epoch > 0 ? ((m.elapsedMs / m.epoch) * (m.epochs - m.epoch)) / 1000 : null;
  } else if (m.type === 'boundary') {
    p.boundary = { size: m.size, classes: m.classes, confidence: m.confidence };
    p.frames += 1;
    p.frameMs += m.computeMs;
  } else if (m.type === 'neurons') {
    p.neurons = { res: m.res, layers: m.layers };
  } else if (m.type === 'validation') {
    p.validation = { source: m.source, n: m.n };
  } else if (m.type === 'hidden') {
    p.hidden = m.frame;
  } else if (m.type === 'convSamples') {
    p.convSamples = m.samples;
  } else if (m.type === 'conv') {
    p.conv = m.frame;
  } else if (m.type === 'done') {
    p.phase = 'done';
    p.etaS = 0;
    p.result = { weights: m.weights, loss: m.loss, accuracy: m.accuracy, epochsRun: m.epochsRun, elapsedMs: m.elapsedMs, steps: m.steps };
  } else if (m.type === 'error') {
    p.phase = 'error';
    p.error = m.message;
  }
}
