import { describe, expect, it } from 'vitest';
import { buildLeaderboard } from '../../game/leaderboard';
import type { AuditState, LeaderboardSubmission } from '../../game/leaderboard';
import { summarizeNetwork } from '../../game/summary';
import type { NetworkSpec } from '../../game/spec';

const net: NetworkSpec = { layers: [{ units: 8, activation: 'relu', groups: 1 }], shortcut: 'none' };
const players = [
  { id: 'a', nickname: 'Ada' },
  { id: 'b', nickname: 'Bo' },
  { id: 'c', nickname: 'Cy' },
  { id: 'd', nickname: 'Di' },
  { id: 'e', nickname: 'Eve (no submissions)' },
];
let n = 0;
function sub(playerId: string, pub: number, priv: number | null, minute: number, audit: AuditState = 'pending', network = net): LeaderboardSubmission {
  n++;
  return {
    id: `s${n}`,
    playerId,
    publicScore: pub,
    privateScore: priv,
    createdAt: new Date(Date.UTC(2026, 0, 1, 12, minute)).toISOString(),
    audit,
    network,
    params: 42 + n,
  };
}

describe('buildLeaderboard', () => {
  const subs = [
    sub('a', 0.9, 0.8, 1),
    sub('a', 0.95, 0.7, 2, 'verified'),
    sub('b', 0.95, 0.9, 3), // ties a's best public but later
    sub('b', 0.99, 0.5, 4, 'rejected'), // rejected: ignored for b's best
    sub('c', 0.5, 0.99, 5, 'rejected'),
    sub('c', 0.6, 0.95, 6, 'rejected'),
    sub('d', 0.7, 0.85, 7),
    sub('ghost', 1, 1, 8), // not a listed player
  ];

  it('live: best non-rejected public per player, tie to the earlier, rejected last, no empty players', () => {
    const board = buildLeaderboard(subs, players, { final: false });
    expect(board.map((e) => [e.rank, e.playerId, e.publicScore, e.audit])).toEqual([
      [1, 'a', 0.95, 'verified'],
      [2, 'b', 0.95, 'pending'],
      [3, 'd', 0.7, 'pending'],
      [4, 'c', 0.6, 'rejected'],
    ]);
    expect(board.every((e) => e.privateScore === null)).toBe(true);
    expect(board[0]).toMatchObject({ nickname: 'Ada', submissions: 2, bestAt: subs[1].createdAt, params: subs[1].params });
    expect(board[1].submissions).toBe(2);
    expect(board[0].network).toEqual(summarizeNetwork(net));
  });

  it('final: ranks the best-public submission by its private score; rejected keep privateScore null', () => {
    const board = buildLeaderboard(subs, players, { final: true });
    expect(board.map((e) => [e.rank, e.playerId, e.privateScore])).toEqual([
      [1, 'b', 0.9],
      [2, 'd', 0.85],
      [3, 'a', 0.7],
      [4, 'c', null],
    ]);
  });

  it('final ties go to the earlier submission too', () => {
    const board = buildLeaderboard([sub('b', 0.8, 0.75, 10), sub('a', 0.9, 0.75, 11)], players, { final: true });
    expect(board.map((e) => e.playerId)).toEqual(['b', 'a']);
  });

  it('is order-independent and empty for no submissions', () => {
    const shuffled = [...subs].reverse();
    expect(buildLeaderboard(shuffled, players, { final: false })).toEqual(buildLeaderboard(subs, players, { final: false }));
    expect(buildLeaderboard([], players, { final: true })).toEqual([]);
  });
});

describe('summarizeNetwork', () => {
  it('reports depth, widest layer, shared or mixed activation, shortcut and largest groups', () => {
    const mixed: NetworkSpec = {
      layers: [
        { units: 16, activation: 'relu', groups: 2 },
        { units: 32, activation: 'tanh', groups: 4 },
        { units: 8, activation: 'relu', groups: 1 },
      ],
      shortcut: 'highway',
    };
    expect(summarizeNetwork(mixed)).toEqual({ depth: 3, width: 32, activation: 'mixed', shortcut: 'highway', groups: 4 });
    expect(summarizeNetwork(net)).toEqual({ depth: 1, width: 8, activation: 'relu', shortcut: 'none', groups: 1 });
  });
});

describe('ties across servers', () => {
  it('go to the lower store sequence, whatever the two clocks or the ids say', () => {
    // Server B's clock runs ahead: its submission, stored first (seq 1), carries the later time.
    const fromB = { ...sub('b', 0.8, 0.8, 9), id: 'zz', seq: 1 };
    const fromA = { ...sub('a', 0.8, 0.8, 5), id: 'aa', seq: 2 };
    const live = buildLeaderboard([fromA, fromB], players, { final: false });
    expect(live.map((e) => e.playerId)).toEqual(['b', 'a']);
    expect(buildLeaderboard([fromB, fromA], players, { final: true }).map((e) => e.playerId)).toEqual(['b', 'a']);
    // Without sequences (a row not read from a store) the earlier time still wins.
    const { seq: _b, ...timedB } = fromB;
    const { seq: _a, ...timedA } = fromA;
    expect(buildLeaderboard([timedB, timedA], players, { final: false }).map((e) => e.playerId)).toEqual(['a', 'b']);
  });
});
