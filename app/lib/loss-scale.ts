/**
 * The loss chart's scale rule: a log axis as soon as the finite, positive losses span more than
 * 10× (a diverged run, or a loss that fell by orders of magnitude), a linear one otherwise.
 */

/** Ratio of the largest to the smallest plotted loss above which the axis turns logarithmic. */
export const LOG_SPAN = 10;

/**
 * Whether the losses call for a log axis.
 * @example wantsLogScale([50.9, 1.09, 0.35]) // true
 */
export function wantsLogScale(losses: readonly number[]): boolean {
  let lo = Infinity;
  let hi = 0;
  for (const v of losses) {
    if (!(v > 0) || !Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return hi > 0 && hi / lo > LOG_SPAN;
}

/**
 * The losses as a log axis can draw them: zero, negative and non-finite values become gaps.
 * @example forLogAxis([1, 0, NaN]) // [1, null, null]
 */
export function forLogAxis(losses: readonly number[]): (number | null)[] {
  return losses.map((v) => (v > 0 && Number.isFinite(v) ? v : null));
}
