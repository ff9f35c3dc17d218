/**
 * Review findings on the audit pipeline, each reproduced on the memory store with a verifier whose
 * replays the test answers one by one, so the interleavings that matter are forced, not hoped for.
 */
import { describe, expect, it } from 'vitest';
import { heldVerifier, setup, sub, world } from './fixtures/service-world';

describe('verdicts that land after the round is final', () => {
  it('a replay started while the round was open and rejected after the final results still takes away its points', async () => {
    // Two workers: one open-round replay at a time, so the order of replays is fixed.
    const w = world(undefined, undefined, heldVerifier(2));
    const s = await setup(w, ['ada', 'bo', 'cy'], { auditTopK: 1 });
    await w.service.startRound({ code: s.code, hostKey: s.hostKey, roundId: s.roundId });
    await w.service.submit(sub(s.tokens.ada, s.roundId, 0.9, 0.9));
    await w.verifier.started(0.9);
    // Distinct submission times, so "oldest first" is well defined.
    await w.clock.advance(1_000);
    await w.service.submit(sub(s.tokens.cy, s.roundId, 0.5, 0.5));
    await w.clock.advance(1_000);
    await w.service.submit(sub(s.tokens.bo, s.roundId, 0.8, 0.8, true));
    // ada's replay ends; the idle worker takes bo's entry (the best pending one), not cy's older one.
    w.verifier.release(0.9);
    await w.verifier.started(0.8);

    await w.service.closeRound({ code: s.code, hostKey: s.hostKey, roundId: s.roundId });
    // Top 1 (ada) is settled: the round is final at once, and the rest are replayed oldest first.
    await w.verifier.started(0.5);
    expect((await w.store.getRound(s.roundId))?.status).toBe('final');
    // bo's open-round replay is rejected while the final-round audit waits on cy's.
    w.verifier.release(0.8);
    w.verifier.release(0.5);
    await w.service.settled();

    const tournamentId = (await w.store.getRound(s.roundId))?.tournamentId ?? '';
    const results = await w.store.listRoundResults(tournamentId);
    const bo = results.find((r) => r.playerId === s.ids.bo);
    expect(bo).toMatchObject({ audit: 'rejected', points: 0, rank: 3 });
    expect(results.find((r) => r.playerId === s.ids.cy)?.rank).toBe(2);
    const standings = w.events.filter((e) => e.event === 'standings:update').at(-1)?.payload as {
      entries: { nickname: string; points: number }[];
    };
    expect(standings.entries.find((e) => e.nickname === 'bo')?.points).toBe(0);
  }, 10_000);
});

describe('ties on the board', () => {
  it('go to the earlier submission even when several land in the same millisecond', async () => {
    const names = ['p1', 'p2', 'p3', 'p4', 'p5', 'p6', 'p7', 'p8'];
    const w = world();
    const s = await setup(w, names, { auditTopK: 0 });
    await w.service.startRound({ code: s.code, hostKey: s.hostKey, roundId: s.roundId });
    // The fake clock stands still: every submission is made at the same instant, in this order.
    for (const n of names) await w.service.submit(sub(s.tokens[n], s.roundId, 0.75, 0.75));
    const live = await w.service.leaderboard(s.roundId);
    expect(live.entries.map((e) => e.nickname)).toEqual(names);
    await w.service.closeRound({ code: s.code, hostKey: s.hostKey, roundId: s.roundId });
    await w.service.settled();
    const final = await w.service.leaderboard(s.roundId);
    expect(final.final).toBe(true);
    expect(final.entries.map((e) => e.nickname)).toEqual(names);
  });
});
