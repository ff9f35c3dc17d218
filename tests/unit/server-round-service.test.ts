/**
 * Round logic of the game service on the memory store, a fake clock and a fake verifier: deadlines
 * close rounds when the clock passes `endsAt`, a restart resumes timers and audits, the top K are
 * settled with promotion before the round is final, and every rejection has its exact code.
 */
import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../db/memory-store';
import { createFakeClock } from '../../server/fake-clock';
import { PARAMS, codeOf, fakeVerifier, NET, setup, sub, weights, world } from './fixtures/service-world';
import type { FakeVerifier } from './fixtures/service-world';

describe('round deadlines', () => {
  it('opens with seeds and endsAt, and closes then finalizes when the clock passes endsAt', async () => {
    const w = world();
    const s = await setup(w, ['ada']);
    const { round } = await w.service.startRound({ code: s.code, hostKey: s.hostKey, roundId: s.roundId });
    expect(round.status).toBe('open');
    expect(round.trainSeed).toEqual(expect.any(Number));
    expect(Date.parse(round.endsAt ?? '') - Date.parse(round.startedAt ?? '')).toBe(60_000);
    expect(JSON.stringify(round)).not.toContain('testSeed');
    await w.service.submit(sub(s.tokens.ada, s.roundId, 0.9, 0.8));

    await w.clock.advance(59_000);
    expect((await w.store.getRound(s.roundId))?.status).toBe('open');
    await w.clock.advance(1_000);
    await w.service.settled();
    const after = await w.store.getRound(s.roundId);
    expect(after?.status).toBe('final');
    expect(after?.closedAt).toBe('2026-03-01T09:01:00.000Z');
    const statuses = w.events.filter((e) => e.event === 'round:update').map((e) => (e.payload as { status: string }).status);
    expect(statuses).toEqual(['draft', 'open', 'closed', 'final']);
    const finalBoard = w.events.filter((e) => e.event === 'leaderboard:update').at(-1)?.payload as { final: boolean };
    expect(finalBoard.final).toBe(true);
    expect(w.events.some((e) => e.event === 'standings:update')).toBe(true);
    expect((await w.store.listSubmissions(s.roundId))[0].audit).toBe('verified');
  });

  it('after a restart re-arms the same deadline, and closes at once when it passed while down', async () => {
    const store = createMemoryStore();
    const clock = createFakeClock(Date.parse('2026-03-01T09:00:00Z'));
    const w1 = world(store, clock);
    const s = await setup(w1, ['ada']);
    await w1.service.startRound({ code: s.code, hostKey: s.hostKey, roundId: s.roundId });
    const endsAt = (await store.getRound(s.roundId))?.endsAt;
    await w1.service.close();

    const w2 = world(store, clock);
    await w2.service.recover();
    expect(clock.pending()).toBe(1);
    const joined = await w2.service.joinPlayer({ code: s.code, playerToken: s.tokens.ada });
    expect(joined.round?.status).toBe('open');
    expect(joined.round?.endsAt).toBe(endsAt);
    await clock.advance(60_000);
    await w2.service.settled();
    expect((await store.getRound(s.roundId))?.status).toBe('final');

    // A second round whose deadline passes while no server runs.
    const { round: r2 } = await w2.service.createRound({ code: s.code, hostKey: s.hostKey, taskId: 'xor', rules: { durationSec: 30 } });
    await w2.service.startRound({ code: s.code, hostKey: s.hostKey, roundId: r2.id });
    await w2.service.close();
    await clock.advance(120_000);
    const w3 = world(store, clock);
    await w3.service.recover();
    await w3.service.settled();
    expect((await store.getRound(r2.id))?.status).toBe('final');
  });
});

