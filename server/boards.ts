/**
 * Boards, standings and the audit order, computed from storage on demand (never cached, so they
 * are always consistent with the rows), plus the throttled leaderboard broadcast.
 */
import type { LeaderboardEntry, LeaderboardUpdate, StandingEntry } from '../game/protocol';
import { boardOf, standingsOf } from './game-adapters';
import { earlier } from '../game/leaderboard';
import type { ServiceContext } from './context';
import type { RoundRow, SubmissionMeta } from '../db/storage';

/** The board of a round as clients see it: final once the round is final. */
export async function roundBoard(ctx: ServiceContext, round: RoundRow): Promise<LeaderboardUpdate> {
  const [subs, players] = await Promise.all([ctx.store.listSubmissions(round.id), ctx.store.listPlayers(round.tournamentId)]);
  const final = round.status === 'final';
  return { roundId: round.id, final, entries: boardOf(subs, players, final) };
}

/** Current standings of a tournament (a pure fold over saved round results). */
export async function tournamentStandings(ctx: ServiceContext, tournamentId: string): Promise<StandingEntry[]> {
  const [players, results] = await Promise.all([ctx.store.listPlayers(tournamentId), ctx.store.listRoundResults(tournamentId)]);
  return standingsOf(players, results);
}

/**
 * Each player's entry submission: the best public score among their submissions not rejected,
 * a tie going to the earlier one. Kicked players are skipped.
 */
export function entrySubmissions(subs: SubmissionMeta[], kicked: Set<string>): SubmissionMeta[] {
  const best = new Map<string, SubmissionMeta>();
  for (const s of subs) {
    if (s.audit === 'rejected' || kicked.has(s.playerId)) continue;
    const cur = best.get(s.playerId);
    if (!cur || s.publicScore > cur.publicScore || (s.publicScore === cur.publicScore && earlier(s, cur) < 0)) {
      best.set(s.playerId, s);
    }
  }
  return [...best.values()];
}

/**
 * The entries that must be settled before a round is final: the top `k` entry submissions in
 * final order (private score, then the earlier one, as the final board ranks). A rejected entry drops
 * out, so the next one is promoted into the top k on the next call.
 */
export function auditCandidates(subs: SubmissionMeta[], kicked: Set<string>, k: number): SubmissionMeta[] {
  return entrySubmissions(subs, kicked)
    .sort(
      (a, b) =>
        b.privateScore - a.privateScore || earlier(a, b),
    )
    .slice(0, k);
}

/** The rank of a player on a board, or 0 when absent. */
export function rankOf(entries: LeaderboardEntry[], playerId: string): number {
  return entries.find((e) => e.playerId === playerId)?.rank ?? 0;
}

/** Schedules a throttled `leaderboard:update` for a round carrying the state at send time. */
export function scheduleBoard(ctx: ServiceContext, roundId: string): void {
  ctx.boardThrottle.schedule(roundId, async () => {
    const round = await ctx.store.getRound(roundId);
    if (!round || ctx.closed.value) return;
    ctx.broadcaster.toTournament(round.tournamentId, 'leaderboard:update', await roundBoard(ctx, round));
  });
}

/** Broadcasts standings to a tournament at once. */
export async function emitStandings(ctx: ServiceContext, tournamentId: string, code: string): Promise<void> {
  ctx.broadcaster.toTournament(tournamentId, 'standings:update', { code, entries: await tournamentStandings(ctx, tournamentId) });
}
