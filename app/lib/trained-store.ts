/**
 * The last trained result of a round in this tab's sessionStorage (weights, the job that made
 * them, the loss and accuracy curves), so a reload on /play keeps the trained model and its curves
 * instead of asking for the training again (issue 14, bug 2). One round at a time; a result whose
 * weights would not fit comfortably in storage is simply not kept. Read values pass the game's own
 * zod schemas: a stale or hand-edited entry is ignored. The server verifies a submission anyway.
 */
import { z } from 'zod';
import { backendSchema, networkSchema, trainingSchema, type Backend, type NetworkSpec, type TrainingSpec } from '../../game/spec';
import type { TrainResult } from './use-trainer';

const PREFIX = 'tune-arena:trained:';
/** Weights kept at most (floats): 300,000 floats are 1.6 MB of base64, well inside a tab's quota. */
const MAX_FLOATS = 300_000;

/** What a restore needs: what was trained (the round supplies the data), the result and the curves. */
export interface TrainedSnapshot {
  job: { network: NetworkSpec; training: TrainingSpec; backend: Backend };
  result: TrainResult;
  history: { epoch: number[]; loss: number[]; accuracy: number[] };
}

const numbers = z.array(z.number().nullable().transform((v) => v ?? Number.NaN));
const savedSchema = z.object({
  job: z.object({ network: networkSchema, training: trainingSchema, backend: backendSchema }),
  result: z.object({ weights: z.string().max(4 * MAX_FLOATS + 8), loss: z.number().nullable(), accuracy: z.number().nullable(), epochsRun: z.number().int().min(0), elapsedMs: z.number(), steps: z.number().int().min(0) }),
  history: z.object({ epoch: z.array(z.number()), loss: numbers, accuracy: numbers }),
});

function toBase64(f: Float32Array): string {
  const bytes = new Uint8Array(f.buffer, f.byteOffset, f.byteLength);
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

function fromBase64(b64: string): Float32Array | null {
  const s = atob(b64);
  if (s.length % 4 !== 0) return null;
  const bytes = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) bytes[i] = s.charCodeAt(i);
  return new Float32Array(bytes.buffer);
}

/**
 * Keeps this round's trained result for a reload (side effect: sessionStorage; other rounds'
 * entries are dropped). Silently does nothing when storage is blocked, full, or the net too big.
 * @example saveTrained(round.id, { job, result, history })
 */
export function saveTrained(roundId: string, snap: TrainedSnapshot): void {
  if (snap.result.weights.length > MAX_FLOATS) return;
  try {
    for (let i = sessionStorage.length - 1; i >= 0; i--) {
      const key = sessionStorage.key(i);
      if (key?.startsWith(PREFIX) && key !== PREFIX + roundId) sessionStorage.removeItem(key);
    }
    const { weights, ...rest } = snap.result;
    const { network, training, backend } = snap.job;
    sessionStorage.setItem(PREFIX + roundId, JSON.stringify({ job: { network, training, backend }, result: { ...rest, weights: toBase64(weights) }, history: snap.history }));
  } catch {
    // Blocked or full: the result stays on the page, it just will not survive a reload.
  }
}

/** The trained result kept for this round, or null (none, unreadable, or storage blocked). */
export function loadTrained(roundId: string): TrainedSnapshot | null {
  try {
    const raw = sessionStorage.getItem(PREFIX + roundId);
    if (!raw) return null;
    const parsed = savedSchema.safeParse(JSON.parse(raw));
    if (!parsed.success) return null;
    const weights = fromBase64(parsed.data.result.weights);
    if (!weights) return null;
    const { result, history } = parsed.data;
    return {
      job: parsed.data.job,
      result: { ...result, weights, loss: result.loss ?? Number.NaN, accuracy: result.accuracy ?? Number.NaN },
      history,
    };
  } catch {
    return null;
  }
}

/** Forgets this round's trained result (side effect: sessionStorage), e.g. once it was submitted. */
export function clearTrained(roundId: string): void {
  try {
    sessionStorage.removeItem(PREFIX + roundId);
  } catch {
    // Storage blocked: nothing was kept.
  }
}
