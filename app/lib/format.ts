/** Number formatting for scores, losses and durations shown in the UI. Pure. */

/** Accuracy in [0, 1] as a percentage with 2 decimals. @example pct(0.91234) // '91.23%' */
export function pct(v: number | null | undefined): string {
  return v === null || v === undefined || !Number.isFinite(v) ? '—' : `${(v * 100).toFixed(2)}%`;
}

/** A score to 4 decimals, as the server reports it. @example score(0.5) // '0.5000' */
export function score(v: number | null | undefined): string {
  return v === null || v === undefined || !Number.isFinite(v) ? '—' : v.toFixed(4);
}

/** A loss with 4 significant digits. @example loss(0.012345) // '0.01235' */
export function loss(v: number | null | undefined): string {
  return v === null || v === undefined || !Number.isFinite(v) ? '—' : v.toPrecision(4);
}

/**
 * A whole count with the locale's digit grouping, the same everywhere a count is shown.
 * @example count(59146, 'en') // '59,146'
 */
export function count(n: number, locale: string): string {
  return new Intl.NumberFormat(locale).format(n);
}

/** Seconds as m:ss. @example clock(75) // '1:15' */
export function clock(seconds: number): string {
  const s = Math.max(0, Math.ceil(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** Class colours: one per class index, readable on the dark arena theme. */
export const CLASS_COLORS = ['#ff5d73', '#3ec5ff', '#ffd23f', '#7cf29c', '#c38bff', '#ff9f43', '#4de2c8', '#f78fb3', '#a3b1ff', '#e8e8e8'];
/** Class colour as [r, g, b] for pixel buffers. */
export function classRgb(k: number): [number, number, number] {
  const hex = CLASS_COLORS[k % CLASS_COLORS.length];
  return [parseInt(hex.slice(1, 3), 16), parseInt(hex.slice(3, 5), 16), parseInt(hex.slice(5, 7), 16)];
}
