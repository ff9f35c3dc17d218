/**
 * The fan-out seam: the round service says "tell this tournament" or "tell this player", and the
 * socket layer decides how (socket.io rooms here; a Redis adapter later). Tests use a recorder.
 */
import type { Server } from 'socket.io';
import type { ServerEvent, ServerEvents, ServerPayload } from '../game/protocol';

export interface Broadcaster {
  /** Emits to every socket in the tournament's room (players, spectators, host). */
  toTournament<E extends ServerEvent>(tournamentId: string, event: E, payload: ServerPayload<E>): void;
  /** Emits to the tournament's host and spectator sockets only (the watchers room). */
  toWatchers<E extends ServerEvent>(tournamentId: string, event: E, payload: ServerPayload<E>): void;
  /**
   * Emits to the tournament room less the watchers: its players' sockets. In a big room they hear
   * `leaderboard:update` less often than the watchers (server/boards.ts).
   */
  toPlayers<E extends ServerEvent>(tournamentId: string, event: E, payload: ServerPayload<E>): void;
  /** Emits to every socket a player joined with (e.g. `player:kicked`). */
  toPlayer<E extends ServerEvent>(playerId: string, event: E, payload: ServerPayload<E>): void;
  /** Removes a player's sockets from the tournament room (after a kick). */
  evictPlayer(playerId: string, tournamentId: string): void;
}

/** Room names, shared by the socket handlers and the broadcaster. */
export const rooms = {
  tournament: (tournamentId: string) => `t:${tournamentId}`,
  host: (tournamentId: string) => `h:${tournamentId}`,
  /** Host and spectator sockets (not players'): they list the class as it arrives. */
  watchers: (tournamentId: string) => `w:${tournamentId}`,
  player: (playerId: string) => `p:${playerId}`,
};

/**
 * A broadcaster over socket.io rooms.
 * @example const b = createSocketBroadcaster(io); b.toTournament(t.id, 'round:update', round);
 */
export function createSocketBroadcaster(io: Server): Broadcaster {
  // socket.io encodes a room broadcast once and writes the same frame to every socket in it.
  const typed = io as unknown as Server<Record<string, never>, ServerEvents>;
  const emit = <E extends ServerEvent>(room: string, event: E, payload: ServerPayload<E>): void => {
    (typed.to(room).emit as (e: E, p: ServerPayload<E>) => boolean)(event, payload);
  };
  return {
    toTournament: (id, event, payload) => emit(rooms.tournament(id), event, payload),
    toWatchers: (id, event, payload) => emit(rooms.watchers(id), event, payload),
    // Still one encoding: the adapter skips the excepted room's sockets as it writes the frame.
    toPlayers: <E extends ServerEvent>(id: string, event: E, payload: ServerPayload<E>) => {
      (typed.to(rooms.tournament(id)).except(rooms.watchers(id)).emit as (e: E, p: ServerPayload<E>) => boolean)(event, payload);
    },
    toPlayer: (id, event, payload) => emit(rooms.player(id), event, payload),
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
    toWatchers: (id, event, payload) => events.push({ to: rooms.watchers(id), event, payload }),
    toPlayers: (id, event, payload) => events.push({ to: `${rooms.tournament(id)} except ${rooms.watchers(id)}`, event, payload }),
    toPlayer: (id, event, payload) => events.push({ to: rooms.player(id), event, payload }),
    evictPlayer: () => undefined,
  };
}