describe('audit at close', () => {
  it('replays the top K first, promotes the next entry when one is rejected, then audits the rest at low priority', async () => {
    const w = world();
    const s = await setup(w, ['ada', 'bo', 'cy', 'dee']);
    await w.service.startRound({ code: s.code, hostKey: s.hostKey, roundId: s.roundId });
    await w.service.submit(sub(s.tokens.ada, s.roundId, 0.95, 0.97, true));
    await w.service.submit(sub(s.tokens.bo, s.roundId, 0.9, 0.9));
    await w.service.submit(sub(s.tokens.cy, s.roundId, 0.85, 0.88));
    await w.service.submit(sub(s.tokens.dee, s.roundId, 0.8, 0.7));
    await w.service.closeRound({ code: s.code, hostKey: s.hostKey, roundId: s.roundId });
    await w.service.settled();

    const high = w.verifier.replays.filter((r) => r.priority === 'high').map((r) => r.pub);
    expect(high.sort()).toEqual([0.85, 0.9, 0.95]);
    expect(w.verifier.replays.filter((r) => r.priority === 'low').map((r) => r.pub)).toEqual([0.8]);
    const board = await w.service.leaderboard(s.roundId);
    expect(board.final).toBe(true);
    expect(board.entries.map((e) => [e.nickname, e.privateScore, e.audit])).toEqual([
      ['bo', 0.9, 'verified'],
      ['cy', 0.88, 'verified'],
      ['dee', 0.7, 'verified'],
      ['ada', null, 'rejected'],
    ]);
    const results = await w.store.listRoundResults((await w.store.getRound(s.roundId))?.tournamentId ?? '');
    expect(results.find((r) => r.playerId === s.ids.ada)?.points).toBe(0);
    expect(results.find((r) => r.playerId === s.ids.bo)?.rank).toBe(1);
  });
});

describe('restart during the audit', () => {
  it('resumes auditing a closed round that was not final yet', async () => {
    const store = createMemoryStore();
    const clock = createFakeClock(Date.parse('2026-03-01T09:00:00Z'));
    // The first server's replays never finish: it "dies" while the round is closed.
    const stuck = { ...fakeVerifier(), replay: () => new Promise<never>(() => undefined) } as FakeVerifier;
    const w1 = world(store, clock, stuck);
    const s = await setup(w1, ['ada', 'bo']);
    await w1.service.startRound({ code: s.code, hostKey: s.hostKey, roundId: s.roundId });
    await w1.service.submit(sub(s.tokens.ada, s.roundId, 0.9, 0.9));
    await w1.service.submit(sub(s.tokens.bo, s.roundId, 0.8, 0.8));
    await w1.service.closeRound({ code: s.code, hostKey: s.hostKey, roundId: s.roundId });
    await w1.service.close();
    expect((await store.getRound(s.roundId))?.status).toBe('closed');

    const w2 = world(store, clock);
    await w2.service.recover();
    await w2.service.settled();
    expect((await store.getRound(s.roundId))?.status).toBe('final');
    expect(w2.verifier.replays.map((r) => r.priority)).toEqual(['high', 'high']);
    expect((await store.listSubmissions(s.roundId)).every((x) => x.audit === 'verified')).toBe(true);
  });
});

