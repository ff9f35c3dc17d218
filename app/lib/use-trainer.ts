'use client';
/**
 * React hook that runs training jobs in the Web Worker and exposes their progress as state.
 * Epoch events can arrive hundreds of times a second, so they are buffered in refs and flushed to
 * React at most once per animation frame: the page stays responsive whatever the net's speed.
 * `stop()` terminates the worker (instant, frees all tensors); the next job starts a fresh one.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { BoundaryGrid } from '../components/shared/boundary-canvas';
import type { FromWorker, TrainJob } from '../worker/train-messages';

export type TrainPhase = 'idle' | 'preparing' | 'training' | 'done' | 'stopped' | 'error';

/** What a finished training hands back: the worker's `done` message without its tag. */
export type TrainResult = Omit<Extract<FromWorker, { type: 'done' }>, 'type'>;

export interface TrainerState {
  phase: TrainPhase;
  epoch: number;
  epochs: number;
  etaS: number | null;
  history: { epoch: number[]; loss: number[]; accuracy: number[] };
  boundary: BoundaryGrid | null;
  result: TrainResult | null;
  /** The job the current result/progress belongs to (what a submission must declare). */
  job: TrainJob | null;
  error: string | null;
  /** Decision-boundary frames received, and the worker time they took in total (ms). */
  frames: number;
  frameMs: number;
}

const EMPTY: TrainerState = {
  phase: 'idle',
  epoch: 0,
  epochs: 0,
  etaS: null,
  history: { epoch: [], loss: [], accuracy: [] },
  boundary: null,
  result: null,
  job: null,
  error: null,
  frames: 0,
  frameMs: 0,
};

export interface EpochInfo {
  epoch: number;
  loss: number;
  accuracy: number;
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
    setState({ ...p, history: { epoch: p.history.epoch.slice(), loss: p.history.loss.slice(), accuracy: p.history.accuracy.slice() } });
  }, []);
  const schedule = useCallback(() => {
    if (raf.current === null) raf.current = requestAnimationFrame(flush);
  }, [flush]);

  const kill = useCallback(() => {
    worker.current?.terminate();
    worker.current = null;
    if (raf.current !== null) cancelAnimationFrame(raf.current);
    raf.current = null;
  }, []);

  useEffect(() => kill, [kill]);

  const start = useCallback(
    (job: TrainJob) => {
      kill();
      pending.current = { ...EMPTY, phase: 'preparing', epochs: job.training.epochs, job, history: { epoch: [], loss: [], accuracy: [] } };
      flush();
      const w = createWorker();
      worker.current = w;
      w.onmessage = (ev: MessageEvent<FromWorker>) => {
        if (worker.current !== w) return;
        const m = ev.data;
        const p = pending.current;
        if (m.type === 'ready') {
          p.phase = 'training';
        } else if (m.type === 'epoch') {
          p.phase = 'training';
          p.epoch = m.epoch;
          p.history.epoch.push(m.epoch);
          p.history.loss.push(m.loss);
          p.history.accuracy.push(m.accuracy);
          p.etaS = m.epoch > 0 ? ((m.elapsedMs / m.epoch) * (m.epochs - m.epoch)) / 1000 : null;
          callbacks.current.onEpoch?.({ epoch: m.epoch, loss: m.loss, accuracy: m.accuracy });
        } else if (m.type === 'boundary') {
          p.boundary = { size: m.size, classes: m.classes };
          p.frames += 1;
          p.frameMs += m.computeMs;
        } else if (m.type === 'done') {
          p.phase = 'done';
          p.etaS = 0;
          p.result = { weights: m.weights, loss: m.loss, accuracy: m.accuracy, epochsRun: m.epochsRun, elapsedMs: m.elapsedMs, steps: m.steps };
          callbacks.current.onDone?.(p.result);
          w.terminate();
          worker.current = null;
        } else if (m.type === 'error') {
          p.phase = 'error';
          p.error = m.message;
          w.terminate();
          worker.current = null;
        }
        schedule();
      };
      w.onerror = (e) => {
        pending.current.phase = 'error';
        pending.current.error = e.message || 'worker failed to load';
        schedule();
      };
      w.postMessage({ type: 'train', job });
    },
    [kill, flush, schedule],
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

  return { state, start, stop, reset };
}
