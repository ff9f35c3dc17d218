/**
 * A leading-and-trailing throttle per key: the first call runs at once, later calls within
 * `intervalMs` collapse into one trailing run. The callback computes its payload when it runs, so
 * the trailing broadcast always carries the latest state (Lichess-style fan-out).
 */
import type { Clock, TimerHandle } from './clock';

export interface Throttle {
  /** Asks for `fn` to run for `key`; it runs now or once at the end of the current interval. */
  schedule(key: string, fn: () => void | Promise<void>): void;
  /** Cancels pending trailing runs. */
  cancelAll(): void;
  /** Keys remembered (last run inside the interval, or a run pending): diagnostics, tests. */
  size(): number;
}

/**
 * A key whose last run is an interval old behaves as if never seen, so such keys are dropped (at
 * most once per interval): a long-running server does not keep one entry per round ever played.
 * @example const boards = createThrottle(clock, 250); boards.schedule(roundId, () => emitBoard(roundId));
 */
export function createThrottle(clock: Clock, intervalMs: number): Throttle {
  const last = new Map<string, number>();
  const pending = new Map<string, { timer: TimerHandle; fn: () => void | Promise<void> }>();
  let lastSweep = Number.NEGATIVE_INFINITY;
  const sweep = (now: number): void => {
    if (now - lastSweep < intervalMs) return;
    lastSweep = now;
    for (const [key, at] of last) if (now - at >= intervalMs && !pending.has(key)) last.delete(key);
  };
  const fire = (key: string, fn: () => void | Promise<void>): void => {
    last.set(key, clock.now());
    // The interval counts from when the run finished: a run that awaits its payload (a database
    // read under load) would otherwise let the next run's broadcast follow it sooner than intervalMs.
    void Promise.resolve()
      .then(() => {
        const out = fn();
        if (out instanceof Promise) return out.finally(() => last.set(key, clock.now()));
      })
      .catch(() => undefined);
  };
  // A trailing run re-arms while the previous run is still finishing (its end moves `last`).
  const arm = (key: string, entry: { timer: TimerHandle; fn: () => void | Promise<void> }, delayMs: number): TimerHandle =>
    clock.setTimeout(() => {
      const since = clock.now() - (last.get(key) ?? -Infinity);
      if (since < intervalMs) {
        entry.timer = arm(key, entry, intervalMs - since);
        return;
      }
      pending.delete(key);
      fire(key, entry.fn);
    }, delayMs);
  return {
    schedule(key, fn) {
      const p = pending.get(key);
      if (p) {
        p.fn = fn;
        return;
      }
      sweep(clock.now());
      const since = clock.now() - (last.get(key) ?? -Infinity);
      if (since >= intervalMs) {
        fire(key, fn);
        return;
      }
      const entry = { fn } as { fn: () => void | Promise<void>; timer: TimerHandle };
      entry.timer = arm(key, entry, intervalMs - since);
      pending.set(key, entry);
    },
    cancelAll() {
      for (const p of pending.values()) clock.clearTimeout(p.timer);
      pending.clear();
    },
    size: () => new Set([...last.keys(), ...pending.keys()]).size,
  };
}
