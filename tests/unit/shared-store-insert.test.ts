/**
 * Several servers on one database: a submission is checked before this server's queue, so another
 * server's close or kick can land between the checks and the insert. The insert's own transaction
 * reads the round's state and the kick again (`whileOpen`): the submission is refused with its
 * typed code and nothing is stored. The "other server" is a store whose insert first lets the
 * close or kick land, exactly in that gap.
 */
import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../db/memory-store';
import type { Storage } from '../../db/storage';
import { createFakeClock } from '../../server/fake-clock';
import { createRecordingBroadcaster } from '../../server/broadcaster';
import { createGameService } from '../../server/tournament-service';
import { codeOf, fakeVerifier, setup, sub } from './fixtures/service-world';
import type { World } from './fixtures/service-world';

/** A shared-database service whose store runs `beforeInsert` just before every insert. */
function sharedWorld(beforeInsert: { run: ((store: Storage) => Promise<void>) | null }): World {
  const inner = createMemoryStore();
  const store: Storage = {
    ...inner,
    async insertSubmission(row, opts) {
      const run = beforeInsert.run;
      beforeInsert.run = null;
      if (run) await run(inner);
      return inner.insertSubmission(row, opts);
    },
  };
  const clock = createFakeClock(Date.parse('2026-03-01T09:00:00Z'));
  const broadcaster = createRecordingBroadcaster();
  const verifier = fakeVerifier();
  const service = createGameService({ store, clock, broadcaster, verifier, sharedStore: true });
  return { store, clock, verifier, events: broadcaster.events, service };
}

describe('a shared database: the insert re-reads the round and the kick', () => {
  it('refuses with ROUND_NOT_OPEN a submission whose round another server closed after the checks', async () => {
    const hook: { run: ((store: Storage) => Promise<void>) | null } = { run: null };
    const w = sharedWorld(hook);
    const s = await setup(w, ['ada', 'bo']);
    await w.service.startRound({ code: s.code, hostKey: s.hostKey, roundId: s.roundId });
    expect(await codeOf(w.service.submit(sub(s.tokens.ada, s.roundId, 0.5, 0.5)))).toBe('OK');
    hook.run = (store) => store.updateRound(s.roundId, { status: 'closed' });
    expect(await codeOf(w.service.submit(sub(s.tokens.bo, s.roundId, 0.9, 0.9)))).toBe('ROUND_NOT_OPEN');
    const stored = await w.store.listSubmissions(s.roundId);
    expect(stored.map((r) => r.playerId)).toEqual([s.ids.ada]);
    await w.service.close();
  });

  it('refuses with UNAUTHORIZED a submission whose player another server kicked after the checks', async () => {
    const hook: { run: ((store: Storage) => Promise<void>) | null } = { run: null };
    const w = sharedWorld(hook);
    const s = await setup(w, ['ada']);
    await w.service.startRound({ code: s.code, hostKey: s.hostKey, roundId: s.roundId });
    hook.run = (store) => store.kickPlayer(s.ids.ada, '2026-03-01T09:00:01.000Z');
    expect(await codeOf(w.service.submit(sub(s.tokens.ada, s.roundId, 0.9, 0.9)))).toBe('UNAUTHORIZED');
    expect(await w.store.countSubmissions(s.roundId, s.ids.ada)).toBe(0);
    await w.service.close();
  });
});
