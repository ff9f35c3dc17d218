/**
 * Each tournament's nickname keys and active-player count, read from storage once and then kept by
 * the joins and kicks of this process, so a join in a class of 2,000 does not read the 2,000 players
 * again (which made joining quadratic). The database stays the authority: its unique index still
 * refuses a taken nickname (`NicknameTakenError`), so a stale roster can only let a call reach that
 * check, never let a duplicate in. Last 64 tournaments.
 *
 * With several servers on one database (`shared`), the other servers' joins and kicks never pass
 * through this cache, so the count is read again (one COUNT, not the list) on every `get`: every
 * server then announces the same class size. The nickname keys stay cached; a name taken on
 * another server is refused by the unique index.
 */
import type { PlayerRow, Storage } from '../db/storage';
import { LruCache } from './lru';

export interface Roster {
  /** Lower-cased nicknames ever used in the tournament (kicked players' stay taken). */
  keys: Set<string>;
  /** Players not kicked. */
  active: number;
}

export interface ClassRosters {
  /** The tournament's roster, read from storage when not held. */
  get(tournamentId: string): Promise<Roster>;
  joined(player: PlayerRow): void;
  kicked(tournamentId: string): void;
}

/** @example const rosters = createClassRosters(store); (await rosters.get(t.id)).keys.has('ada') */
export function createClassRosters(store: Storage, opts: { shared?: boolean } = {}): ClassRosters {
  const held = new LruCache<string, Roster>(64);
  return {
    async get(tournamentId) {
      const cached = held.get(tournamentId);
      if (cached && opts.shared) cached.active = await store.countActivePlayers(tournamentId);
      if (cached) return cached;
      const players = await store.listPlayers(tournamentId);
      // A join or kick of this process may have landed while we read: theirs is the newer state.
      const raced = held.get(tournamentId);
      if (raced) return raced;
      const roster = { keys: new Set(players.map((p) => p.nicknameKey)), active: players.filter((p) => p.kickedAt === null).length };
      held.set(tournamentId, roster);
      return roster;
    },
    joined(player) {
      const r = held.get(player.tournamentId);
      if (!r) return;
      r.keys.add(player.nicknameKey);
      r.active++;
    },
    kicked(tournamentId) {
      const r = held.get(tournamentId);
      if (r) r.active = Math.max(0, r.active - 1);
    },
  };
}
