/**
 * Refuses an oversized text message at its WebSocket frame header (issue 8, finding 2). engine.io
 * gives `ws` one payload cap for every message, 5 MB for the binary weights, so a 4.8 MB text
 * frame used to be read, unmasked and decoded to a string before socket.io's parser
 * (wire-parser.ts) refused it: health answers slowed while such frames arrived. This WebSocket
 * engine holds text messages (and the continuation frames of one) to `maxTextBytes` as soon as
 * the length is known, before a byte of the payload is buffered, and closes with 1009; binary
 * messages keep engine.io's cap. It relies on `ws`'s receiver internals (pinned `ws` 8): where they
 * are missing, the parser's check still refuses the packet, only later.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type ServerOptions, type WebSocket } from 'ws';

const TEXT = 0x1;
const CONTINUATION = 0x0;

/** The fields of ws's Receiver this reads (lib/receiver.js). */
interface ReceiverInternals {
  _opcode: number;
  _fragmented: number;
  _payloadLength: number;
  _totalPayloadLength: number;
  haveLength(cb: (error?: Error) => void): void;
  createError(kind: typeof RangeError, message: string, prefix: boolean, status: number, code: string): Error;
}

function capTextMessages(ws: WebSocket, maxTextBytes: number): void {
  const receiver = (ws as unknown as { _receiver?: Partial<ReceiverInternals> })._receiver;
  if (!receiver || typeof receiver.haveLength !== 'function' || typeof receiver.createError !== 'function') return;
  const haveLength = receiver.haveLength;
  receiver.haveLength = function (this: ReceiverInternals, cb: (error?: Error) => void): void {
    const text = this._opcode === TEXT || (this._opcode === CONTINUATION && this._fragmented === TEXT);
    if (text && this._totalPayloadLength + this._payloadLength > maxTextBytes) {
      cb(this.createError(RangeError, `Text message over ${maxTextBytes} bytes`, false, 1009, 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH'));
      return;
    }
    haveLength.call(this, cb);
  };
}

/**
 * engine.io's `wsEngine`: ws's server with text messages capped at `maxTextBytes`.
 * @example new Server(http, { wsEngine: textCappedWsEngine(64 * 1024 + 64), maxHttpBufferSize: 5e6 })
 */
export function textCappedWsEngine(maxTextBytes: number): new (options?: ServerOptions) => WebSocketServer {
  return class TextCappedWebSocketServer extends WebSocketServer {
    override handleUpgrade(
      request: IncomingMessage,
      socket: Duplex,
      head: Buffer,
      callback: (client: WebSocket, request: IncomingMessage) => void,
    ): void {
      // ws calls back synchronously right after setSocket, before any frame is read.
      super.handleUpgrade(request, socket, head, (client, req) => {
        capTextMessages(client, maxTextBytes);
        callback(client, req);
      });
    }
  };
}
