/**
 * The messages between the verification pool (main thread) and its workers. Both sides are this
 * project's own code, so plain types suffice here; the public entry points (`Verifier`) sit behind
 * the round service, which has already parsed every client payload with zod.
 */
import type { Backend, NetworkSpec, TaskId, TrainingSpec } from '../../game/spec';

/** The secret parameters of a round that scoring and replay need. Never sent to a client. */
export interface RoundSecret {
  roundId: string;
  taskId: TaskId;
  trainSeed: number;
  testSeed: number;
  trainSize: number;
  noise: number;
}

/** Accuracies in [0, 1] rounded to 4 decimals; `ms` is the worker's compute time for the job. */
export interface ScoreResult {
  publicScore: number;
  privateScore: number;
  fullScore: number;
  ms: number;
}

/** What a replay needs from a submission: the declared recipe and the submitted packed weights. */
export interface ReplayJob {
  network: NetworkSpec;
  training: TrainingSpec;
  backend: Backend;
  weights: Uint8Array;
}

/** `replayScore` is the private accuracy of the replayed weights (4 decimals). */
export interface ReplayResult {
  verdict: 'verified' | 'rejected';
  reason: string;
  replayScore: number | null;
  ms: number;
}

export type WorkerRequest =
  | { id: number; kind: 'score'; round: RoundSecret; network: NetworkSpec; weights: Uint8Array }
  | { id: number; kind: 'replay'; round: RoundSecret; job: ReplayJob };

export type WorkerResponse =
  | { id: number; ok: true; kind: 'score'; result: ScoreResult }
  | { id: number; ok: true; kind: 'replay'; result: ReplayResult }
  | { id: number; ok: false; error: string }
  | { id: -1; ok: true; kind: 'ready' };
