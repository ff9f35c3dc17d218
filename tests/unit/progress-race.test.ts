/**
 * A progress report that read its round just before the round closed must not resurrect the round's
 * progress state (kept forever: nothing forgets it again) nor broadcast a race for a closed round.
 */
import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../db/memory-store';
import type { RoundRow, Storage } from '../../db/storage';
import { setup, world } from './fixtures/service-world';

/** The memory store, except that one chosen `getRound` read answers only when released. */
function storeWithHeldRead(): Storage & { holdNextRead(): Promise<void>; release(): void } {
  const store = createMemoryStore();
  let holding = false;
  let reached = (): void => undefined;
  let release = (): void => undefined;
  return {
    ...store,
    getRound(id: string) {
      if (!holding) return store.getRound(id);
      holding = false;
      // The row is read now (the round is still open); the answer arrives after the release.
      const read = store.getRound(id);
      reached();
      return new Promise<RoundRow | null>((resolve) => (release = () => void read.then(resolve)));
    },
    holdNextRead: () => {
      holding = true;
      return new Promise<void>((r) => (reached = r));
    },
    release: () => release(),
  };
}

describe('progress at the close', () => {
  it('a report read before the close and applied after it broadcasts nothing', async () => {
    const store = storeWithHeldRead();
    const w = world(store);
    const s = await setup(w, ['ada']);
    await w.service.startRound({ code: s.code, hostKey: s.hostKey, roundId: s.roundId });
    await w.clock.advance(1_000);

    const held = store.holdNextRead();
    const reported = w.service.progress({ playerToken: s.tokens.ada, roundId: s.roundId, epoch: 3, loss: 0.4, accuracy: 0.8 });
    await held;
    await w.service.closeRound({ code: s.code, hostKey: s.hostKey, roundId: s.roundId });
    const closedAt = w.events.length;
    store.release();
    await reported;
    await w.clock.advance(1_000);
    await w.service.settled();
    expect(w.events.slice(closedAt).filter((e) => e.event === 'progress:update')).toEqual([]);
  }, 10_000);
});
