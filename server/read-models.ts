/**
 * What the HTTP API reads: tournament overview, a round's board, insights (closed rounds only),
 * round details for the results page, and the host's CSV export. Each throws `ApiError`
 * (NOT_FOUND, UNAUTHORIZED, CONFLICT) that the HTTP layer maps to a status.
 */
import type { InsightsResponse, LeaderboardUpdate, RoundPublic, StandingEntry, TournamentPublic } from '../game/protocol';
import type { ServiceContext } from './context';
import { ApiError } from './errors';
import { roundInsights } from './insights/round-insights';
import { activePlayerCount, requireHost, requireTournament, roundPublic } from './lookups';
import { roundBoard, tournamentStandings } from './boards';
import { toSubmissionDetail, toTournamentPublic } from './public-shapes';
import type { SubmissionDetail } from './public-shapes';
import { buildResultsCsv, type ResultsCsvInput } from './csv';
import { buildResultsXlsx } from './xlsx';
import type { RoundRow } from '../db/storage';

export interface RoundDetails {
  round: RoundPublic;
  tournament: { code: string; title: string };
  leaderboard: LeaderboardUpdate;
  submissions: SubmissionDetail[];
}

export interface ReadModels {
  tournamentView(code: string): Promise<{ tournament: TournamentPublic; rounds: RoundPublic[]; standings: StandingEntry[] }>;
  /** A page of the board: `offset` (default 0) and `limit` (default the whole board). */
  leaderboard(roundId: string, page?: { offset: number; limit: number }): Promise<LeaderboardUpdate>;
  insights(roundId: string): Promise<InsightsResponse>;
  roundDetails(roundId: string): Promise<RoundDetails>;
  resultsCsv(code: string, hostKey: string | undefined): Promise<string>;
  /** The same results as an Excel workbook (server/xlsx.ts); host key checked as for the CSV. */
  resultsXlsx(code: string, hostKey: string | undefined): Promise<Uint8Array>;
  /**
   * The host's drill-down into one student: their submissions in a round, oldest first (private
   * and full scores only once the round is closed, as on the results page). Host key required.
   */
  playerSubmissions(roundId: string, playerId: string, hostKey: string | undefined): Promise<{ roundId: string; playerId: string; nickname: string; submissions: SubmissionDetail[] }>;
}

/** Builds the read models over a service context. */
export function createReadModels(ctx: ServiceContext): ReadModels {
  const getRound = async (id: string): Promise<RoundRow> => {
    const r = await ctx.store.getRound(id);
    if (!r) throw new ApiError('NOT_FOUND', `No round has the id ${id}.`);
    return r;
  };
  const isClosed = (r: RoundRow): boolean => r.status === 'closed' || r.status === 'final';
  // What both exports read, after the host key check (the first failure answers, as for any call).
  const exportInput = async (code: string, hostKey: string | undefined): Promise<ResultsCsvInput> => {
    const t = await requireTournament(ctx, code);
    requireHost(t, hostKey);
    const [rounds, players, submissions, results] = await Promise.all([
      ctx.store.listRounds(t.id),
      ctx.store.listPlayers(t.id),
      ctx.store.listTournamentSubmissions(t.id),
      ctx.store.listRoundResults(t.id),
    ]);
    return { tournament: t, rounds, players, submissions, results, standings: await tournamentStandings(ctx, t.id) };
  };

  const playerSubmissions: ReadModels['playerSubmissions'] = async (roundId, playerId, hostKey) => {
    const round = await getRound(roundId);
    const t = await ctx.store.getTournament(round.tournamentId);
    if (!t) throw new ApiError('NOT_FOUND', 'No such round.');
    requireHost(t, hostKey);
    const player = (await ctx.store.listPlayers(t.id)).find((p) => p.id === playerId);
    if (!player) throw new ApiError('NOT_FOUND', 'No such player in this tournament.');
    const closed = isClosed(round);
    const subs = (await ctx.store.listSubmissions(roundId)).filter((s) => s.playerId === playerId);
    subs.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    return { roundId, playerId, nickname: player.nickname, submissions: subs.map((s) => toSubmissionDetail(s, player.nickname, closed)) };
  };

  return {
    playerSubmissions,
    async tournamentView(code) {
      const t = await requireTournament(ctx, code);
      const rounds = await ctx.store.listRounds(t.id);
      return {
        tournament: toTournamentPublic(t, await activePlayerCount(ctx, t.id)),
        rounds: await Promise.all(rounds.map((r) => roundPublic(ctx, r))),
        standings: await tournamentStandings(ctx, t.id),
      };
    },

    async leaderboard(roundId, page) {
      return roundBoard(ctx, await getRound(roundId), page?.offset ?? 0, page?.limit ?? Number.MAX_SAFE_INTEGER);
    },

    async insights(roundId) {
      const round = await getRound(roundId);
      if (!isClosed(round)) throw new ApiError('CONFLICT', 'Insights are available once the round is closed.');
      return roundInsights(ctx, round, await ctx.store.listSubmissions(roundId));
    },

    async roundDetails(roundId) {
      const round = await getRound(roundId);
      const t = await ctx.store.getTournament(round.tournamentId);
      if (!t) throw new ApiError('NOT_FOUND', `No round has the id ${roundId}.`);
      const closed = isClosed(round);
      const [subs, players] = await Promise.all([ctx.store.listSubmissions(roundId), ctx.store.listPlayers(t.id)]);
      const names = new Map(players.filter((p) => p.kickedAt === null).map((p) => [p.id, p.nickname]));
      return {
        round: await roundPublic(ctx, round),
        tournament: { code: t.code, title: t.title },
        leaderboard: await roundBoard(ctx, round, 0, Number.MAX_SAFE_INTEGER),
        // While a round is open the configs stay private: other players could copy them.
        submissions: closed
          ? subs.filter((s) => names.has(s.playerId)).map((s) => toSubmissionDetail(s, names.get(s.playerId) ?? '', closed))
          : [],
      };
    },

    async resultsCsv(code, hostKey) {
      return buildResultsCsv(await exportInput(code, hostKey));
    },

    async resultsXlsx(code, hostKey) {
      return buildResultsXlsx(await exportInput(code, hostKey));
    },
  };
}
