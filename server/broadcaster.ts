/**
 * The fan-out seam: the round service says "tell this tournament" or "tell this player", and the
 * socket layer decides how (socket.io rooms here; a Redis adapter later). Tests use a recorder.
 */
import type { Server } from 'socket.io';

export interface Broadcaster {
  /** Emits to every socket in the tournament's room (players, spectators, host). */
  toTournament(tournamentId: string, event: string, payload: unknown): void;
  /** Emits to every socket a player joined with (e.g. `player:kicked`). */
  toPlayer(playerId: string, event: string, payload: unknown): void;
  /** Removes a player's sockets from the tournament room (after a kick). */
  evictPlayer(playerId: string, tournamentId: string): void;
}

/** Room names, shared by the socket handlers and the broadcaster. */
export const rooms = {
  tournament: (tournamentId: string) => `t:${tournamentId}`,
  host: (tournamentId: string) => `h:${tournamentId}`,
  player: (playerId: string) => `p:${playerId}`,
};

/**
 * A broadcaster over socket.io rooms.
 * @example const b = createSocketBroadcaster(io); b.toTournament(t.id, 'round:update', round);
 */
export function createSocketBroadcaster(io: Server): Broadcaster {
  return {
    toTournament: (id, event, payload) => {
      io.to(rooms.tournament(id)).emit(event, payload);
    },
    toPlayer: (id, event, payload) => {
      io.to(rooms.player(id)).emit(event, payload);
    },
    evictPlayer: (playerId, tournamentId) => {
      io.in(rooms.player(playerId)).socketsLeave([rooms.tournament(tournamentId), rooms.player(playerId)]);
    },
  };
}

/** A broadcaster that records every emission (unit tests). */
export function createRecordingBroadcaster(): Broadcaster & {
  events: { to: string; event: string; payload: unknown }[];
} {
  const events: { to: string; event: string; payload: unknown }[] = [];
  return {
    events,
    toTournament: (id, event, payload) => events.push({ to: rooms.tournament(id), event, payload }),
    toPlayer: (id, event, payload) => events.push({ to: rooms.player(id), event, payload }),
    evictPlayer: () => undefined,
  };
}
