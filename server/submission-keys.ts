/**
 * Idempotency keys of `submission:create` (an addition to PROTOCOL.md). A client that lost an ack
 * repeats the call with the same key; the server then answers the submission already stored under
 * it instead of storing (and counting) it twice. This module holds the two pieces `submissions.ts`
 * needs besides the store: the "same submission?" test, and the keys being scored right now, so
 * two concurrent calls with one key cannot both insert (the unique index is only the backstop).
 */
import type { ServiceContext } from './context';
import { ApiError } from './errors';
import type { SubmissionMeta, SubmissionRow } from '../db/storage';

/** What identifies a submission's content: the weights' digest and the checked configs. */
export interface SubmissionContent {
  weightsSha256: string;
  network: SubmissionRow['network'];
  training: SubmissionRow['training'];
}

/** JSON with object keys sorted, so equal configs compare equal whatever order zod or JSON gave them. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * Throws `CONFLICT` unless `stored` has the same weights bytes, network and training as the
 * incoming call. Backend and claimed figures are not compared: they describe how the same weights
 * were produced, and the stored answer stands.
 * @example requireSameSubmission(stored, { weightsSha256, network, training }) // returns, or throws ApiError('CONFLICT')
 */
export function requireSameSubmission(stored: SubmissionMeta, incoming: SubmissionContent): void {
  const same =
    stored.weightsSha256 === incoming.weightsSha256 &&
    canonical(stored.network) === canonical(incoming.network) &&
    canonical(stored.training) === canonical(incoming.training);
  if (!same) throw new ApiError('CONFLICT', 'This submission key was already used for a different submission.');
}

// Keys whose submission is being scored or inserted, per service: `${roundId}:${playerId}:${key}`
// → a promise that settles when that call has stored its row or failed.
function flightsOf(ctx: ServiceContext): Map<string, Promise<void>> {
  return ctx.inFlight.submissionKeys;
}

/** The settle promise of the call holding this key, or null when no call holds it. Synchronous. */
export function keyInFlight(ctx: ServiceContext, roundId: string, playerId: string, key: string): Promise<void> | null {
  return flightsOf(ctx).get(`${roundId}:${playerId}:${key}`) ?? null;
}

/**
 * Marks the key as held by the calling submission (synchronously: call it right after
 * `keyInFlight` returned null, with no await between). Returns the release, idempotent, to call
 * once the row is stored or the call failed; it wakes every call waiting on the key.
 */
export function holdKey(ctx: ServiceContext, roundId: string, playerId: string, key: string): () => void {
  const flights = flightsOf(ctx);
  const id = `${roundId}:${playerId}:${key}`;
  let settle = (): void => undefined;
  const settled = new Promise<void>((resolve) => {
    settle = resolve;
  });
  flights.set(id, settled);
  return () => {
    if (flights.get(id) === settled) flights.delete(id);
    settle();
  };
}
