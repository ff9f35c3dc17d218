/**
 * The race chart's outlier rule (issue 11): one diverging player must not squash everyone else's
 * curve to the floor. The ceiling is CLIP_FACTOR × the lower median of the curves' largest finite
 * losses (each curve's largest is usually its first epoch, so ordinary early losses stay in view);
 * a curve with a point above it (or a non-finite one) is cut at the ceiling and marked. Fewer than
 * two curves are never clipped. Pure.
 */

/** How far above a typical curve's peak the axis reaches. */
export const CLIP_FACTOR = 2;

export interface ClippedRace {
  rows: (number | null)[][];
  /** The axis ceiling, or null when nothing needed clipping. */
  ceiling: number | null;
  /** Per curve: whether any of its points was cut. */
  clipped: boolean[];
}

/**
 * @example clipRace([[0.7, 0.5], [0.69, 0.6], [3, 900]]) // ceiling 1.4, clipped [false, false, true]
 */
export function clipRace(rows: readonly (readonly (number | null)[])[]): ClippedRace {
  const peaks: number[] = [];
  for (const row of rows) {
    let peak = -Infinity;
    for (const v of row) if (v !== null && Number.isFinite(v) && v > peak) peak = v;
    if (peak > -Infinity) peaks.push(peak);
  }
  const none = { rows: rows.map((r) => r.slice()), ceiling: null, clipped: rows.map(() => false) };
  if (peaks.length < 2) return none;
  peaks.sort((a, b) => a - b);
  const typical = peaks[Math.floor((peaks.length - 1) / 2)];
  const ceiling = CLIP_FACTOR * typical;
  if (!(ceiling > 0)) return none;
  const clipped = rows.map(() => false);
  const out = rows.map((row, i) =>
    row.map((v) => {
      if (v === null) return null;
      if (!Number.isFinite(v) || v > ceiling) {
        clipped[i] = true;
        return ceiling;
      }
      return v;
    }),
  );
  return clipped.some(Boolean) ? { rows: out, ceiling, clipped } : none;
}
