/**
 * The socket.io face of the game service. Every client→server event is parsed with its zod schema
 * (BAD_REQUEST), handed to the service, and answered with exactly one ack, whatever happens
 * (INTERNAL for an unexpected error). `training:progress` has no ack: bad reports are dropped.
 */
import type { Server, Socket } from 'socket.io';
import { C2S, PROTOCOL_VERSION, describeZodError, fail, messageSchemas, ok } from '../game/protocol';
import type { ClientEvent, Message } from '../game/protocol';
import type { Clock } from './clock';
import { ApiError, isApiError } from './errors';
import { createMemoryClientLimiter, type ClientLimiter } from './client-limits';
import { createRateLimiter } from './rate-limit';
import { rooms } from './broadcaster';
import { MAX_ARRAY_LENGTH, hasOversizedArray } from './wire-parser';
import { createPresence } from './presence';
import type { GameService } from './tournament-service';

export interface SocketOptions {
  clock: Clock;
  /** Joins allowed per connection per minute (PROTOCOL.md leaves the number to the server). */
  joinsPerMinute?: number;
  log?: (line: string) => void;
  /** Limits per client address (`socket.data.address`); default: in-process, `DEFAULT_CLIENT_LIMITS`. */
  limiter?: ClientLimiter;
  /** `training:progress` messages one socket may send per second before it is disconnected. */
  progressPerSocketPerSecond?: number;
  /** Other servers share the rooms (the Redis adapter): presence asks them too (server/presence.ts). */
  clustered?: boolean;
}

/** What a socket remembers about itself: its address (connection guard) and the player it joined as. */
interface SocketData {
  address?: string;
  player?: { id: string; token: string };
}

type AckEvent = Exclude<ClientEvent, 'training:progress'>;

/**
 * Installs the protocol-version check and every event handler on `io`.
 * @example registerSocketHandlers(io, service, { clock: systemClock });
 */
