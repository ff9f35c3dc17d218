/**
 * Which players have a connected socket, for the teacher's live status: a player is online while
 * at least one socket that joined as them is connected. Read from socket.io's own rooms (each
 * player socket is in `rooms.player(id)` and carries `socket.data.presence`), so no extra state is
 * kept. The host room hears `player:presence` `{ playerId, online }` on every change.
 * Per process: with the Redis adapter a player connected to another process reads as offline here.
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
  /** After a disconnect: tells the host whether the player still has another socket. */
  left(socket: Socket): void;
  /** The ids of the tournament's players with a connected socket. */
  online(tournamentId: string): string[];
}

/** @example const presence = createPresence(io); presence.joined(socket, { tournamentId, playerId }); */
export function createPresence(io: Server): Presence {
  const tagOf = (socket: Socket | undefined): PresenceTag | null => {
    const tag = (socket?.data as { presence?: PresenceTag } | undefined)?.presence;
    return tag ?? null;
  };
  const isOnline = (playerId: string): boolean => (io.sockets.adapter.rooms.get(rooms.player(playerId))?.size ?? 0) > 0;
  const tell = (tag: PresenceTag): void => {
    io.to(rooms.host(tag.tournamentId)).emit('player:presence', { playerId: tag.playerId, online: isOnline(tag.playerId) });
  };
  return {
    joined(socket, tag) {
      (socket.data as { presence?: PresenceTag }).presence = tag;
      tell(tag);
    },
    left(socket) {
      const tag = tagOf(socket);
      if (tag) tell(tag);
    },
    online(tournamentId) {
      const ids = new Set<string>();
      for (const id of io.sockets.adapter.rooms.get(rooms.tournament(tournamentId)) ?? []) {
        const tag = tagOf(io.sockets.sockets.get(id));
        if (tag && tag.tournamentId === tournamentId) ids.add(tag.playerId);
      }
      return [...ids];
    },
  };
}
