import { describe, expect, it } from 'vitest';
import { foldStandings, pointsForBoard, pointsForRank, POINTS_RULES_VERSION } from '../../game/points';

describe('pointsForRank (version 1)', () => {
  it('follows the documented table', () => {
    expect(POINTS_RULES_VERSION).toBe(2);
    expect(Array.from({ length: 10 }, (_, i) => pointsForRank(i + 1, 10))).toEqual([125, 105, 90, 70, 60, 50, 40, 30, 20, 10]);
    expect(pointsForRank(1, 1)).toBe(125);
  });
  it('decreases with rank, gives rejected entries and impossible ranks 0', () => {
    for (let r = 1; r < 30; r++) expect(pointsForRank(r, 30)).toBeGreaterThan(pointsForRank(r + 1, 30));
    expect(pointsForRank(30, 30)).toBeGreaterThan(0);
    expect(pointsForRank(1, 10, 'rejected')).toBe(0);
    expect(pointsForRank(0, 10)).toBe(0);
    expect(pointsForRank(11, 10)).toBe(0);
    expect(pointsForRank(1.5, 10)).toBe(0);
  });
});

describe('foldStandings', () => {
  const players = [
    { id: 'p1', nickname: 'zed' },
    { id: 'p2', nickname: 'Amy' },
    { id: 'p3', nickname: 'bob' },
    { id: 'p4', nickname: 'Cat' },
  ];

  it('sums points over rounds, lists every player (0 included), ties share a rank in nickname order', () => {
    const results = [
      { roundId: 'r1', playerId: 'p1', points: 125 },
      { roundId: 'r1', playerId: 'p3', points: 70 },
      { roundId: 'r2', playerId: 'p3', points: 55 },
      { roundId: 'r2', playerId: 'kicked', points: 500 },
    ];
    expect(foldStandings(players, results)).toEqual([
      { rank: 1, playerId: 'p3', nickname: 'bob', points: 125 },
      { rank: 1, playerId: 'p1', nickname: 'zed', points: 125 },
      { rank: 3, playerId: 'p2', nickname: 'Amy', points: 0 },
      { rank: 3, playerId: 'p4', nickname: 'Cat', points: 0 },
    ]);
  });

  it('is a pure fold: result order does not matter', () => {
    const results = [
      { playerId: 'p2', points: 10 },
      { playerId: 'p4', points: 30 },
      { playerId: 'p2', points: 25 },
    ];
    expect(foldStandings(players, [...results].reverse())).toEqual(foldStandings(players, results));
    expect(foldStandings(players, results).map((s) => [s.rank, s.playerId])).toEqual([
      [1, 'p2'],
      [2, 'p4'],
      [3, 'p3'],
      [3, 'p1'],
    ]);
  });
});

describe('pointsForBoard (version 2: only players who submitted count)', () => {
  it('idle players change nothing: N is the number of entries on the board', () => {
    const board = [{ rank: 1 }, { rank: 2 }, { rank: 3 }, { rank: 4 }];
    expect(pointsForBoard(board)).toEqual([1, 2, 3, 4].map((r) => pointsForRank(r, 4)));
    // Version 1 with 200 idle players besides the four: the spread collapsed.
    const v1 = [1, 2, 3, 4].map((r) => pointsForRank(r, 204));
    expect(v1[0] - v1[3]).toBeLessThan(30);
    const v2 = pointsForBoard(board);
    expect(v2[0] - v2[3]).toBe(125 - 25);
    expect(pointsForBoard([{ rank: 1, audit: 'rejected' as const }])).toEqual([0]);
  });
});
