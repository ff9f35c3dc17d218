/**
 * The verification seam the round service depends on. server/verify/pool.ts (a worker_threads
 * pool running tfjs wasm) implements it; unit tests pass a fake. Scores are accuracies in [0, 1]
 * rounded to 4 decimals; `ms` is the wall time the work took.
 */
import type { Backend, NetworkSpec, TaskId, TrainingSpec } from '../game/spec';
import type { TestSecret } from '../game/tasks/test-secret';

/** Everything a worker needs to rebuild a round's data. Server-only: it holds the test seed. */
export interface RoundSecret {
  roundId: string;
  taskId: TaskId;
  trainSeed: number;
  testSeed: TestSecret;
  trainSize: number;
  noise: number;
}

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
  /** Why, in one sentence; the worker pool always gives one, fakes may leave it null. */
  reason: string | null;
  replayScore: number | null;
  /**
   * The replayed weights' public, private and full accuracies (4 decimals), when the replay
   * trained. A verified webgl submission is ranked by these, never by its submitted weights.
   */
  replayScores?: ReplayedScores | null;
  ms: number;
}

/** Accuracies of the server's replayed weights, in [0, 1] with 4 decimals. */
export interface ReplayedScores {
  publicScore: number;
  privateScore: number;
  fullScore: number;
}

export interface Verifier {
  /** Scores submitted weights on the round's hidden test set. */
  score(round: RoundSecret, network: NetworkSpec, weights: Uint8Array): Promise<ScoreResult>;
  /**
   * Retrains from the declared spec and compares with the submitted weights. `owner` (the
   * submitting player) lets the pool share replay time fairly: one player's ten heavy replays
   * do not hold everyone else's back.
   */
  replay(
    round: RoundSecret,
    job: ReplayJob,
    priority: 'high' | 'low',
    owner?: string,
  ): Promise<ReplayResult>;
  /**
   * Current load, when the verifier can tell (the worker pool does). Replays of open rounds run only
   * on a verifier that reports an idle worker, so scoring never queues behind them.
   */
  stats?(): { workers: number; busy: number; queued: number };
  /**
   * Builds the round's hidden test set and training set ahead of the first score, where the
   * verifier keeps them (the pool: in every worker). Best effort, returns at once; optional.
   */
  prepare?(round: RoundSecret): void;
  close(): Promise<void>;
}
