/**
 * Which players have a connected socket, for the teacher's live status: a player is online while
 * at least one socket that joined as them is connected, on any server. Read from socket.io's own
 * rooms (each player socket is in `rooms.player(id)` and carries `socket.data.presence`), so no
 * extra state is kept. The host room hears `player:presence` `{ playerId, online }` on every
 * change.
 *
 * With the Redis adapter (`clustered`) a player's sockets may sit on other servers: `online`
 * asks every other server for its list (a server-side emit with an ack) and merges them, and a
 * disconnect reads the player's room across servers before it says "offline". A server that does
 * not answer within `timeoutMs` (it just died, and the adapter has not noticed yet) is left out:
 * the host then sees a late or partial list, never an error.
 */
import type { Server, Socket } from 'socket.io';
import { rooms } from './broadcaster';

/** What a player socket carries in `socket.data`. */
export interface PresenceTag {
  tournamentId: string;
  playerId: string;
}

export interface Presence {
  /** Marks the socket as this player's and tells the host they are online. */
  joined(socket: Socket, tag: PresenceTag): void;
  /** After a disconnect: tells the host whether the player still has another socket (on any server). */
  left(socket: Socket): void;
  /** The ids of the tournament's players with a connected socket, on every server. */
  online(tournamentId: string): Promise<string[]>;
}

export interface PresenceOptions {
  /** Other servers share the rooms (the Redis adapter): ask them too. */
  clustered?: boolean;
  /** The longest a question to the other servers waits, ms (default 2000). */
  timeoutMs?: number;
}

/** The server-side event one server asks the others with (`(tournamentId, ack(playerIds))`). */
const ONLINE_EVENT = 'presence:online';

/** `p`, or `fallback` once `ms` have passed or when it fails. */
function within<T>(p: Promise<T>, ms: number, fallback: T): Promise<T> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(fallback), ms);
    timer.unref();
    p.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      () => {
        clearTimeout(timer);
        resolve(fallback);
      },
    );
  });
}

/** @example const presence = createPresence(io, { clustered: true }); presence.joined(socket, { tournamentId, playerId }); */
export function createPresence(io: Server, opts: PresenceOptions = {}): Presence {
  const timeoutMs = opts.timeoutMs ?? 2000;
  const tagOf = (socket: Socket | undefined): PresenceTag | null => {
    const tag = (socket?.data as { presence?: PresenceTag } | undefined)?.presence;
    return tag ?? null;
  };
  const onlineHere = (playerId: string): boolean => (io.sockets.adapter.rooms.get(rooms.player(playerId))?.size ?? 0) > 0;
  const listHere = (tournamentId: string): string[] => {
    const ids = new Set<string>();
    for (const id of io.sockets.adapter.rooms.get(rooms.tournament(tournamentId)) ?? []) {
      const tag = tagOf(io.sockets.sockets.get(id));
      if (tag && tag.tournamentId === tournamentId) ids.add(tag.playerId);
    }
    return [...ids];
  };
  const tell = (tag: PresenceTag, online: boolean): void => {
    io.to(rooms.host(tag.tournamentId)).emit('player:presence', { playerId: tag.playerId, online });
  };
  const listElsewhere = (tournamentId: string): Promise<string[]> =>
    within(
      new Promise<string[]>((resolve, reject) => {
        try {
          // After an adapter timeout the servers that did answer are still in `responses`.
          io.serverSideEmit(ONLINE_EVENT, tournamentId, (_err: Error | null, responses: unknown[]) =>
            resolve((responses ?? []).flatMap((r) => (Array.isArray(r) ? r.filter((id): id is string => typeof id === 'string') : []))),
          );
        } catch (e) {
          reject(e);
        }
      }),
      timeoutMs,
      [],
    );

  if (opts.clustered) {
    io.on(ONLINE_EVENT, (tournamentId: unknown, ack: unknown) => {
      if (typeof tournamentId === 'string' && typeof ack === 'function') ack(listHere(tournamentId));
    });
  }

  return {
    joined(socket, tag) {
      (socket.data as { presence?: PresenceTag }).presence = tag;
      tell(tag, onlineHere(tag.playerId));
    },
    left(socket) {
      const tag = tagOf(socket);
      if (!tag) return;
      if (onlineHere(tag.playerId) || !opts.clustered) {
        tell(tag, onlineHere(tag.playerId));
        return;
      }
      // The player's room across every server: another tab or phone may still be connected elsewhere.
      void within(
        io.in(rooms.player(tag.playerId)).fetchSockets().then((s) => s.length > 0),
        timeoutMs,
        false,
      ).then((online) => tell(tag, online));
    },
    async online(tournamentId) {
      const here = listHere(tournamentId);
      if (!opts.clustered) return here;
      return [...new Set([...here, ...(await listElsewhere(tournamentId))])];
    },
  };
}
