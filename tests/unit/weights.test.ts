import { describe, expect, it } from 'vitest';
import { packWeights, unpackWeights, weightsDigest, weightsEqual, WeightsFormatError } from '../../game/weights';
import { sha256Hex } from '../../game/sha256';

describe('weight packing', () => {
  it('writes little-endian float32 explicitly', () => {
    expect(Array.from(packWeights(new Float32Array([1, -2])))).toEqual([0, 0, 0x80, 0x3f, 0, 0, 0, 0xc0]);
  });

  it('round-trips every bit pattern that matters, from any byte offset', () => {
    const w = new Float32Array([0, -0, 1.5, -3.25e-39, Infinity, -Infinity, NaN, 3.4028234663852886e38, 1e-45]);
    const packed = packWeights(w);
    const shifted = new Uint8Array(packed.length + 1);
    shifted.set(packed, 1);
    for (const bytes of [packed, shifted.subarray(1), packed.slice().buffer]) {
      const back = unpackWeights(bytes);
      expect(weightsEqual(back, w)).toBe(true);
      expect(Object.is(back[1], -0)).toBe(true);
    }
  });

  it('rejects a byte length that is not a multiple of 4', () => {
    expect(() => unpackWeights(new Uint8Array(7))).toThrow(WeightsFormatError);
  });

  it('compares bytes, not values', () => {
    expect(weightsEqual(new Float32Array([0]), new Float32Array([-0]))).toBe(false);
    expect(weightsEqual(new Float32Array([NaN]), new Float32Array([NaN]))).toBe(true);
    expect(weightsEqual(new Float32Array([1, 2]), new Float32Array([1]))).toBe(false);
    expect(weightsEqual(new Float32Array([1, 2]), new Float32Array([1, 2]))).toBe(true);
  });

  it('digests the packed bytes', () => {
    const w = new Float32Array([1, 2, 3]);
    expect(weightsDigest(w)).toBe(sha256Hex(packWeights(w)));
  });
});
