/**
 * A round's test secret and what is derived from it.
 *
 * Version 2 (every round opened since): 128 random bits as 32 lowercase hex digits. Each hidden
 * draw (the real-data split, the public third, the synthetic test sample's seed) reads a stream of
 * HMAC-SHA256(secret, `${label}:${counter}`) blocks, so it depends on all 128 bits and on no
 * public value: no 32-bit seed stands behind it that a scan of the public `trainRows` could find.
 * Version 1 (rounds stored before): an unsigned 32-bit number, derived as it always was
 * (game/rng `deriveSeed`), so those rounds keep their exact hidden sets and scores.
 */
import type { Rng } from '../rng';
import { createRng, deriveSeed, rngFromUint32 } from '../rng';
import { bytesToHex, hexToBytes, hmacSha256 } from '../hmac';

/** A 128-bit secret (32 hex digits, version 2) or a legacy 32-bit seed (version 1). */
export type TestSecret = string | number;

/** Number of random bytes in a version-2 secret. */
export const TEST_SECRET_BYTES = 16;

const SECRET_RE = /^[0-9a-f]{32}$/;

/** True for a well-formed version-2 secret. @example isTestSecretV2('00'.repeat(16)) // true */
export function isTestSecretV2(secret: TestSecret): secret is string {
  return typeof secret === 'string' && SECRET_RE.test(secret);
}

function keyOf(secret: string): Uint8Array {
  if (!SECRET_RE.test(secret)) throw new Error('A test secret must be 32 lowercase hex digits.');
  return hexToBytes(secret);
}

/**
 * Encodes 16 random bytes (from the caller's CSPRNG: game/ draws no randomness of its own) as a
 * version-2 secret.
 * @example testSecretFromBytes(crypto.getRandomValues(new Uint8Array(16))) // '9f0c…' (32 hex)
 */
export function testSecretFromBytes(bytes: Uint8Array): string {
  if (bytes.length !== TEST_SECRET_BYTES) throw new Error(`A test secret needs ${TEST_SECRET_BYTES} bytes (got ${bytes.length}).`);
  return bytesToHex(bytes);
}

/**
 * The generator of one hidden draw, named by `label`. Version 2: HMAC-SHA256 in counter mode
 * (8 uint32s per block); version 1: `createRng(deriveSeed(seed, label))` as before.
 * @example permutation(n, secretRng(secret, 'public'))
 */
export function secretRng(secret: TestSecret, label: string): Rng {
  if (typeof secret === 'number') return createRng(deriveSeed(secret, label));
  const key = keyOf(secret);
  let counter = 0;
  let block: Uint8Array = new Uint8Array(0);
  let at = 32;
  return rngFromUint32(() => {
    if (at >= 32) {
      block = hmacSha256(key, `${label}:${counter++}`);
      at = 0;
    }
    const v = ((block[at] << 24) | (block[at + 1] << 16) | (block[at + 2] << 8) | block[at + 3]) >>> 0;
    at += 4;
    return v;
  });
}

/**
 * A 32-bit seed for a generator that takes one (the synthetic test sample), named by `label`.
 * Version 2: the first 4 bytes of HMAC-SHA256(secret, label); version 1: `deriveSeed`.
 * @example generateSynthetic(id, { seed: secretSeed(secret, 'test:xor'), n, noise })
 */
export function secretSeed(secret: TestSecret, label: string): number {
  if (typeof secret === 'number') return deriveSeed(secret, label);
  const h = hmacSha256(keyOf(secret), label);
  return ((h[0] << 24) | (h[1] << 16) | (h[2] << 8) | h[3]) >>> 0;
}
