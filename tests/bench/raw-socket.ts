/**
 * A socket.io client by hand, for the load generator: the WebSocket handshake over node's http
 * upgrade, WebSocket framing, engine.io v4 packets (open, ping/pong, message) and socket.io v5
 * packets (connect, event, binary event, ack). It decodes only what the benchmark measures: acks
 * of its own calls, pings, and, when asked, the first bytes of one event (a spectator reads
 * `total` off the front of `leaderboard:update`). Every other frame is counted and skipped without
 * being copied or parsed, so one process can play 2,000 players without measuring itself.
 */
import http from 'node:http';
import type { Socket as NetSocket } from 'node:net';
import { randomBytes } from 'node:crypto';

/** Frames bigger than this are not kept whole: only their first `PREFIX` bytes are looked at. */
const SMALL = 2048;
const PREFIX = 160;

export interface RawStats {
  frames: number;
  bytes: number;
}

export type Answer = { ok: true; [k: string]: unknown } | { ok: false; error: { code: string; message: string } };

function frame(opcode: number, payload: Buffer): Buffer {
  const n = payload.length;
  const ext = n < 126 ? 0 : n < 65536 ? 2 : 8;
  const head = Buffer.alloc(2 + ext + 4);
  head[0] = 0x80 | opcode;
  // Clients must mask; a zero key leaves the payload as is (and costs nothing to apply).
  if (ext === 0) head[1] = 0x80 | n;
  else if (ext === 2) {
    head[1] = 0x80 | 126;
    head.writeUInt16BE(n, 2);
  } else {
    head[1] = 0x80 | 127;
    head.writeBigUInt64BE(BigInt(n), 2);
  }
  return Buffer.concat([head, payload]);
}

/**
 * One connection. `watch` names the event whose frames' first bytes `onWatched` receives.
 * @example const s = await RawSocket.open(url); const ack = await s.call('player:join', { code, nickname });
 */
export class RawSocket {
  readonly stats: RawStats = { frames: 0, bytes: 0 };
  onWatched: ((prefix: string, at: number) => void) | null = null;
  private readonly acks = new Map<number, (a: Answer) => void>();
  private nextId = 1;
  private state: 'head' | 'body' | 'skip' = 'head';
  private head = Buffer.alloc(14);
  private headLen = 0;
  private body: Buffer = Buffer.alloc(0);
  private bodyLen = 0;
  private length = 0;
  private opcode = 0;
  private left = 0;
  private watchTag: string | null = null;
  private connected: (() => void) | null = null;

  private constructor(private readonly socket: NetSocket) {}

  /** Opens a WebSocket to engine.io and connects to the `/` namespace with `auth`. */
  static open(url: string, auth: object = { protocol: 1 }, watch?: string): Promise<RawSocket> {
    const u = new URL(url);
    return new Promise((resolve, reject) => {
      const req = http.request({
        host: u.hostname,
        port: u.port,
        path: '/socket.io/?EIO=4&transport=websocket',
        headers: {
          Connection: 'Upgrade',
          Upgrade: 'websocket',
          'Sec-WebSocket-Key': randomBytes(16).toString('base64'),
          'Sec-WebSocket-Version': '13',
        },
      });
      req.once('error', reject);
      req.once('response', (res) => reject(new Error(`no upgrade: HTTP ${res.statusCode}`)));
      req.once('upgrade', (_res, socket, head) => {
        socket.setNoDelay(true);
        const s = new RawSocket(socket);
        if (watch) s.watchTag = `42["${watch}",`;
        s.connected = () => resolve(s);
        socket.on('data', (chunk: Buffer) => s.feed(chunk));
        socket.once('error', reject);
        if (head.length > 0) s.feed(head);
        s.sendText(`40${JSON.stringify(auth)}`);
      });
      req.end();
    });
  }

  /** Emits an event with an ack; `binary` is sent as the one attachment replacing `{ _placeholder }`. */
  call(event: string, payload: object, binary?: Uint8Array): Promise<Answer> {
    const id = this.nextId++;
    const p = new Promise<Answer>((resolve) => this.acks.set(id, resolve));
    if (binary) {
      this.sendText(`451-${id}${JSON.stringify([event, payload])}`);
      this.socket.write(frame(2, Buffer.from(binary.buffer, binary.byteOffset, binary.byteLength)));
    } else {
      this.sendText(`42${id}${JSON.stringify([event, payload])}`);
    }
    return p;
  }

  close(): void {
    this.socket.destroy();
  }

  private sendText(s: string): void {
    this.socket.write(frame(1, Buffer.from(s)));
  }

  private feed(chunk: Buffer): void {
    this.stats.bytes += chunk.length;
    let i = 0;
    while (i < chunk.length) {
      if (this.state === 'head') {
        this.head[this.headLen++] = chunk[i++];
        if (this.headLen < 2) continue;
        const len7 = this.head[1] & 0x7f;
        const need = 2 + (len7 === 126 ? 2 : len7 === 127 ? 8 : 0);
        if (this.headLen < need) continue;
        this.opcode = this.head[0] & 0x0f;
        this.length = len7 === 126 ? this.head.readUInt16BE(2) : len7 === 127 ? Number(this.head.readBigUInt64BE(2)) : len7;
        this.headLen = 0;
        this.stats.frames++;
        const keep = this.length <= SMALL ? this.length : PREFIX;
        this.body = Buffer.allocUnsafe(keep);
        this.bodyLen = 0;
        this.left = this.length - keep;
        this.state = keep > 0 ? 'body' : 'skip';
        if (keep === 0) this.deliver();
      } else if (this.state === 'body') {
        const n = Math.min(this.body.length - this.bodyLen, chunk.length - i);
        chunk.copy(this.body, this.bodyLen, i, i + n);
        this.bodyLen += n;
        i += n;
        if (this.bodyLen === this.body.length) {
          this.state = 'skip';
          this.deliver();
        }
      } else {
        const n = Math.min(this.left, chunk.length - i);
        this.left -= n;
        i += n;
      }
      if (this.state === 'skip' && this.left === 0) this.state = 'head';
    }
  }

  private deliver(): void {
    if (this.opcode === 9) {
      this.socket.write(frame(10, this.body));
      return;
    }
    if (this.opcode !== 1) return;
    const first = this.body[0];
    // engine.io: '2' ping → '3' pong; '4' message carries a socket.io packet.
    if (first === 0x32 && this.body.length === 1) {
      this.sendText('3');
      return;
    }
    if (first !== 0x34) return;
    const type = this.body[1];
    if (type === 0x30) {
      // '40{sid}': the namespace is connected.
      this.connected?.();
      this.connected = null;
    } else if (type === 0x33 && this.left === 0) {
      // '43<id>[answer]'
      const text = this.body.toString('utf8');
      const bracket = text.indexOf('[');
      const id = Number(text.slice(2, bracket));
      const resolve = this.acks.get(id);
      if (resolve) {
        this.acks.delete(id);
        resolve((JSON.parse(text.slice(bracket)) as Answer[])[0]);
      }
    } else if (type === 0x32 && this.watchTag && this.onWatched) {
      const text = this.body.toString('utf8', 0, Math.min(this.body.length, PREFIX));
      if (text.startsWith(this.watchTag)) this.onWatched(text, performance.now());
    }
  }
}
