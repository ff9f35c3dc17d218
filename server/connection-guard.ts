/**
 * Connections per client address, refused at the engine.io handshake (before socket.io sets up
 * anything for them): at most `maxPerAddress` open at once, and new ones within the limiter's
 * `connect` bucket. The client address (with the trusted proxy header) is also stored on each
 * socket as `socket.data.address` for the per-address limits of the handlers.
 */
import type { IncomingMessage } from 'node:http';
import type { Server } from 'socket.io';
import { clientAddress, createConnectionGate, type ClientLimiter } from './client-limits';

export interface ConnectionGuardOptions {
  limiter: ClientLimiter;
  maxPerAddress: number;
  /** Header set by the one trusted reverse proxy (e.g. `x-forwarded-for`); none = the TCP peer. */
  trustedProxyHeader?: string;
}

export interface ConnectionGuard {
  /** engine.io's `allowRequest` option. */
  allowRequest(req: IncomingMessage, callback: (err: string | null | undefined, success: boolean) => void): void;
  /** Counts open connections per address; call once with the socket.io server. */
  install(io: Server): void;
  addressOf(req: IncomingMessage): string;
}

/**
 * @example const guard = createConnectionGuard({ limiter, maxPerAddress: 400 }); const io = new Server(http, { allowRequest: guard.allowRequest }); guard.install(io);
 */
export function createConnectionGuard(opts: ConnectionGuardOptions): ConnectionGuard {
  const gate = createConnectionGate(opts.maxPerAddress);
  const addressOf = (req: IncomingMessage): string => clientAddress(req.headers, req.socket.remoteAddress, opts.trustedProxyHeader);
  return {
    addressOf,
    allowRequest(req, callback) {
      const address = addressOf(req);
      if (gate.count(address) >= opts.maxPerAddress) {
        callback('Too many open connections from this address.', false);
        return;
      }
      opts.limiter.consume('connect', address).then(
        (allowed) => callback(allowed ? null : 'Too many new connections from this address; wait a minute.', allowed),
        () => callback('The server could not check this connection.', false),
      );
    },
    install(io) {
      io.engine.on('connection', (raw: { request: IncomingMessage; close(): void; once(e: 'close', f: () => void): void }) => {
        const address = addressOf(raw.request);
        // Handshakes checked concurrently can pass together; the count here is the exact one.
        if (!gate.open(address)) {
          raw.close();
          return;
        }
        raw.once('close', () => gate.close(address));
      });
      io.use((socket, next) => {
        socket.data.address = addressOf(socket.request);
        next();
      });
    },
  };
}
