/**
 * A manual clock for tests: time stands still until `advance` moves it, and timers whose due time
 * has passed fire in due order. No real waiting, so tests of round deadlines are instant.
 */
import type { Clock, TimerHandle } from './clock';

export interface FakeClock extends Clock {
  /** Moves time forward by `ms`, firing due timers in order; awaits microtasks between them. */
  advance(ms: number): Promise<void>;
  /** Number of timers not yet fired or cleared. */
  pending(): number;
}

/**
 * Creates a fake clock starting at `startMs` (epoch milliseconds).
 * @example const clock = createFakeClock(Date.parse('2026-01-01T00:00:00Z')); await clock.advance(60_000);
 */
export function createFakeClock(startMs: number): FakeClock {
  let now = startMs;
  let nextId = 1;
  const timers = new Map<number, { due: number; fn: () => void }>();
  const flush = async (): Promise<void> => {
    for (let i = 0; i < 20; i++) await Promise.resolve();
    await new Promise<void>((r) => setImmediate(r));
  };
  return {
    now: () => now,
    setTimeout(fn: () => void, ms: number): TimerHandle {
      const id = nextId++;
      timers.set(id, { due: now + Math.max(0, ms), fn });
      return { id };
    },
    clearTimeout(handle: TimerHandle): void {
      if (typeof handle === 'object' && handle !== null && 'id' in handle && typeof handle.id === 'number') {
        timers.delete(handle.id);
      }
    },
    async advance(ms: number): Promise<void> {
      const target = now + ms;
      for (;;) {
        let best: [number, { due: number; fn: () => void }] | null = null;
        for (const entry of timers) if (entry[1].due <= target && (!best || entry[1].due < best[1].due)) best = entry;
        if (!best) break;
        timers.delete(best[0]);
        now = Math.max(now, best[1].due);
        best[1].fn();
        await flush();
      }
      now = target;
      await flush();
    },
    pending: () => timers.size,
  };
}
