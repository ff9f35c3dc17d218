/**
 * The weight payload on the wire and in the database: float32 values, little-endian, in canonical
 * `weightManifest` order, 4 × paramCount bytes.
 */
import { sha256Hex } from './sha256';
import { GameInputError } from './errors';

export { sha256Hex };

/** Thrown when bytes cannot be a float32 vector (length not a multiple of 4). */
export class WeightsFormatError extends GameInputError {
  readonly code = 'BAD_WEIGHTS' as const;
}

/**
 * Packs weights as little-endian float32 bytes, explicitly (DataView), so the bytes are the same on
 * any platform. Pure; NaN payloads are preserved bit for bit by DataView on current engines.
 * @example packWeights(new Float32Array([1])) // Uint8Array [0, 0, 128, 63]
 */
export function packWeights(weights: Float32Array): Uint8Array {
  const out = new Uint8Array(weights.length * 4);
  const view = new DataView(out.buffer);
  for (let i = 0; i < weights.length; i++) view.setFloat32(i * 4, weights[i], true);
  return out;
}

/**
 * Unpacks little-endian float32 bytes (any offset or alignment). Pure. Throws WeightsFormatError
 * when the length is not a multiple of 4.
 * @example unpackWeights(new Uint8Array([0, 0, 128, 63])) // Float32Array [1]
 */
export function unpackWeights(bytes: Uint8Array | ArrayBuffer): Float32Array {
  const b = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  if (b.byteLength % 4 !== 0) throw new WeightsFormatError(`${b.byteLength} bytes is not a whole number of float32 values`);
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const out = new Float32Array(b.byteLength / 4);
  for (let i = 0; i < out.length; i++) out[i] = view.getFloat32(i * 4, true);
  return out;
}

/**
 * True when both vectors have exactly the same bytes (so NaN equals the same NaN, and 0 ≠ −0):
 * the audit's notion of "the replay reproduced the submission". Pure.
 * @example weightsEqual(new Float32Array([0]), new Float32Array([-0])) // false
 */
export function weightsEqual(a: Float32Array, b: Float32Array): boolean {
  if (a.length !== b.length) return false;
  const ua = new Uint32Array(a.buffer, a.byteOffset, a.length);
  const ub = new Uint32Array(b.buffer, b.byteOffset, b.length);
  for (let i = 0; i < ua.length; i++) if (ua[i] !== ub[i]) return false;
  return true;
}

/**
 * SHA-256 of the packed weights, hex: a short fingerprint for logs and cross-process checks.
 * @example weightsDigest(new Float32Array([1])) // sha256Hex of the bytes [0, 0, 128, 63]
 */
export function weightsDigest(weights: Float32Array): string {
  return sha256Hex(packWeights(weights));
}
