/**
 * `players:update` as deltas (docs/protocol.md): who joined and who was kicked since the last
 * update, and how many players are in the tournament now, at most once per tournament per
 * broadcast interval (the first change at once, later ones collapsed into one). Its size follows the
 * change, not the class. While the class is small every socket of the tournament room hears it (the
 * play page lists classmates); once it has more than `PLAYERS_LIVE_LIMIT` players only the host and
 * the spectators (the watchers room) do, so a join costs the same few frames in a class of 2,000.
 */
import type { PlayersUpdate } from '../game/protocol';
import type { ServiceContext } from './context';
import type { PlayerRow, TournamentRow } from '../db/storage';
import { toPlayerPublic } from './public-shapes';

/** Above this many players, `players:update` goes to the watchers (host and spectators) only. */
export const PLAYERS_LIVE_LIMIT = 50;

/** The changes of one tournament's class since its last `players:update`. */
export interface PendingPlayers {
  code: string;
  count: number;
  joined: PlayerRow[];
  kicked: string[];
}

function pendingFor(ctx: ServiceContext, t: TournamentRow, count: number): PendingPlayers {
  const map = ctx.inFlight.playersPending;
  let p = map.get(t.id);
  if (!p) map.set(t.id, (p = { code: t.code, count, joined: [], kicked: [] }));
  p.count = count;
  return p;
}

function flush(ctx: ServiceContext, tournamentId: string): void {
  const p = ctx.inFlight.playersPending.get(tournamentId);
  if (!p || ctx.closed.value) return;
  ctx.inFlight.playersPending.delete(tournamentId);
  const kicked = new Set(p.kicked);
  const update: PlayersUpdate = {
    code: p.code,
    count: p.count,
    // A player who joined and was kicked within one interval is simply not announced.
    joined: p.joined.filter((j) => !kicked.has(j.id)).map(toPlayerPublic),
    kicked: p.kicked,
  };
  if (p.count > PLAYERS_LIVE_LIMIT) ctx.broadcaster.toWatchers(tournamentId, 'players:update', update);
  else ctx.broadcaster.toTournament(tournamentId, 'players:update', update);
}

/**
 * Announces a player who joined (`count`: active players now, them included). Side effect: a
 * throttled `players:update`.
 * @example announceJoin(ctx, t, player, active + 1);
 */
export function announceJoin(ctx: ServiceContext, t: TournamentRow, player: PlayerRow, count: number): void {
  pendingFor(ctx, t, count).joined.push(player);
  ctx.playersThrottle.schedule(t.id, () => flush(ctx, t.id));
}

/** Announces a kicked player (`count`: active players left). */
export function announceKick(ctx: ServiceContext, t: TournamentRow, playerId: string, count: number): void {
  pendingFor(ctx, t, count).kicked.push(playerId);
  ctx.playersThrottle.schedule(t.id, () => flush(ctx, t.id));
}
