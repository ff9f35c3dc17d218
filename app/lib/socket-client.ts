/**
 * The browser's one socket.io connection to the arena (same origin, protocol version in the
 * handshake) and a typed request helper that always resolves to an ack, never throws.
 */
import { io, type Socket } from 'socket.io-client';
import { PROTOCOL_VERSION, type AckData, type ErrorCode, type ClientEvents, type ClientPayload, type ServerEvent, type ServerEvents, type ServerPayload } from '../../game/protocol';

/** Error codes the UI can show: the server's, plus the two the client raises itself. */
export type UiErrorCode = ErrorCode | 'NETWORK' | 'PROTOCOL_MISMATCH';
export interface UiError {
  code: UiErrorCode;
  message: string;
}
export type UiResult<T> = ({ ok: true } & T) | { ok: false; error: UiError };

export type ArenaSocket = Socket<ServerEvents, ClientEvents>;

let socket: ArenaSocket | null = null;

/**
 * Returns the shared socket, connecting on first use (side effect: opens a connection).
 * @example getSocket().on('round:update', onRound)
 */
export function getSocket(): ArenaSocket {
  if (!socket) {
    const s: ArenaSocket = io({ auth: { protocol: PROTOCOL_VERSION }, transports: ['websocket', 'polling'] });
    socket = s;
    // The browser knows at once when the network drops; socket.io would only notice at its next
    // missed heartbeat (tens of seconds). Drop and redial with the network so the player sees it.
    window.addEventListener('offline', () => s.disconnect());
    window.addEventListener('online', () => {
      if (!s.connected) s.connect();
    });
  }
  return socket;
}

const ACK_TIMEOUT_MS = 20_000;

/**
 * Emits a client event and waits for its ack. Timeouts and transport failures resolve to a
 * `NETWORK` error so callers handle one shape.
 * @example const r = await request('spectate', { code }); if (r.ok) setBoard(r.leaderboard);
 */
export async function request<E extends keyof AckData>(event: E, payload: ClientPayload<E>): Promise<UiResult<AckData[E]>> {
  // socket.io's typed emit cannot resolve a generic event name; ClientEvents fixes the payload above.
  const s = getSocket() as unknown as Socket;
  try {
    const ack: unknown = await s.timeout(ACK_TIMEOUT_MS).emitWithAck(event, payload);
    if (ack && typeof ack === 'object' && 'ok' in ack) return ack as UiResult<AckData[E]>;
    return { ok: false, error: { code: 'INTERNAL', message: 'Malformed answer from the server.' } };
  } catch (e) {
    return { ok: false, error: { code: 'NETWORK', message: e instanceof Error ? e.message : String(e) } };
  }
}

/**
 * Subscribes to a server broadcast (typed by game/protocol.ts's `ServerEvents`) and returns the
 * unsubscribe function (for effects).
 * @example useEffect(() => listen('leaderboard:update', setBoard), []);
 */
export function listen<E extends ServerEvent>(event: E, handler: (payload: ServerPayload<E>) => void): () => void {
  // socket.io's typed `on` cannot resolve a generic event name; the map above fixes the payload.
  const s = getSocket() as unknown as Socket<Record<E, (payload: ServerPayload<E>) => void>>;
  const h = (p: ServerPayload<E>): void => handler(p);
  s.on(event as never, h as never);
  return () => {
    s.off(event as never, h as never);
  };
}
