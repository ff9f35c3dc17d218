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

describe('final results follow the final board', () => {
  it('after a kick, the remaining players move up in the stored results as they do on the board', async () => {
    const w = world();
    const s = await setup(w, ['ada', 'bo', 'cy'], { auditTopK: 3 });
    await w.service.startRound({ code: s.code, hostKey: s.hostKey, roundId: s.roundId });
    await w.service.submit(sub(s.tokens.ada, s.roundId, 0.9, 0.9));
    await w.service.submit(sub(s.tokens.bo, s.roundId, 0.8, 0.8));
    await w.service.submit(sub(s.tokens.cy, s.roundId, 0.7, 0.7));
    await w.service.closeRound({ code: s.code, hostKey: s.hostKey, roundId: s.roundId });
    await w.service.settled();

    await w.service.kickPlayer({ code: s.code, hostKey: s.hostKey, playerId: s.ids.ada });
    await w.service.settled();
    const board = await w.service.leaderboard(s.roundId);
    expect(board.entries.map((e) => [e.nickname, e.rank])).toEqual([['bo', 1], ['cy', 2]]);
    const { standings } = await w.service.tournamentView(s.code);
    // Two players now: rank 1 of 2 is 100 + 25, rank 2 of 2 is 50 + 15.
    expect(standings.map((e) => [e.nickname, e.rank, e.points])).toEqual([['bo', 1, 125], ['cy', 2, 65]]);
    const sent = w.events.filter((e) => e.event === 'standings:update').at(-1)?.payload as { entries: { nickname: string }[] };
    expect(sent.entries.map((e) => e.nickname)).toEqual(['bo', 'cy']);
  });

  it('a restart rewrites the results of final rounds, so a crash between a verdict and its results loses nothing', async () => {
    const w1 = world();
    const s = await setup(w1, ['ada', 'bo'], { auditTopK: 0 });
    await w1.service.startRound({ code: s.code, hostKey: s.hostKey, roundId: s.roundId });
    await w1.service.submit(sub(s.tokens.ada, s.roundId, 0.9, 0.9));
    await w1.service.submit(sub(s.tokens.bo, s.roundId, 0.8, 0.8));
    // A verifier that never answers: the round goes final with both entries pending, and its first
    // low-priority replay (which starts only once the round is final) never ends.
    let replaying = (): void => undefined;
    const finalAndReplaying = new Promise<void>((r) => (replaying = r));
    const stuck = {
      ...w1.verifier,
      replay: () => {
        replaying();
        return new Promise<never>(() => undefined);
      },
    };
    const w2 = world(w1.store, w1.clock, stuck);
    await w1.service.close();
    await w2.service.closeRound({ code: s.code, hostKey: s.hostKey, roundId: s.roundId });
    await finalAndReplaying;
    await w2.service.close();
    expect((await w1.store.getRound(s.roundId))?.status).toBe('final');
    // The crash: ada's rejection was written, the results it changes were not.
    const adaSub = (await w1.store.listSubmissions(s.roundId)).find((x) => x.playerId === s.ids.ada);
    await w1.store.updateSubmissionAudit(adaSub?.id ?? '', { audit: 'rejected', auditReason: 'differs', replayScore: 0.1, auditedAt: '2026-03-01T09:05:00.000Z' });

    const w3 = world(w1.store, w1.clock);
    await w3.service.recover();
    await w3.service.settled();
    const tournamentId = (await w1.store.getRound(s.roundId))?.tournamentId ?? '';
    const results = await w1.store.listRoundResults(tournamentId);
    expect(results.find((r) => r.playerId === s.ids.ada)).toMatchObject({ audit: 'rejected', points: 0, rank: 2 });
    expect(results.find((r) => r.playerId === s.ids.bo)).toMatchObject({ rank: 1 });
  });
});
