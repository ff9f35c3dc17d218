/**
 * One serial queue per key (per tournament, as boardgame.io does per match): tasks with the same
 * key run one after another, so two simultaneous submissions can never interleave their
 * check-then-insert. Different keys run concurrently.
 */

export interface KeyedQueue {
  /** Runs `task` after every earlier task of `key` has settled; resolves with its result. */
  run<T>(key: string, task: () => Promise<T>): Promise<T>;
  /** Resolves once every queued task (all keys) has settled. */
  idle(): Promise<void>;
}

/**
 * @example const q = createKeyedQueue(); await q.run(tournamentId, () => service.insert(...));
 */
export function createKeyedQueue(): KeyedQueue {
  const tails = new Map<string, Promise<unknown>>();
  return {
    run<T>(key: string, task: () => Promise<T>): Promise<T> {
      const prev = tails.get(key) ?? Promise.resolve();
      const result = prev.then(task, task);
      const tail = result.then(
        () => undefined,
        () => undefined,
      );
      tails.set(key, tail);
      void tail.then(() => {
        // Drop finished chains so the map does not grow with every tournament ever seen.
        if (tails.get(key) === tail) tails.delete(key);
      });
      return result;
    },
    async idle(): Promise<void> {
      while (tails.size > 0) await Promise.all([...tails.values()]);
    },
  };
}
