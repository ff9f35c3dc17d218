/**
 * The board at class scale (PROTOCOL.md): `leaderboard:update` carries `total` and the top 50 in
 * rank order, every player hears their own entry and rank in `leaderboard:you` (also outside the
 * top 50), the HTTP board pages without gaps or repeats, and the ack's rank is the rank the next
 * board shows. Real server, real SQLite file, real socket.io clients, networks trained with game/.
 */
import { describe, expect, it } from 'vitest';
import { serverEventSchemas } from '../../game/protocol';
import type { LeaderboardEntry, LeaderboardUpdate, LeaderboardYou, RoundPublic } from '../../game/protocol';
import { TINY_RULES, TINY_TRAINING, connect, hostWithOpenRound, joinAs, must, serveDuringSuite, trainFor, waitFor } from './support/harness';

const srv = serveDuringSuite();
const PLAYERS = 60;
const rules = { ...TINY_RULES, maxSubmissions: 2 };

async function httpBoard(roundId: string, query = ''): Promise<{ status: number; body: LeaderboardUpdate }> {
  const res = await fetch(`${srv.url}/api/rounds/${roundId}/leaderboard${query}`);
  return { status: res.status, body: (await res.json()) as LeaderboardUpdate };
}

/** Every page of the board, `limit` at a time, until a short page. */
async function pagedBoard(roundId: string, limit: number): Promise<LeaderboardEntry[]> {
  const all: LeaderboardEntry[] = [];
  for (let offset = 0; ; offset += limit) {
    const { body } = await httpBoard(roundId, `?offset=${offset}&limit=${limit}`);
    all.push(...body.entries);
    if (body.entries.length < limit) return all;
  }
}

describe('the board at class scale', () => {
  it('sends the top 50 and the total, each player their own rank, and pages the whole board', async () => {
    const { code, round } = await hostWithOpenRound(srv.url, rules);
    const spectator = await connect(srv.url);
    await must(spectator, 'spectate', { code });
    const players: Awaited<ReturnType<typeof joinAs>>[] = [];
    for (let i = 0; i < PLAYERS; i++) players.push(await joinAs(srv.url, code, `p${i}`));
    // Distinct seeds and epochs give a spread of scores (and some ties, broken by time).
    const weights = await Promise.all(
      players.map((_, i) => trainFor(round, undefined, { ...TINY_TRAINING, seed: 100 + i, epochs: 1 + (i % 4) })),
    );
    // Nobody hears anyone else's entry.
    const heard: LeaderboardYou[] = [];
    players[0].socket.on('leaderboard:you', (u: LeaderboardYou) => heard.push(u));
    // leaderboard:you is throttled to once a second: wait for player 0's first one, not for a time.
    const firstHeard = new Promise<void>((resolve) => players[0].socket.once('leaderboard:you', () => resolve()));
    const fullBoard = waitFor<LeaderboardUpdate>(spectator, 'leaderboard:update', (u) => u.roundId === round.id && u.total === PLAYERS);
    const acks = await Promise.all(
      players.map((p, i) =>
        must<{ rank: number }>(p.socket, 'submission:create', {
          playerToken: p.token,
          roundId: round.id,
          network: { layers: [{ units: 4, activation: 'tanh', groups: 1 }], shortcut: 'none' },
          training: { ...TINY_TRAINING, seed: 100 + i, epochs: 1 + (i % 4) },
          backend: 'cpu',
          weights: weights[i],
        }),
      ),
    );
    for (const a of acks) expect(a.rank).toBeGreaterThan(0);

    const board = await fullBoard;
    // The payloads are exactly what game/protocol.ts's ServerEvents schemas describe.
    expect(serverEventSchemas['leaderboard:update'].parse(board)).toEqual(board);
    expect(board.entries).toHaveLength(50);
    expect(board.entries.map((e) => e.rank)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    for (let i = 1; i < 50; i++) expect(board.entries[i].publicScore).toBeLessThanOrEqual(board.entries[i - 1].publicScore);

    // The whole board over HTTP, and pages of it that tile it exactly.
    const whole = (await httpBoard(round.id)).body;
    expect(whole.total).toBe(PLAYERS);
    expect(whole.entries).toHaveLength(PLAYERS);
    const paged = await pagedBoard(round.id, 7);
    expect(paged.map((e) => e.rank)).toEqual(Array.from({ length: PLAYERS }, (_, i) => i + 1));
    expect(new Set(paged.map((e) => e.playerId)).size).toBe(PLAYERS);
    expect(paged.map((e) => e.playerId)).toEqual(whole.entries.map((e) => e.playerId));
    expect((await httpBoard(round.id, '?offset=0&limit=501')).status).toBe(400);
    expect((await httpBoard(round.id, '?offset=-1')).status).toBe(400);
    expect((await httpBoard(round.id, '?offset=58&limit=500')).body).toMatchObject({ total: PLAYERS, entries: [{ rank: 59 }, { rank: 60 }] });

    // Players ranked outside the top 50 hear their own true rank.
    for (const outside of whole.entries.slice(50, 53)) {
      const p = players.find((x) => x.id === outside.playerId);
      if (!p) throw new Error('unknown player on the board');
      const you = await waitFor<LeaderboardYou>(p.socket, 'leaderboard:you', (u) => u.roundId === round.id && u.total === PLAYERS && u.entry.rank === outside.rank);
      expect(serverEventSchemas['leaderboard:you'].parse(you)).toEqual(you);
      expect(you.entry).toMatchObject({ playerId: p.id, nickname: outside.nickname, publicScore: outside.publicScore });
    }
    await firstHeard;
    expect(heard.length).toBeGreaterThan(0);
    for (const u of heard) expect(u.entry.playerId).toBe(players[0].id);
  });

  it("answers the ack with the rank the next board shows", async () => {
    const { code, round } = await hostWithOpenRound(srv.url, rules);
    const spectator = await connect(srv.url);
    await must(spectator, 'spectate', { code });
    for (const [i, name] of ['Ada', 'Bo', 'Cy'].entries()) {
      const p = await joinAs(srv.url, code, name);
      const training = { ...TINY_TRAINING, seed: 11 + i, epochs: 2 + i };
      const w = await trainFor(round as RoundPublic, undefined, training);
      const next = waitFor<LeaderboardUpdate>(spectator, 'leaderboard:update', (u) => u.roundId === round.id && u.entries.some((e) => e.playerId === p.id));
      const you = waitFor<LeaderboardYou>(p.socket, 'leaderboard:you', (u) => u.roundId === round.id);
      const ack = await must<{ rank: number }>(p.socket, 'submission:create', {
        playerToken: p.token,
        roundId: round.id,
        network: { layers: [{ units: 4, activation: 'tanh', groups: 1 }], shortcut: 'none' },
        training,
        backend: 'cpu',
        weights: w,
      });
      const board = await next;
      expect(board.total).toBe(i + 1);
      expect(board.entries.find((e) => e.playerId === p.id)?.rank).toBe(ack.rank);
      expect((await you).entry.rank).toBe(ack.rank);
    }
  });
});
