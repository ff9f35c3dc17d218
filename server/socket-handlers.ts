/**
 * The socket.io face of the game service. Every client→server event is parsed with its zod schema
 * (BAD_REQUEST), handed to the service, and answered with exactly one ack, whatever happens
 * (INTERNAL for an unexpected error). `training:progress` has no ack: bad reports are dropped.
 */
import type { Server, Socket } from 'socket.io';
import { C2S, PROTOCOL_VERSION, describeZodError, fail, messageSchemas, ok } from '../game/protocol';
import type { ClientEvent, Message } from '../game/protocol';
import type { Clock } from './clock';
import { isApiError } from './errors';
import { createRateLimiter } from './rate-limit';
import { rooms } from './broadcaster';
import { createPresence } from './presence';
import type { GameService } from './tournament-service';

export interface SocketOptions {
  clock: Clock;
  /** Joins allowed per connection per minute (PROTOCOL.md leaves the number to the server). */
  joinsPerMinute?: number;
  log?: (line: string) => void;
}

type AckEvent = Exclude<ClientEvent, 'training:progress'>;

/**
 * Installs the protocol-version check and every event handler on `io`.
 * @example registerSocketHandlers(io, service, { clock: systemClock });
 */
export function registerSocketHandlers(io: Server, service: GameService, opts: SocketOptions): void {
  const log = opts.log ?? (() => undefined);
  const joins = createRateLimiter({ limit: opts.joinsPerMinute ?? 10, windowMs: 60_000, clock: opts.clock });
  const presence = createPresence(io);

  io.use((socket, next) => {
    const auth: unknown = socket.handshake.auth;
    const version = typeof auth === 'object' && auth !== null && 'protocol' in auth ? auth.protocol : undefined;
    if (version !== PROTOCOL_VERSION) next(new Error('PROTOCOL_MISMATCH'));
    else next();
  });

  io.on('connection', (socket: Socket) => {
    const on = <E extends AckEvent>(event: E, handler: (msg: Message<E>) => Promise<object>): void => {
      socket.on(event as string, async (...args: unknown[]) => {
        const last = args[args.length - 1];
        const ack = typeof last === 'function' ? (last as (answer: unknown) => void) : null;
        let answer: unknown;
        try {
          const parsed = messageSchemas[event].safeParse(args.length > (ack ? 1 : 0) ? args[0] : undefined);
          answer = parsed.success
            ? ok(await handler(parsed.data as Message<E>))
            : fail('BAD_REQUEST', describeZodError(parsed.error));
        } catch (e) {
          if (isApiError(e)) answer = fail(e.code, e.message);
          else {
            log(`${event} failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
            answer = fail('INTERNAL', 'The server could not handle this request; please try again.');
          }
        }
        if (ack) ack(answer);
      });
    };
    const joinRoom = (tournamentId: string): void => {
      void socket.join(rooms.tournament(tournamentId));
    };

    on(C2S.tournamentCreate, async (msg) => {
      const { tournamentId, ...data } = await service.createTournament(msg);
      joinRoom(tournamentId);
      void socket.join(rooms.host(tournamentId));
      return data;
    });
    on(C2S.hostResume, async (msg) => {
      const { tournamentId, ...data } = await service.hostResume(msg);
      joinRoom(tournamentId);
      void socket.join(rooms.host(tournamentId));
      return { ...data, online: presence.online(tournamentId) };
    });
    on(C2S.roundCreate, (msg) => service.createRound(msg));
    on(C2S.roundStart, (msg) => service.startRound(msg));
    on(C2S.roundClose, (msg) => service.closeRound(msg));
    on(C2S.playerKick, async (msg) => {
      await service.kickPlayer(msg);
      return {};
    });
    on(C2S.playerJoin, async (msg) => {
      const { tournamentId, ...data } = await service.joinPlayer(msg, () => joins.take(socket.id));
      joinRoom(tournamentId);
      void socket.join(rooms.player(data.player.id));
      presence.joined(socket, { tournamentId, playerId: data.player.id });
      return data;
    });
    on(C2S.submissionCreate, (msg) => service.submit(msg));
    on(C2S.spectate, async (msg) => {
      const { tournamentId, ...data } = await service.spectate(msg);
      joinRoom(tournamentId);
      return data;
    });

    socket.on(C2S.trainingProgress, (payload: unknown) => {
      const parsed = messageSchemas[C2S.trainingProgress].safeParse(payload);
      if (!parsed.success) return;
      service.progress(parsed.data).catch((e: unknown) => log(`training:progress failed: ${String(e)}`));
    });

    socket.on('disconnect', () => {
      joins.forget(socket.id);
      presence.left(socket);
    });
  });
}
