/**
 * The messages between the verification pool (main thread) and its workers. Both sides are this
 * project's own code, so plain types suffice here; the public entry points (`Verifier`) sit behind
 * the round service, which has already parsed every client payload with zod.
 */
import type { NetworkSpec } from '../../game/spec';
import type { ReplayJob, ReplayResult, RoundSecret, ScoreResult } from '../verifier';

// The shapes are the seam's (server/verifier.ts); re-exported for the pool and the worker.
export type { ReplayJob, ReplayResult, RoundSecret, ScoreResult };

export type WorkerRequest =
  | { id: number; kind: 'score'; round: RoundSecret; network: NetworkSpec; weights: Uint8Array }
  | { id: number; kind: 'replay'; round: RoundSecret; job: ReplayJob };

export type WorkerResponse =
  | { id: number; ok: true; kind: 'score'; result: ScoreResult }
  | { id: number; ok: true; kind: 'replay'; result: ReplayResult }
  | { id: number; ok: false; error: string }
  | { id: -1; ok: true; kind: 'ready' };
