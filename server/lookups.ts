/**
 * The authority checks in PROTOCOL.md order, each throwing the typed error of its step:
 * tournament by code (NOT_FOUND) → host key / player token (UNAUTHORIZED) → named round or player
 * (NOT_FOUND). Handlers call them in that order so the first failure is the answer.
 */
import { roundTrainRows } from '../game/tasks/round-data';
import type { RoundPublic } from '../game/protocol';
import { ApiError } from './errors';
import type { ServiceContext } from './context';
import type { PlayerRow, RoundRow, TournamentRow } from '../db/storage';
import { hashSecret, secretMatches } from './tokens';
import { toRoundPublic } from './public-shapes';

/** Step 2: the tournament named by `code` (already upper-cased by the schema). */
export async function requireTournament(ctx: ServiceContext, code: string): Promise<TournamentRow> {
  const t = await ctx.store.getTournamentByCode(code.toUpperCase());
  if (!t) throw new ApiError('NOT_FOUND', `No tournament has the code ${code}.`);
  return t;
}

/** Step 3 for host calls: a missing or wrong key is UNAUTHORIZED. */
export function requireHost(t: TournamentRow, hostKey: string | undefined): void {
  if (!secretMatches(hostKey, t.hostKeyHash)) {
    throw new ApiError('UNAUTHORIZED', 'The host key is missing or does not match this tournament.');
  }
}

/**
 * The UNAUTHORIZED answer to a player token that is missing, unknown, of a kicked player or of
 * another tournament (also when a kick by another server lands before the insert).
 * @example throw playerDenied();
 */
export function playerDenied(): ApiError {
  return new ApiError('UNAUTHORIZED', 'The player token is missing, unknown or no longer valid.');
}

/**
 * Step 3 for player calls: the token's player, who must not be kicked (and, when given, must
 * belong to `tournamentId`).
 */
export async function requirePlayer(
  ctx: ServiceContext,
  token: string | undefined,
  tournamentId?: string,
): Promise<PlayerRow> {
  // Built only when thrown: an Error captures a stack trace, and every submission passes here.
  if (typeof token !== 'string' || token.length === 0) throw playerDenied();
  const p = await ctx.store.getPlayerByTokenHash(hashSecret(token));
  if (!p || !secretMatches(token, p.tokenHash) || p.kickedAt !== null) throw playerDenied();
  if (tournamentId !== undefined && p.tournamentId !== tournamentId) throw playerDenied();
  return p;
}

/** Step 4: a round of this tournament; a round of another tournament is NOT_FOUND too. */
export async function requireRound(ctx: ServiceContext, tournamentId: string, roundId: string): Promise<RoundRow> {
  const r = await ctx.store.getRound(roundId);
  if (!r || r.tournamentId !== tournamentId) throw new ApiError('NOT_FOUND', `No round ${roundId} in this tournament.`);
  return r;
}

/** The tournament's current round: the open one, else the latest, else null. */
export function currentRound(rounds: RoundRow[]): RoundRow | null {
  return rounds.find((r) => r.status === 'open') ?? rounds[rounds.length - 1] ?? null;
}

/** Number of players not kicked. */
export async function activePlayerCount(ctx: ServiceContext, tournamentId: string): Promise<number> {
  return (await ctx.store.listPlayers(tournamentId)).filter((p) => p.kickedAt === null).length;
}

/**
 * The public shape of a round, with its train rows (real data, once open) computed from the
 * secret seed on the server and cached.
 */
export async function roundPublic(ctx: ServiceContext, row: RoundRow): Promise<RoundPublic> {
  if (row.status === 'draft' || row.testSeed === null) return toRoundPublic(row, null);
  let rows = ctx.trainRows.get(row.id);
  if (rows === undefined) {
    rows = await roundTrainRows(row.rules.taskId, row.testSeed, row.rules.trainSize, ctx.loader);
    ctx.trainRows.set(row.id, rows);
  }
  return toRoundPublic(row, rows);
}
