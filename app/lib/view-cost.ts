/**
 * Frame costs of the teaching views for `npm run bench:ui`: when the page has `window.__viewCost`
 * set (the bench sets it before the page loads), each paint records a `view:<name>` performance
 * measure from `start` to now; otherwise it does nothing, so a classroom session keeps no entries.
 * @example const t0 = performance.now(); paint(); markViewCost('hidden', t0);
 */
export function markViewCost(name: string, start: number): void {
  if (typeof window === 'undefined' || !(window as unknown as { __viewCost?: boolean }).__viewCost) return;
  performance.measure(`view:${name}`, { start, end: performance.now() });
}
