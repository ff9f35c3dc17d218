/**
 * The idempotency key of one trained result's `submission:create` (docs/protocol.md, additions):
 * the page sends the same key every time it retries submitting the same weights, so a retry after
 * a lost ack answers the stored submission instead of spending another one.
 */

/** Random bytes per key: 128 bits, so two trainings never share a key by chance. */
const KEY_BYTES = 16;

/**
 * A fresh key: 16 bytes from `crypto.getRandomValues`, base64url without padding (22 characters,
 * within the protocol's 8–64 of [A-Za-z0-9_-]). Side effect: draws from the platform's CSPRNG.
 * @example newSubmissionKey() // 'q3Xk9_aZ-1bC2dE3fG4hIw'
 */
export function newSubmissionKey(): string {
  const bytes = new Uint8Array(KEY_BYTES);
  globalThis.crypto.getRandomValues(bytes);
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/**
 * Remembers the key of the last trained result submitted: the same weights (by identity: a new
 * training produces a new array) get the same key back, other weights a new one.
 * @example const keys = createSubmissionKeys(); keys.keyFor(w) === keys.keyFor(w) // true
 */
export function createSubmissionKeys(): { keyFor(weights: Float32Array): string; pending(weights: Float32Array | undefined): boolean } {
  let current: { weights: Float32Array; key: string } | null = null;
  return {
    keyFor(weights) {
      if (current?.weights !== weights) current = { weights, key: newSubmissionKey() };
      return current.key;
    },
    /** True when these weights were already sent under a key (their ack may have been lost). */
    pending(weights) {
      return weights !== undefined && current?.weights === weights;
    },
  };
}
