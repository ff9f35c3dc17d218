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
}

/**
 * @example const boards = createThrottle(clock, 250); boards.schedule(roundId, () => emitBoard(roundId));
 */
export function createThrottle(clock: Clock, intervalMs: number): Throttle {
  const last = new Map<string, number>();
  const running = new Set<string>();
  const pending = new Map<string, { timer: TimerHandle; fn: () => void | Promise<void> }>();
  const fire = (key: string, fn: () => void | Promise<void>): void => {
    last.set(key, clock.now());
    running.add(key);
    void Promise.resolve()
      .then(fn)
      .catch(() => undefined)
      .finally(() => {
        // The interval counts from the emission, not from the start of the payload's computation:
        // a slow first computation must not let the next broadcast follow it within the interval.
        running.delete(key);
        last.set(key, clock.now());
      });
  };
  const schedule = (key: string, fn: () => void | Promise<void>): void => {
    const p = pending.get(key);
    if (p) {
      p.fn = fn;
      return;
    }
    const wait = intervalMs - (clock.now() - (last.get(key) ?? -Infinity));
    if (wait <= 0 && !running.has(key)) {
      fire(key, fn);
      return;
    }
    const entry = {
      fn,
      timer: clock.setTimeout(() => {
        pending.delete(key);
        // Re-check: the previous run may have finished later than it started.
        schedule(key, entry.fn);
      }, Math.max(wait, running.has(key) ? Math.min(intervalMs, 10) : 0)),
    };
    pending.set(key, entry);
  };
  return {
    schedule,
    cancelAll() {
      for (const p of pending.values()) clock.clearTimeout(p.timer);
      pending.clear();
    },
  };
}
