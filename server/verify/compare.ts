/**
 * Byte-level comparison of packed weight vectors, for the replay verdict. Values are compared by
 * their float32 bit patterns (not numerically), so -0 vs 0 or two different NaN payloads count as
 * differences: the audit promises byte identity.
 */

export interface WeightDiff {
  /** Number of float32 values in the submitted vector. */
  total: number;
  /** Values whose 4 bytes differ; equals `total` when the lengths differ. */
  differing: number;
  sameLength: boolean;
}

/**
 * Counts the float32 values (4-byte little-endian slots) at which two packed vectors differ.
 * Pure; no side effects.
 * @example diffPackedWeights(a, a) // { total: a.length / 4, differing: 0, sameLength: true }
 */
export function diffPackedWeights(submitted: Uint8Array, replayed: Uint8Array): WeightDiff {
  const total = Math.floor(submitted.byteLength / 4);
  if (submitted.byteLength !== replayed.byteLength) {
    return { total, differing: total, sameLength: false };
  }
  let differing = 0;
  for (let v = 0; v < total; v++) {
    const o = v * 4;
    if (
      submitted[o] !== replayed[o] ||
      submitted[o + 1] !== replayed[o + 1] ||
      submitted[o + 2] !== replayed[o + 2] ||
      submitted[o + 3] !== replayed[o + 3]
    ) {
      differing++;
    }
  }
  return { total, differing, sameLength: true };
}
