/**
 * Tournament points per round and the standings fold. Versioned: a change of the table is a new
 * `POINTS_RULES_VERSION`, so stored results can say which rules produced them.
 *
 * Version 1 (Kahoot-like, every finisher scores, winning is worth a little extra):
 *   points(rank, N) = round(100 · (N − rank + 1) / N) + podium bonus (25, 15, 10 for ranks 1–3),
 *   where N is the number of players the round counts (the tournament's players). The last place
 *   still gets about 100/N points; a rejected entry, or a rank outside 1..N, gets 0.
 *   Example with N = 10: 125, 105, 90, 70, 60, 50, 40, 30, 20, 10.
 *
 * Version 2 (issue 8): the same table, but N counts only the players who submitted in the round
 * (the entries of its final board), not everyone who joined. With version 1, 200 joined but idle
 * players shrank a round's spread of points from 125–43 to 125–109; idle players now change
 * nothing (they score 0, being on no board). `pointsForBoard` applies it.
 */
import type { AuditState } from './leaderboard';
import type { StandingEntry } from './protocol';

export const POINTS_RULES_VERSION = 2 as const;

const PODIUM_BONUS = [25, 15, 10] as const;

/**
 * Points for a final rank among `players` players (version 1 above). Pure.
 * @example pointsForRank(1, 10) // 125
 */
export function pointsForRank(rank: number, players: number, audit?: AuditState): number {
  if (audit === 'rejected') return 0;
  if (!Number.isInteger(rank) || !Number.isInteger(players) || rank < 1 || rank > players) return 0;
  return Math.round((100 * (players - rank + 1)) / players) + (PODIUM_BONUS[rank - 1] ?? 0);
}

/**
 * Points of every entry of a round's final board (version 2): N is the number of entries, the
 * players who submitted. Pure; the result is in board order.
 * @example pointsForBoard([{ rank: 1 }, { rank: 2 }]) // [125, 65]
 */
export function pointsForBoard(entries: readonly { rank: number; audit?: AuditState }[]): number[] {
  return entries.map((e) => pointsForRank(e.rank, entries.length, e.audit));
}

/** A player's points from one round, as stored in round results. */
export interface RoundPoints {
  playerId: string;
  points: number;
}

/**
 * Tournament standings: every listed player with the sum of their round points (0 included).
 * Ties share a rank (competition ranking: 1, 1, 3) and are listed by nickname (case-insensitive,
 * then code-unit order), then player id, so the fold is deterministic. Results of players not
 * listed (e.g. kicked) are ignored. Pure.
 * @example foldStandings([{ id: 'a', nickname: 'Ada' }], [{ playerId: 'a', points: 125 }]) // [{ rank: 1, playerId: 'a', nickname: 'Ada', points: 125 }]
 */
export function foldStandings(
  players: readonly { id: string; nickname: string }[],
  results: readonly RoundPoints[],
): StandingEntry[] {
  const total = new Map(players.map((p) => [p.id, 0]));
  for (const r of results) {
    const t = total.get(r.playerId);
    if (t !== undefined) total.set(r.playerId, t + r.points);
  }
  const cmpText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  const rows = players.map((p) => ({ playerId: p.id, nickname: p.nickname, points: total.get(p.id) ?? 0 }));
  rows.sort(
    (a, b) =>
      b.points - a.points ||
      cmpText(a.nickname.toLowerCase(), b.nickname.toLowerCase()) ||
      cmpText(a.nickname, b.nickname) ||
      cmpText(a.playerId, b.playerId),
  );
  let rank = 0;
  return rows.map((r, i) => {
    if (i === 0 || r.points !== rows[i - 1].points) rank = i + 1;
    return { rank, ...r };
  });
}
