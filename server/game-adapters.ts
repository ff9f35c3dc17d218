/**
 * The server's only calls into game/'s scoring folds (leaderboard, points, standings, rules,
 * presets; insights fold in a worker thread, server/insights/). Keeping them in one file means a
 * signature change in game/ is fixed here once, and everything else in server/ works with storage
 * rows.
 */
import { buildLeaderboard } from '../game/leaderboard';
import type { LeaderboardEntry } from '../game/leaderboard';
import { foldStandings, pointsForRank } from '../game/points';
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

/** Round results (rank, points) from a final board. `playerCount`: players of the tournament. */
export function resultsOf(roundId: string, board: LeaderboardEntry[], playerCount: number): RoundResultRow[] {
  return board.map((e) => ({
    roundId,
    playerId: e.playerId,
    rank: e.rank,
    points: pointsForRank(e.rank, playerCount, e.audit),
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
