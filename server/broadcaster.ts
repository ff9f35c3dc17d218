/**
 * The fan-out seam: the round service says "tell this tournament" or "tell this player", and the
 * socket layer decides how (socket.io rooms here; a Redis adapter later). Tests use a recorder.
 */
import type { Server } from 'socket.io';
import { z } from 'zod';
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
  /**
   * Emits to the player's sockets on this server only (`leaderboard:you`): with several servers
   * each tells its own sockets from its own board, so nothing per player crosses the adapter.
   */
  toLocalPlayer<E extends ServerEvent>(playerId: string, event: E, payload: ServerPayload<E>): void;
  /** Tells the other servers the round's board moved (batched, `BOARD_MOVES_MS`); nothing in one process. */
  boardMoved(roundId: string): void;
  /** Calls `listener` with each round whose board another server said moved. */
  onBoardMoved(listener: (roundId: string) => void): void;
}

/** Board moves are sent to the other servers at most this often, one message for every round. */
export const BOARD_MOVES_MS = 100;
/** The server-to-server event carrying the round ids whose board moved. */
const BOARD_MOVES_EVENT = 'tune-arena:boards-moved';
const boardMovesSchema = z.array(z.string().min(1).max(64)).max(10_000);

/** Room names, shared by the socket handlers and the broadcaster. */
export const rooms = {
  tournament: (tournamentId: string) => `t:${tournamentId}`,
  host: (tournamentId: string) => `h:${tournamentId}`,
  /** Host and spectator sockets (not players'): they list the class as it arrives. */
  watchers: (tournamentId: string) => `w:${tournamentId}`,
  player: (playerId: string) => `p:${playerId}`,
};

/**
 * A broadcaster over socket.io rooms. `clustered`: other servers share the rooms (the Redis
 * adapter), and board moves are told to them.
 * @example const b = createSocketBroadcaster(io, { clustered: true }); b.toTournament(t.id, 'round:update', round);
 */
export function createSocketBroadcaster(io: Server, opts: { clustered?: boolean } = {}): Broadcaster {
  // socket.io encodes a room broadcast once and writes the same frame to every socket in it.
  const typed = io as unknown as Server<Record<string, never>, ServerEvents>;
  const emit = <E extends ServerEvent>(room: string, event: E, payload: ServerPayload<E>): void => {
    (typed.to(room).emit as (e: E, p: ServerPayload<E>) => boolean)(event, payload);
  };
  const moved = new Set<string>();
  let flush: NodeJS.Timeout | null = null;
  const sendMoves = (): void => {
    flush = null;
    const ids = [...moved];
    moved.clear();
    try {
      io.serverSideEmit(BOARD_MOVES_EVENT, ids);
    } catch {
      // Closing: the other servers rebuild their boards on their own within seconds.
    }
  };
  return {
    toTournament: (id, event, payload) => emit(rooms.tournament(id), event, payload),
    toLocalPlayer: <E extends ServerEvent>(id: string, event: E, payload: ServerPayload<E>) => {
      const room = rooms.player(id);
      // Most players of a big class are on another server: skip them before any encoding.
      if (!io.sockets.adapter.rooms.get(room)?.size) return;
      (typed.local.to(room).emit as (e: E, p: ServerPayload<E>) => boolean)(event, payload);
    },
    boardMoved: (roundId) => {
      if (!opts.clustered) return;
      moved.add(roundId);
      flush ??= setTimeout(sendMoves, BOARD_MOVES_MS).unref();
    },
    onBoardMoved: (listener) => {
      if (!opts.clustered) return;
      io.on(BOARD_MOVES_EVENT, (ids: unknown) => {
        const parsed = boardMovesSchema.safeParse(ids);
        if (parsed.success) for (const id of parsed.data) listener(id);
      });
    },
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
    toLocalPlayer: (id, event, payload) => events.push({ to: rooms.player(id), event, payload }),
    boardMoved: () => undefined,
    onBoardMoved: () => undefined,
  };
}
