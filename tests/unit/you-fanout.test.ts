/**
 * `leaderboard:you` at class scale (server/you-fanout.ts): for 300 players the messages come from
 * one pass over the ranked board (no rank or entry look-up per player), every player hears their
 * true rank (checked against game/leaderboard's independent `buildLeaderboard`), only players
 * whose entry or rank moved hear again, and the sends go out 250 per event-loop turn.
 */
import { describe, expect, it, vi } from 'vitest';
import { buildLeaderboard } from '../../game/leaderboard';
import type { LeaderboardSubmission } from '../../game/leaderboard';
import { RankedBoard } from '../../game/ranked-board';
import { createRng } from '../../game/rng';
import { YOU_SLICE, sendInSlices, youMessages } from '../../server/you-fanout';

const PLAYERS = 300;
const net = { layers: [{ units: 4, activation: 'tanh' as const, groups: 1 }], shortcut: 'none' as const };

function classOf(seed: number) {
  const rng = createRng(seed);
  const players = Array.from({ length: PLAYERS }, (_, i) => ({ id: `p${i}`, nickname: `P${i}` }));
  const subs: LeaderboardSubmission[] = players.map((p, i) => ({
    id: `s${i}`,
    playerId: p.id,
    // Coarse scores: many ties, broken by time and then id, as the wire ranks them.
    publicScore: Math.round(rng.next() * 20) / 20,
    privateScore: Math.round(rng.next() * 20) / 20,
    createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, Math.floor(i / 3))).toISOString(),
    audit: 'pending',
    network: net,
    params: 17,
  }));
  const board = new RankedBoard({ final: false });
  for (const [i, s] of subs.entries()) board.upsert(players[i], s);
  return { players, subs, board };
}

describe('leaderboard:you for a class of 300', () => {
  it('is computed in one pass over the board and gives every player their true rank', () => {
    const { players, subs, board } = classOf(5);
    const passes = vi.spyOn(board, 'forEachRank');
    const rankLookups = vi.spyOn(board, 'rankOf');
    const entryLookups = vi.spyOn(board, 'entryOf');
    const told = new Map<string, string>();

    const messages = youMessages(board, 'r1', told);

    expect(passes).toHaveBeenCalledTimes(1);
    expect(rankLookups).not.toHaveBeenCalled();
    expect(entryLookups).not.toHaveBeenCalled();
    const expected = buildLeaderboard(subs, players, { final: false });
    expect(messages).toHaveLength(PLAYERS);
    const heard = new Map(messages.map((m) => [m.playerId, m.payload]));
    for (const e of expected) {
      const you = heard.get(e.playerId);
      expect(you).toMatchObject({ roundId: 'r1', final: false, total: PLAYERS });
      expect(you?.entry).toEqual(e);
    }
  });

  it('tells again only the players whose entry or rank moved', () => {
    const { players, subs, board } = classOf(9);
    const told = new Map<string, string>();
    youMessages(board, 'r1', told);
    expect(youMessages(board, 'r1', told)).toEqual([]);
    // The last-ranked player climbs to the top: they and everyone they passed move down by one.
    const last = board.page(PLAYERS - 1, 1)[0];
    const at = players.findIndex((p) => p.id === last.playerId);
    board.upsert(players[at], { ...subs[at], id: 'better', publicScore: 2, createdAt: '2026-01-01T01:00:00.000Z' });
    const moved = youMessages(board, 'r1', told);
    expect(moved).toHaveLength(PLAYERS);
    expect(moved.find((m) => m.playerId === last.playerId)?.payload.entry).toMatchObject({ rank: 1, submissions: 2 });
    // A climb from 200th to about 100th: only the climber and the players it passed hear again.
    const before = new Map(board.page(0, PLAYERS).map((e) => [e.playerId, e.rank]));
    const climber = board.page(199, 1)[0];
    const j = players.findIndex((p) => p.id === climber.playerId);
    board.upsert(players[j], { ...subs[j], id: 'climb', publicScore: board.page(99, 1)[0].publicScore, createdAt: '2025-12-31T00:00:00.000Z' });
    const movers = board
      .page(0, PLAYERS)
      .filter((e) => e.playerId === climber.playerId || before.get(e.playerId) !== e.rank)
      .map((e) => e.playerId);
    const again = youMessages(board, 'r1', told);
    expect(again.map((m) => m.playerId).sort()).toEqual(movers.sort());
    expect(again.length).toBeGreaterThan(50);
    expect(again.length).toBeLessThan(150);
  });

  it('sends 250 per event-loop turn', async () => {
    const items = Array.from({ length: 2 * YOU_SLICE + 10 }, (_, i) => i);
    const sent: number[] = [];
    const done = sendInSlices(items, (i) => sent.push(i));
    // The first slice goes out at once; the rest wait for later turns.
    expect(sent).toHaveLength(YOU_SLICE);
    await new Promise<void>((resolve) => setImmediate(resolve));
    expect(sent.length).toBeLessThan(items.length);
    await done;
    expect(sent).toEqual(items);
  });

  it('stops between slices once asked to', async () => {
    const items = Array.from({ length: 3 * YOU_SLICE }, (_, i) => i);
    const sent: number[] = [];
    let stop = false;
    const done = sendInSlices(items, (i) => sent.push(i), () => stop);
    stop = true;
    await done;
    expect(sent).toHaveLength(YOU_SLICE);
  });
});
