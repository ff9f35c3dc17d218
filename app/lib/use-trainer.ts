'use client';
/**
 * React hook that runs training jobs in the page's training Web Worker and exposes their progress
 * as state. The worker starts with the page (the hook's mount, or earlier where the page called
 * app/lib/train-worker `prestartTrainWorker`) and stays: a js job needs no setup,
 * so Train → first epoch is a few milliseconds. Epoch events can arrive hundreds of times a second,
 * so they are buffered in refs and flushed to React at most once per animation frame.
 * `stop()` (or a new job while one runs) terminates the worker, which is instant and frees every
 * tensor, and starts its replacement at once, so the next Train finds a worker waiting.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { applyMessage, copyHistory, EMPTY, type TrainerState, type TrainResult } from './trainer-state';
import { cancelWarmView, takeTrainWorker } from './train-worker';
import type { FromWorker, ToWorker, TrainJob, TrainJobRequest } from '../worker/train-messages';

export type { NeuronGrids, TrainerState, TrainPhase, TrainResult } from './trainer-state';

export interface EpochInfo {
  epoch: number;
  loss: number;
  accuracy: number;
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
    const w = takeTrainWorker();
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
      applyMessage(p, m);
      if (m.type === 'epoch') callbacks.current.onEpoch?.({ epoch: m.epoch, loss: m.loss, accuracy: m.accuracy });
      else if (m.type === 'done' && p.result) {
        running.current = false;
        callbacks.current.onDone?.(p.result);
      } else if (m.type === 'error') running.current = false;
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
      // A warm-up render still to come would now compete with this run for the main thread.
      cancelWarmView();
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


  /**
   * Tells the idle worker which job Train will most likely send (the builder's current one), so it
   * runs that job's code path once, results dropped, before the click (train.worker.ts `warm`).
   */
  const warm = useCallback((request: TrainJobRequest) => {
    if (running.current || !worker.current) return;
    const msg: ToWorker = { type: 'warm', job: { ...request, id: -1 } };
    worker.current.postMessage(msg);
  }, []);

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

  return { state, start, stop, reset, restore, selectConvSample, warm };
}
