/**
 * The host's lobby controls (issue 8): locking a tournament against new nicknames, and the
 * "block rejoining" side of a kick, which remembers the kicked player's client addresses (as
 * SHA-256 hashes, never the address itself) so that a new nickname from them is refused. Resumes
 * by token are never affected: a player who already joined keeps playing through a lock, and
 * classmates behind the same address keep their seats.
 */
import type { TournamentRow } from '../db/storage';
import type { ServiceContext } from './context';
import { ApiError } from './errors';
import { hashSecret } from './tokens';
import { BLOCKED_MESSAGE, LOCKED_MESSAGE } from '../game/host-messages';

export { BLOCKED_MESSAGE, LOCKED_MESSAGE };

/**
 * The stored block key of a client address.
 * @example addressBlockKey('203.0.113.7') // 'address:5f1c…' (64 hex characters after the colon)
 */
export function addressBlockKey(address: string): string {
  return `address:${hashSecret(address)}`;
}

/**
 * Refuses a nickname join (CONFLICT) when the lobby is locked or the address is blocked. Reads the
 * tournament afresh: call it inside the tournament's queue, where `tournament:lock` also runs, so a
 * join queued after a lock sees it.
 * @example await checkNewJoin(ctx, t.id, socketAddress);
 */
export async function checkNewJoin(ctx: ServiceContext, tournamentId: string, address: string | undefined): Promise<void> {
  const fresh = await ctx.store.getTournament(tournamentId);
  if (fresh?.locked) throw new ApiError('CONFLICT', LOCKED_MESSAGE);
  if (address !== undefined && (await ctx.store.hasBlock(tournamentId, [addressBlockKey(address)]))) {
    throw new ApiError('CONFLICT', BLOCKED_MESSAGE);
  }
}

/**
 * Stores the lock flag and returns the row as it now is. Call inside the tournament's queue.
 * @example const row = await setLocked(ctx, t, true);
 */
export async function setLocked(ctx: ServiceContext, t: TournamentRow, locked: boolean): Promise<TournamentRow> {
  await ctx.store.setTournamentLocked(t.id, locked);
  return { ...t, locked };
}

/**
 * Blocks the given client addresses (a kicked player's sockets) in the tournament; duplicates are
 * fine. Empty when the player had no socket open and this process forgot their join address:
 * then only their token is revoked.
 * @example await blockAddresses(ctx, t.id, ['203.0.113.7'], isoNow(ctx.clock));
 */
export async function blockAddresses(ctx: ServiceContext, tournamentId: string, addresses: string[], at: string): Promise<void> {
  const keys = [...new Set(addresses)].map(addressBlockKey);
  await ctx.store.addBlocks(tournamentId, keys, at);
}
