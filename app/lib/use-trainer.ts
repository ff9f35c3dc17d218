'use client';
/**
 * React hook that runs training jobs in the page's training Web Worker and exposes their progress
 * as state. The worker starts with the page (the hook's mount) and stays: a js job needs no setup,
 * so Train → first epoch is a few milliseconds. Epoch events can arrive hundreds of times a second,
 * so they are buffered in refs and flushed to React at most once per animation frame.
 * `stop()` (or a new job while one runs) terminates the worker, which is instant and frees every
 * tensor, and starts its replacement at once, so the next Train finds a worker waiting.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { EpochInternals } from '../../game/engine/internals';
import type { BoundaryGrid } from '../components/shared/boundary-canvas';
import type { ConvFrame, ConvSamples, FromWorker, HiddenFrame, ToWorker, TrainJob, TrainJobRequest, ValidationSource } from '../worker/train-messages';

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

const EMPTY: TrainerState = {
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

export interface EpochInfo {
  epoch: number;
  loss: number;
  accuracy: number;
}

function copyHistory(h: TrainerState['history']): TrainerState['history'] {
  return { epoch: h.epoch.slice(), loss: h.loss.slice(), accuracy: h.accuracy.slice(), valLoss: h.valLoss.slice(), valAccuracy: h.valAccuracy.slice() };
}

function createWorker(): Worker {
  return new Worker(new URL('../worker/train.worker.ts', import.meta.url), { type: 'module' });
}

/**
 * @example const { state, start, stop } = useTrainer({ onEpoch: sendProgress }); start(job);
 */
export function useTrainer(opts: { onEpoch?: (e: EpochInfo) => void; onDone?: (r: TrainResult) => void } = {}) {
  const [state, setState] = useState<TrainerState>(EMPTY);
  const worker = useRef<Worker | null>(null);
  const pending = useRef<TrainerState>(EMPTY);
  const raf = useRef<number | null>(null);
  const callbacks = useRef(opts);
  callbacks.current = opts;

  const flush = useCallback(() => {
    raf.current = null;
    const p = pending.current;
    setState({ ...p, grads: p.grads.slice(), history: copyHistory(p.history) });
  }, []);
  const schedule = useCallback(() => {
    if (raf.current === null) raf.current = requestAnimationFrame(flush);
  }, [flush]);

  const nextId = useRef(0);
  const running = useRef(false);
  const listen = useRef<(w: Worker) => void>(() => undefined);

  const spawn = useCallback(() => {
    const w = createWorker();
    worker.current = w;
    listen.current(w);
    return w;
  }, []);

  /** Ends the current job at once: replaces the worker (terminating it frees every tensor). */
  const kill = useCallback(() => {
    if (raf.current !== null) cancelAnimationFrame(raf.current);
    raf.current = null;
    if (!running.current) return;
    running.current = false;
    worker.current?.terminate();
    spawn();
  }, [spawn]);

  listen.current = (w: Worker) => {
    w.onmessage = (ev: MessageEvent<FromWorker>) => {
      const m = ev.data;
      if (worker.current !== w || pending.current.job?.id !== m.jobId) return;
      const p = pending.current;
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
        callbacks.current.onEpoch?.({ epoch: m.epoch, loss: m.loss, accuracy: m.accuracy });
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
        running.current = false;
        p.phase = 'done';
        p.etaS = 0;
        const result: TrainResult = { weights: m.weights, loss: m.loss, accuracy: m.accuracy, epochsRun: m.epochsRun, elapsedMs: m.elapsedMs, steps: m.steps };
        p.result = result;
        callbacks.current.onDone?.(result);
      } else if (m.type === 'error') {
        running.current = false;
        p.phase = 'error';
        p.error = m.message;
      }
      schedule();
    };
    w.onerror = (e) => {
      if (worker.current !== w) return;
      if (!running.current) {
        // Failed while idle (e.g. its script did not load): the next job starts a fresh one.
        worker.current = null;
        return;
      }
      running.current = false;
      pending.current.phase = 'error';
      pending.current.error = e.message || 'worker failed to load';
      schedule();
    };
  };

  // The worker starts with the page and ends with it.
  useEffect(() => {
    spawn();
    return () => {
      if (raf.current !== null) cancelAnimationFrame(raf.current);
      raf.current = null;
      running.current = false;
      worker.current?.terminate();
      worker.current = null;
    };
  }, [spawn]);

  const start = useCallback(
    (request: TrainJobRequest) => {
      kill();
      nextId.current += 1;
      const convSample = pending.current.convSample;
      const job: TrainJob = { convSample, ...request, id: nextId.current };
      pending.current = { ...EMPTY, phase: 'preparing', epochs: job.training.epochs, job, history: copyHistory(EMPTY.history), grads: [], convSample };
      flush();
      const w = worker.current ?? spawn();
      running.current = true;
      w.postMessage({ type: 'train', job });
    },
    [kill, flush, spawn],
  );

  const stop = useCallback(() => {
    kill();
    pending.current = { ...pending.current, phase: 'stopped' };
    flush();
  }, [kill, flush]);

  const reset = useCallback(() => {
    kill();
    pending.current = EMPTY;
    flush();
  }, [kill, flush]);

  /**
   * Shows a result trained before a reload as if its job had just finished (no worker runs):
   * phase done, its curves, its weights ready to submit. Curves the snapshot lacks are null.
   */
  const restore = useCallback(
    (request: TrainJobRequest, result: TrainResult, curves: Partial<Record<keyof TrainerState['history'], (number | null)[]>>) => {
      kill();
      nextId.current += 1;
      const job: TrainJob = { ...request, id: nextId.current };
      const n = curves.epoch?.length ?? 0;
      // Every series of the history, whatever its shape: the saved ones, null-filled otherwise.
      const history = Object.fromEntries(Object.keys(EMPTY.history).map((k) => [k, curves[k as keyof TrainerState['history']]?.slice() ?? new Array<null>(n).fill(null)])) as TrainerState['history'];
      pending.current = { ...EMPTY, phase: 'done', epoch: result.epochsRun, epochs: job.training.epochs, etaS: 0, job, result, history, grads: [] };
      flush();
    },
    [kill, flush],
  );


  /** Conv nets: picks the sample whose feature maps are shown (live while training, kept for the next run). */
  const selectConvSample = useCallback(
    (index: number) => {
      const p = pending.current;
      p.convSample = index;
      const msg: ToWorker = { type: 'convSample', jobId: p.job?.id ?? -1, index };
      if (running.current) worker.current?.postMessage(msg);
      flush();
    },
    [flush],
  );

  return { state, start, stop, reset, restore, selectConvSample };
}
