/**
 * Typed integrity errors shared by every `Storage` implementation, so callers branch on a class
 * instead of a driver's message text. Nickname collisions have their own error
 * (`NicknameTakenError` in db/storage.ts) because the protocol answers them specifically.
 */

/**
 * Why a write was refused: a duplicate key, a reference to a row that does not exist, (for
 * `insertSubmission` with `maxPerPlayer`) a player who already has that many submissions, or (with
 * `whileOpen`) a round no longer open or a player kicked by the time the insert ran.
 */
export type IntegrityKind = 'duplicate' | 'missing-reference' | 'limit' | 'round-not-open' | 'kicked';

/**
 * Thrown when a write breaks a key: a duplicate id or join code, a duplicate round index, or a
 * foreign key to a missing tournament, round or player. Nothing was written.
 * @example
 * try { await store.createTournament(row) } catch (e) { if (e instanceof StorageIntegrityError && e.kind === 'duplicate') retryWithNewCode() }
 */
export class StorageIntegrityError extends Error {
  readonly kind: IntegrityKind;

  constructor(kind: IntegrityKind, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StorageIntegrityError';
    this.kind = kind;
  }
}
