/**
 * HMAC-SHA256 (RFC 2104) over game/'s pure SHA-256, so a round's hidden data can be derived from
 * its 128-bit secret identically in every JS engine, without Node's crypto.
 */
import { sha256Hex } from './sha256';

const BLOCK = 64;
const utf8 = new TextEncoder();

function hexToBytes(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/**
 * HMAC-SHA256 of `message` (a string is its UTF-8 encoding) under `key`, as 32 bytes. Pure.
 * @example bytesToHex(hmacSha256(utf8('key'), 'The quick brown fox jumps over the lazy dog'))
 * // 'f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8'
 */
export function hmacSha256(key: Uint8Array, message: Uint8Array | string): Uint8Array {
  let k = key.length > BLOCK ? hexToBytes(sha256Hex(key)) : key;
  const padded = new Uint8Array(BLOCK);
  padded.set(k);
  k = padded;
  const msg = typeof message === 'string' ? utf8.encode(message) : message;
  const inner = new Uint8Array(BLOCK + msg.length);
  const outer = new Uint8Array(BLOCK + 32);
  for (let i = 0; i < BLOCK; i++) {
    inner[i] = k[i] ^ 0x36;
    outer[i] = k[i] ^ 0x5c;
  }
  inner.set(msg, BLOCK);
  outer.set(hexToBytes(sha256Hex(inner)), BLOCK);
  return hexToBytes(sha256Hex(outer));
}

/** Lowercase hex of bytes. @example bytesToHex(new Uint8Array([1, 255])) // '01ff' */
export function bytesToHex(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return s;
}

export { hexToBytes };
