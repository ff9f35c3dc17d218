/**
 * Join codes and ids. Codes are 6 characters from the look-alike-free alphabet of PROTOCOL.md,
 * drawn with node:crypto (a guessable code would let strangers into a classroom).
 */
import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { testSecretFromBytes, TEST_SECRET_BYTES } from '../game/tasks/test-secret';
import { CODE_ALPHABET, CODE_LENGTH } from '../game/protocol';

/**
 * A random join code, e.g. `K7XQ2M`.
 * @example newJoinCode() // 'K7XQ2M'
 */
export function newJoinCode(): string {
  let s = '';
  for (let i = 0; i < CODE_LENGTH; i++) s += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return s;
}

/** An opaque unique id (UUID v4). */
export function newId(): string {
  return randomUUID();
}

/** A uniformly random unsigned 32-bit seed (train and test seeds). */
export function newSeed(): number {
  return randomInt(0, 2 ** 32 - 1);
}

/**
 * A round's 128-bit test secret (32 hex digits) from node:crypto; everything hidden is derived
 * from it with HMAC (game/tasks/test-secret.ts).
 * @example newTestSecret() // '3f9c0a…' (32 hex digits)
 */
export function newTestSecret(): string {
  return testSecretFromBytes(randomBytes(TEST_SECRET_BYTES));
}
