/**
 * The messages between the verification pool (main thread) and its workers. Both sides are this
 * project's own code, so plain types suffice here; the public entry points (`Verifier`) sit behind
 * the round service, which has already parsed every client payload with zod.
 *
 * Scores travel in batches (issue 9: 2,000 submissions in 10 s): one `score` request carries up to
 * `MAX_SCORE_BATCH` submissions, and the worker answers each one as soon as it is scored, so a
 * batch saves the round trips between scores without holding back the first answers. A batch sent
 * to a worker that is replaying (`side: true`) runs between the replay's slices (slices.ts).
 */
import type { NetworkSpec } from '../../game/spec';
import type { ReplayJob, ReplayResult, RoundSecret, ScoreResult } from '../verifier';

// The shapes are the seam's (server/verifier.ts); re-exported for the pool and the worker.
export type { ReplayJob, ReplayResult, RoundSecret, ScoreResult };

/** One submission to score on its round's hidden test set. */
export interface ScoreItem {
  round: RoundSecret;
  network: NetworkSpec;
  weights: Uint8Array;
}

export type WorkerRequest =
  | { id: number; kind: 'score'; items: ScoreItem[]; side: boolean }
  | { id: number; kind: 'replay'; round: RoundSecret; job: ReplayJob }
  /** Build and cache the round's data now (a round opened); never answered. */
  | { id: number; kind: 'prepare'; round: RoundSecret };

export type WorkerResponse =
  /** One item of a score batch; `index` is its place in `items`. */
  | { id: number; kind: 'score'; index: number; ok: true; result: ScoreResult }
  | { id: number; kind: 'score'; index: number; ok: false; error: string }
  | { id: number; kind: 'replay'; ok: true; result: ReplayResult }
  | { id: number; kind: 'replay'; ok: false; error: string }
  | { id: -1; kind: 'ready'; ok: true };
