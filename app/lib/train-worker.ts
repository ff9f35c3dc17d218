/**
 * Creates the page's training Web Worker, and lets a page start it before the component that
 * trains mounts. On /play that component appears only once the player has joined and the round
 * has arrived; a worker started then was still fetching its script and running its warm-up when
 * a quick player clicked Train (issue 7: the first click took 150-550 ms, later ones 45-95 ms).
 *
 * A prestarted worker's warm-up job also reaches the page (`warmView`): the page draws it once
 * off screen (train-view-warm-up.tsx), so the first real epoch finds the training view's code
 * (its charts, canvases and components) already run once instead of compiling it then.
 */
import { applyMessage, copyHistory, EMPTY, type TrainerState } from './trainer-state';
import { WARM_UP_ID, type FromWorker } from '../worker/train-messages';

/** A worker started ahead of time by `prestartTrainWorker`, not yet taken by a trainer. */
let spare: Worker | null = null;

/** The warm-up job's state as its messages arrive, and the finished one once it is done. */
let warming: TrainerState | null = null;
let warmed: TrainerState | null = null;
/** Set once a real run starts: a warm-up render then would only compete with it. */
let cancelled = false;
const listeners = new Set<() => void>();

/** A fresh training worker (the bundler emits the worker's chunks from this URL). */
export function createTrainWorker(): Worker {
  return new Worker(new URL('../worker/train.worker.ts', import.meta.url), { type: 'module' });
}

/** Gathers a prestarted worker's warm-up messages (a listener beside the trainer's own handler). */
function collect(ev: MessageEvent<FromWorker>): void {
  const m = ev.data;
  if (m.jobId !== WARM_UP_ID || cancelled) return;
  warming ??= { ...EMPTY, history: copyHistory(EMPTY.history), grads: [] };
  applyMessage(warming, m);
  if (m.type !== 'done' && m.type !== 'error') return;
  (ev.target as Worker).removeEventListener('message', collect);
  if (m.type === 'error') return;
  warmed = warming;
  warming = null;
  for (const l of listeners) l();
}

/**
 * Starts the training worker now, for the next `takeTrainWorker` to take, so it has loaded and
 * warmed up by the time it is needed. A no-op where one is waiting already or without workers.
 */
export function prestartTrainWorker(): void {
  if (spare || typeof Worker === 'undefined') return;
  const w = createTrainWorker();
  w.addEventListener('message', collect);
  // A worker whose script failed to load is dropped, so the trainer starts a fresh one instead of
  // taking one that would never answer (its own error handler is not attached yet).
  w.onerror = () => {
    if (spare === w) spare = null;
    w.terminate();
  };
  spare = w;
}

/** The prestarted worker if there is one (its handlers are the caller's to set), else a new one. */
export function takeTrainWorker(): Worker {
  const w = spare;
  spare = null;
  if (!w) return createTrainWorker();
  // `collect` stays until the warm-up ends: the trainer's own handler ignores its messages.
  w.onerror = null;
  return w;
}

/** The finished warm-up job's state, until it has been drawn or a real run started; else null. */
export function warmView(): TrainerState | null {
  return cancelled ? null : warmed;
}

/** Calls `listener` when `warmView` changes; returns the unsubscribe. */
export function onWarmView(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Drops the warm-up view for good: it has been drawn, or a real run started. */
export function cancelWarmView(): void {
  if (cancelled) return;
  cancelled = true;
  warming = warmed = null;
  for (const l of listeners) l();
  listeners.clear();
}
