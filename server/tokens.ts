/**
 * Host keys and player tokens: 128 random bits (base64url of 16 bytes from node:crypto). Only their
 * SHA-256 hashes are stored, and a presented secret is compared in constant time.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * A fresh secret: 22 base64url characters carrying 128 random bits.
 * @example const hostKey = newSecret(); // 'q3Jx...'
 */
export function newSecret(): string {
  return randomBytes(16).toString('base64url');
}

/** SHA-256 hex of a secret; this is what the database keeps. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/**
 * Constant-time check of a presented secret against a stored hash. A missing secret never matches.
 * @example secretMatches(msg.hostKey, tournament.hostKeyHash)
 */
export function secretMatches(secret: string | undefined, storedHash: string): boolean {
  if (typeof secret !== 'string' || secret.length === 0) return false;
  const a = Buffer.from(hashSecret(secret), 'hex');
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}