describe('checks in protocol order', () => {
  it('answers each rejection with its code and changes nothing', async () => {
    const w = world();
    const s = await setup(w, ['ada', 'bo'], { maxSubmissions: 2 });
    expect(await codeOf(w.service.submit(sub(s.tokens.ada, s.roundId, 0.5, 0.5)))).toBe('ROUND_NOT_OPEN');
    expect(await codeOf(w.service.closeRound({ code: s.code, hostKey: s.hostKey, roundId: s.roundId }))).toBe('CONFLICT');
    expect(await codeOf(w.service.startRound({ code: s.code, hostKey: s.tokens.ada, roundId: s.roundId }))).toBe('UNAUTHORIZED');
    expect(await codeOf(w.service.startRound({ code: s.code, hostKey: undefined, roundId: s.roundId }))).toBe('UNAUTHORIZED');
    expect(await codeOf(w.service.startRound({ code: 'ZZZZZZ', hostKey: s.hostKey, roundId: s.roundId }))).toBe('NOT_FOUND');
    await w.service.startRound({ code: s.code, hostKey: s.hostKey, roundId: s.roundId });
    expect(await codeOf(w.service.startRound({ code: s.code, hostKey: s.hostKey, roundId: s.roundId }))).toBe('CONFLICT');
    const { round: other } = await w.service.createRound({ code: s.code, hostKey: s.hostKey, taskId: 'xor' });
    expect(await codeOf(w.service.startRound({ code: s.code, hostKey: s.hostKey, roundId: other.id }))).toBe('CONFLICT');

    const wide = { ...sub(s.tokens.ada, s.roundId, 0.5, 0.5), network: { layers: Array.from({ length: 5 }, () => NET.layers[0]), shortcut: 'none' as const } };
    expect(await codeOf(w.service.submit(wide))).toBe('RULE_VIOLATION');
    const short = { ...sub(s.tokens.ada, s.roundId, 0.5, 0.5), weights: new Uint8Array(4 * PARAMS - 4) };
    expect(await codeOf(w.service.submit(short))).toBe('WEIGHTS_INVALID');
    const nan = weights(0.5, 0.5);
    new DataView(nan.buffer).setFloat32(20, Number.NaN, true);
    expect(await codeOf(w.service.submit({ ...sub(s.tokens.ada, s.roundId, 0, 0), weights: nan }))).toBe('WEIGHTS_INVALID');
    expect(await codeOf(w.service.submit(sub('x'.repeat(22), s.roundId, 0.5, 0.5)))).toBe('UNAUTHORIZED');
    expect(await w.store.listSubmissions(s.roundId)).toHaveLength(0);

    // Simultaneous submissions at the limit: the queue lets exactly maxSubmissions through.
    const codes = await Promise.all([0.1, 0.2, 0.3].map((v) => codeOf(w.service.submit(sub(s.tokens.ada, s.roundId, v, v)))));
    expect(codes.sort()).toEqual(['OK', 'OK', 'RATE_LIMITED']);
    expect(await w.store.countSubmissions(s.roundId, s.ids.ada)).toBe(2);

    await w.service.kickPlayer({ code: s.code, hostKey: s.hostKey, playerId: s.ids.bo });
    expect(w.events.some((e) => e.to === `p:${s.ids.bo}` && e.event === 'player:kicked')).toBe(true);
    expect(await codeOf(w.service.submit(sub(s.tokens.bo, s.roundId, 0.5, 0.5)))).toBe('UNAUTHORIZED');
    expect(await codeOf(w.service.joinPlayer({ code: s.code, playerToken: s.tokens.bo }))).toBe('UNAUTHORIZED');
    expect(await codeOf(w.service.joinPlayer({ code: s.code, nickname: 'ADA' }))).toBe('NICKNAME_TAKEN');
  });
});

describe('broadcast throttle', () => {
  it('sends at most one board per 250 ms and the trailing one carries the latest state', async () => {
    const w = world();
    const s = await setup(w, ['ada', 'bo', 'cy']);
    await w.service.startRound({ code: s.code, hostKey: s.hostKey, roundId: s.roundId });
    await w.clock.advance(1_000);
    const boards = () => w.events.filter((e) => e.event === 'leaderboard:update');
    const before = boards().length;
    await w.service.submit(sub(s.tokens.ada, s.roundId, 0.5, 0.5));
    await w.service.submit(sub(s.tokens.bo, s.roundId, 0.6, 0.5));
    await w.service.submit(sub(s.tokens.cy, s.roundId, 0.7, 0.5));
    await w.clock.advance(0);
    expect(boards().length - before).toBe(1);
    await w.clock.advance(250);
    expect(boards().length - before).toBe(2);
    const last = boards().at(-1)?.payload as { entries: { nickname: string }[] };
    expect(last.entries.map((e) => e.nickname)).toEqual(['cy', 'bo', 'ada']);
  });
});