export function registerSocketHandlers(io: Server, service: GameService, opts: SocketOptions): void {
  const log = opts.log ?? (() => undefined);
  const joins = createRateLimiter({ limit: opts.joinsPerMinute ?? 10, windowMs: 60_000, clock: opts.clock });
  const limiter = opts.limiter ?? createMemoryClientLimiter(opts.clock);
  // A browser reports at most 4/s; twice that from one socket is a flood, not a slow network.
  const progressFlood = createRateLimiter({ limit: opts.progressPerSocketPerSecond ?? 8, windowMs: 1000, clock: opts.clock });
  const slowDown = (what: string) => new ApiError('RATE_LIMITED', `Too many ${what} from your address; wait a minute and try again.`);
  const presence = createPresence(io, { clustered: opts.clustered });
  /** The client addresses of a player's open sockets (a blocked kick keeps them out). */
  const addressesOf = async (playerId: string): Promise<string[]> =>
    (await io.in(rooms.player(playerId)).fetchSockets()).flatMap((s) => {
      const a = (s.data as SocketData).address ?? s.handshake.address;
      return typeof a === 'string' && a.length > 0 ? [a] : [];
    });

  io.use((socket, next) => {
    const auth: unknown = socket.handshake.auth;
    const version = typeof auth === 'object' && auth !== null && 'protocol' in auth ? auth.protocol : undefined;
    if (version !== PROTOCOL_VERSION) next(new Error('PROTOCOL_MISMATCH'));
    else next();
  });

  io.on('connection', (socket: Socket) => {
    const data = socket.data as SocketData;
    const address = data.address ?? socket.handshake.address;
    const on = <E extends AckEvent>(event: E, handler: (msg: Message<E>) => Promise<object>): void => {
      socket.on(event as string, async (...args: unknown[]) => {
        const last = args[args.length - 1];
        const ack = typeof last === 'function' ? (last as (answer: unknown) => void) : null;
        let answer: unknown;
        try {
          const payload = args.length > (ack ? 1 : 0) ? args[0] : undefined;
          const parsed = hasOversizedArray(payload) ? null : messageSchemas[event].safeParse(payload);
          answer = !parsed
            ? fail('BAD_REQUEST', `No array in a message may hold more than ${MAX_ARRAY_LENGTH} elements.`)
            : parsed.success
            ? ok(await guarded(event, parsed.data, () => handler(parsed.data as Message<E>)))
            : fail('BAD_REQUEST', describeZodError(parsed.error));
        } catch (e) {
          if (isApiError(e)) {
            answer = fail(e.code, e.message);
            // Guessing codes: every NOT_FOUND counts against the address.
            if (e.code === 'NOT_FOUND') await limiter.consume('notFound', address);
          }
          else {
            log(`${event} failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
            answer = fail('INTERNAL', 'The server could not handle this request; please try again.');
          }
        }
        if (ack) ack(answer);
      });
    };
    /** The per-address limits, checked after the schema and before any hashing or look-up. */
    const guarded = async <T>(event: AckEvent, msg: object, run: () => Promise<T>): Promise<T> => {
      if ('code' in msg && (await limiter.exhausted('notFound', address))) throw slowDown('unknown codes');
      if (event === C2S.tournamentCreate && !(await limiter.consume('create', address))) throw slowDown('new tournaments');
      if (event === C2S.playerJoin && !(await limiter.consume('join', address))) throw slowDown('joins');
      return run();
    };
    const joinRoom = (tournamentId: string): void => {
      void socket.join(rooms.tournament(tournamentId));
    };
    const watch = (tournamentId: string): void => {
      void socket.join(rooms.watchers(tournamentId));
    };

    on(C2S.tournamentCreate, async (msg) => {
      const { tournamentId, ...data } = await service.createTournament(msg);
      joinRoom(tournamentId);
      watch(tournamentId);
      void socket.join(rooms.host(tournamentId));
      return data;
    });
    on(C2S.hostResume, async (msg) => {
      const { tournamentId, ...data } = await service.hostResume(msg);
      joinRoom(tournamentId);
      watch(tournamentId);
      void socket.join(rooms.host(tournamentId));
      return { ...data, online: await presence.online(tournamentId) };
    });
    on(C2S.roundCreate, (msg) => service.createRound(msg));
    on(C2S.roundStart, (msg) => service.startRound(msg));
    on(C2S.roundClose, (msg) => service.closeRound(msg));
    on(C2S.playerKick, async (msg) => {
      await service.kickPlayer(msg, addressesOf);
      return {};
    });
    on(C2S.tournamentLock, (msg) => service.lockTournament(msg));
    on(C2S.playerJoin, async (msg) => {
      const { tournamentId, ...answer } = await service.joinPlayer(msg, () => joins.take(socket.id), address);
      joinRoom(tournamentId);
      void socket.join(rooms.player(answer.player.id));
      data.player = { id: answer.player.id, token: answer.playerToken };
      presence.joined(socket, { tournamentId, playerId: answer.player.id });
      // Now in the player's room: their own entry follows (a resume on another server included).
      if (answer.round) service.playerSocketJoined(answer.player.id, answer.round.id);
      return answer;
    });
    on(C2S.submissionCreate, (msg) => service.submit(msg));
    on(C2S.spectate, async (msg) => {
      const { tournamentId, ...data } = await service.spectate(msg);
      joinRoom(tournamentId);
      watch(tournamentId);
      return data;
    });

    socket.on(C2S.trainingProgress, (payload: unknown) => {
      if (!progressFlood.take(socket.id)) {
        socket.disconnect(true);
        return;
      }
      if (hasOversizedArray(payload)) return;
      const parsed = messageSchemas[C2S.trainingProgress].safeParse(payload);
      if (!parsed.success) return;
      // A socket that joined reports for that player only: another token is dropped unhashed.
      const bound = data.player;
      if (bound && parsed.data.playerToken !== bound.token) return;
      void limiter
        .consume('progress', address)
        .then((allowed) => (allowed ? service.progress(parsed.data, bound?.id) : undefined))
        .catch((e: unknown) => log(`training:progress failed: ${String(e)}`));
    });

    socket.on('disconnect', () => {
      joins.forget(socket.id);
      progressFlood.forget(socket.id);
      presence.left(socket);
    });
  });
}
