/**
 * The one way the js engine sums squares for its internals (internals.ts): four running sums over
 * i − start ≡ 0, 1, 2, 3 (mod 4), range after range, added as ((s0 + s1) + s2) + s3. Four
 * independent chains instead of one run at a quarter of the add latency. Loops that fold a sum of
 * squares into other work (activations.ts `activationBackwardSq`) keep exactly this order, so the
 * figures do not depend on where the sum is taken.
 */

/**
 * Σ v[i]² over the [start, end) pairs of `ranges`, in the order above.
 * @example sumSqRanges(grad, Int32Array.of(0, 12, 40, 44))
 */
export function sumSqRanges(v: Float64Array, ranges: Int32Array): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  for (let q = 0; q < ranges.length; q += 2) {
    const end = ranges[q + 1];
    let i = ranges[q];
    for (; i + 3 < end; i += 4) {
      s0 += v[i] * v[i];
      s1 += v[i + 1] * v[i + 1];
      s2 += v[i + 2] * v[i + 2];
      s3 += v[i + 3] * v[i + 3];
    }
    if (i < end) s0 += v[i] * v[i];
    if (i + 1 < end) s1 += v[i + 1] * v[i + 1];
    if (i + 2 < end) s2 += v[i + 2] * v[i + 2];
  }
  return s0 + s1 + s2 + s3;
}

const whole = new Int32Array(2);

/**
 * Σ v[i]² for i < n, in the order above.
 * @example sumSq(layer.dOut, rows * layer.outputWidth)
 */
export function sumSq(v: Float64Array, n: number): number {
  whole[1] = n;
  return sumSqRanges(v, whole);
}

/**
 * The last lane sums of a fused loop that stopped at i (n − i < 4): adds the tail v[i..n) to lanes
 * 0, 1, 2 as `sumSqRanges` does, and returns ((s0 + s1) + s2) + s3.
 */
export function finishSumSq(v: Float64Array, i: number, n: number, s0: number, s1: number, s2: number, s3: number): number {
  if (i < n) s0 += v[i] * v[i];
  if (i + 1 < n) s1 += v[i + 1] * v[i + 1];
  if (i + 2 < n) s2 += v[i + 2] * v[i + 2];
  return s0 + s1 + s2 + s3;
}
