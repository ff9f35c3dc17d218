/**
 * The server's only calls into game/'s scoring folds (leaderboard, points, standings, rules,
 * presets; insights fold in a worker thread, server/insights/). Keeping them in one file means a
 * signature change in game/ is fixed here once, and everything else in server/ works with storage
 * rows.
 */
import { buildLeaderboard } from '../game/leaderboard';
import type { LeaderboardEntry } from '../game/leaderboard';
import { foldStandings, pointsForBoard } from '../game/points';
import type { StandingEntry } from '../game/protocol';
import type { PlayerRow, RoundResultRow, SubmissionMeta } from '../db/storage';

/**
 * The board of one round from its submissions: live (best public score) or final (private score
 * of each player's best-public entry). Kicked players are left out.
 */
export function boardOf(subs: SubmissionMeta[], players: PlayerRow[], final: boolean): LeaderboardEntry[] {
  const active = players.filter((p) => p.kickedAt === null);
  const ids = new Set(active.map((p) => p.id));
  return buildLeaderboard(
    subs.filter((s) => ids.has(s.playerId)),
    active.map((p) => ({ id: p.id, nickname: p.nickname })),
    { final },
  );
}

/** Round results (rank, points) from a final board; points rules version 2 (N = the board's entries). */
export function resultsOf(roundId: string, board: LeaderboardEntry[]): RoundResultRow[] {
  const points = pointsForBoard(board);
  return board.map((e, i) => ({
    roundId,
    playerId: e.playerId,
    rank: e.rank,
    points: points[i],
    publicScore: e.publicScore,
    privateScore: e.privateScore,
    audit: e.audit,
  }));
}

/** Tournament standings: every active player, 0 points included. */
export function standingsOf(players: PlayerRow[], results: RoundResultRow[]): StandingEntry[] {
  const active = players.filter((p) => p.kickedAt === null);
  return foldStandings(
    active.map((p) => ({ id: p.id, nickname: p.nickname })),
    results,
  );
}
