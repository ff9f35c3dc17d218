/**
 * Whether a submission is admitted, decided from facts alone (issue 8: `submit` split into a pure
 * admission over facts, tested without storage). The caller gathers the facts (the round, the
 * player's stored count, the submission stored under the call's key, whether another call holds
 * that key, and how many of this player's submissions are being scored: one pending record per
 * round and player); this decides, in PROTOCOL.md order from step 5: round open
 * (ROUND_NOT_OPEN) → rules (RULE_VIOLATION) → weights (WEIGHTS_INVALID) → a stored key (its
 * submission, or CONFLICT) → a key held by another call (wait) → the limit (RATE_LIMITED). Pure.
 */
import { checkSubmission } from '../game/rules';
import { TASKS, taskShape } from '../game/tasks/catalog';
import type { RoundRules } from '../game/rules';
import type { NetworkSpec, TrainingSpec } from '../game/spec';
import { ApiError } from './errors';
import { requireSameSubmission } from './submission-keys';
import type { SubmissionMeta } from '../db/storage';

export interface AdmissionFacts {
  round: { index: number; status: 'draft' | 'open' | 'closed' | 'final'; rules: RoundRules };
  network: unknown;
  training: unknown;
  weights: Uint8Array;
  weightsSha256: string;
  /** Submissions of this player in this round already stored. */
  used: number;
  /** Submissions of this player in this round being scored now (not yet stored). */
  scoring: number;
  /** The submission stored under the call's key, if it has one and it is stored. */
  storedUnderKey: SubmissionMeta | null;
  /** Another call holds the call's key (it is being scored or inserted). */
  keyBusy: boolean;
}

export type Admission =
  | { kind: 'new'; params: number; network: NetworkSpec; training: TrainingSpec }
  | { kind: 'stored'; stored: SubmissionMeta }
  | { kind: 'wait' };

/** Index of the first non-finite float32 (little-endian), or -1 when every value is finite. */
export function firstNonFinite(bytes: Uint8Array): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i * 4 < bytes.byteLength; i++) if (!Number.isFinite(view.getFloat32(i * 4, true))) return i;
  return -1;
}

/**
 * Decides a submission from its facts; throws the step's `ApiError`. Pure.
 * @example admitSubmission({ round, network, training, weights, weightsSha256, used: 0, scoring: 0, storedUnderKey: null, keyBusy: false }) // { kind: 'new', params: 17, ... }
 */
export function admitSubmission(f: AdmissionFacts): Admission {
  const { round } = f;
  if (round.status !== 'open') throw new ApiError('ROUND_NOT_OPEN', `Round ${round.index} is ${round.status}, not open.`);
  const info = TASKS[round.rules.taskId];
  const checked = checkSubmission(f.network, f.training, round.rules, taskShape(info.id));
  if (!checked.ok) {
    const detail = checked.violations.slice(0, 3).map((v) => `${v.field}: ${v.message}`).join('; ');
    throw new ApiError('RULE_VIOLATION', `The submission breaks the round's rules (${detail}).`);
  }
  const expected = 4 * checked.params;
  if (f.weights.byteLength !== expected) {
    throw new ApiError('WEIGHTS_INVALID', `Expected ${expected} bytes of weights (${checked.params} float32 values), got ${f.weights.byteLength}.`);
  }
  const bad = firstNonFinite(f.weights);
  if (bad >= 0) throw new ApiError('WEIGHTS_INVALID', `Weight ${bad} is not a finite number.`);
  if (f.storedUnderKey) {
    requireSameSubmission(f.storedUnderKey, { weightsSha256: f.weightsSha256, network: checked.network, training: checked.training });
    return { kind: 'stored', stored: f.storedUnderKey };
  }
  if (f.keyBusy) return { kind: 'wait' };
  if (f.used + f.scoring >= round.rules.maxSubmissions) {
    throw new ApiError('RATE_LIMITED', `You have used all ${round.rules.maxSubmissions} submissions of this round.`);
  }
  return { kind: 'new', params: checked.params, network: checked.network, training: checked.training };
}
