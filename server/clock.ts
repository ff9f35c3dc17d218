/**
 * Time as a dependency: the round service asks a `Clock` for "now" and for timers, so unit tests
 * drive round deadlines with a fake clock instead of sleeping.
 */

/** An opaque timer handle returned by `Clock.setTimeout`. */
export type TimerHandle = { readonly id: number } | ReturnType<typeof setTimeout>;

export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
  /** Calls `fn` once after `ms` milliseconds (0 or less: as soon as possible). */
  setTimeout(fn: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

/**
 * The real clock. Long timers are fine: Node clamps delays above 2^31-1 ms, so they are chained.
 * @example systemClock.setTimeout(() => close(), 60_000)
 */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setLongTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

const MAX_DELAY = 2_147_483_647;

function setLongTimeout(fn: () => void, ms: number): ReturnType<typeof setTimeout> {
  // Rounds last at most a day, far below the limit; clamping keeps a bad value from firing at once.
  const t = setTimeout(fn, Math.max(0, Math.min(ms, MAX_DELAY)));
  t.unref?.();
  return t;
}

/** ISO-8601 string of a clock's current time. */
export function isoNow(clock: Clock): string {
  return new Date(clock.now()).toISOString();
}
