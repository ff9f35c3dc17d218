/**
 * The socket.io packet decoder with the sizes bounded before anything is parsed (issue 8). The
 * stock decoder JSON.parses any text frame up to engine.io's 5 MB cap, accepts ten binary
 * attachments and keeps a half-received binary packet forever; one deeply nested 4 MB frame
 * froze the event loop for seconds. This one:
 * - refuses a text packet over `maxTextBytes` (default 64 KB) before reading it;
 * - refuses nesting deeper than `maxDepth` by one linear scan before `JSON.parse`;
 * - accepts at most one binary attachment (the weights), so 5 MB is the weights' cap alone;
 * - drops a binary packet whose attachment has not arrived within `binaryTimeoutMs`.
 * A refused frame closes the connection at once (socket.io closes a client whose decoder throws).
 */
import { Decoder as StockDecoder, Encoder, PacketType } from 'socket.io-parser';

export interface WireLimits {
  /** Largest text packet in UTF-16 code units (≈ bytes for the ASCII JSON clients send). */
  maxTextBytes: number;
  /** Deepest nesting of arrays and objects in a text packet. */
  maxDepth: number;
  /** Milliseconds a binary packet may wait for its attachment. */
  binaryTimeoutMs: number;
}

export const DEFAULT_WIRE_LIMITS: WireLimits = { maxTextBytes: 64 * 1024, maxDepth: 32, binaryTimeoutMs: 30_000 };

/** Thrown (and so the connection closed) for a frame outside the wire limits. */
export class WireLimitError extends Error {
  override name = 'WireLimitError';
}

/**
 * The deepest `[`/`{` nesting in a JSON text, skipping string contents; stops early past `limit`.
 * O(length), no allocation.
 * @example jsonDepth('[[{"a":"[["}]]', 32) // 3
 */
export function jsonDepth(text: string, limit: number): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 || c === 123) {
      depth++;
      if (depth > max) {
        max = depth;
        if (max > limit) return max;
      }
    } else if (c === 93 || c === 125) depth--;
  }
  return max;
}

/**
 * A `parser` for `new Server(http, { parser })` with the given limits.
 * @example new Server(httpServer, { parser: boundedParser({ ...DEFAULT_WIRE_LIMITS, maxTextBytes: 65_536 }) });
 */
export function boundedParser(limits: WireLimits = DEFAULT_WIRE_LIMITS): { Encoder: typeof Encoder; Decoder: typeof StockDecoder } {
  class BoundedDecoder extends StockDecoder {
    private pendingTimer: ReturnType<typeof setTimeout> | null = null;
    private expired = false;

    constructor() {
      super({ maxAttachments: 1 });
      this.on('decoded', () => this.clearPending());
    }

    override add(obj: unknown): void {
      if (this.expired) throw new WireLimitError('binary packet timed out');
      if (typeof obj === 'string') {
        if (obj.length > limits.maxTextBytes) throw new WireLimitError(`text packet over ${limits.maxTextBytes} bytes`);
        if (jsonDepth(obj, limits.maxDepth) > limits.maxDepth) throw new WireLimitError(`nesting deeper than ${limits.maxDepth}`);
        const type = Number(obj.charAt(0));
        super.add(obj);
        if (type === PacketType.BINARY_EVENT || type === PacketType.BINARY_ACK) this.armTimeout();
        return;
      }
      super.add(obj);
    }

    override destroy(): void {
      this.clearPending();
      super.destroy();
    }

    private armTimeout(): void {
      this.clearPending();
      this.pendingTimer = setTimeout(() => {
        this.pendingTimer = null;
        this.expired = true;
        super.destroy(); // frees the half-built packet
        // socket.io's Client closes the connection on a packet it cannot place (a CONNECT_ERROR
        // from the client side): the only way a decoder can ask for the connection to end.
        this.emitReserved('decoded', { type: PacketType.CONNECT_ERROR, nsp: '/' });
      }, limits.binaryTimeoutMs);
      this.pendingTimer.unref?.();
    }

    private clearPending(): void {
      if (this.pendingTimer) clearTimeout(this.pendingTimer);
      this.pendingTimer = null;
    }
  }
  return { Encoder, Decoder: BoundedDecoder };
}

/** Longest array any message may carry (the longest legal one, the allowed activations, has 10). */
export const MAX_ARRAY_LENGTH = 256;

/**
 * Whether `value` holds an array longer than `max` anywhere, checked before zod parses elements
 * one by one (zod checks `.max()` only after it has parsed every element). Binary values are
 * leaves. Depth is already bounded by the parser.
 * @example hasOversizedArray({ network: { layers: new Array(1e6).fill({}) } }, 256) // true
 */
export function hasOversizedArray(value: unknown, max: number = MAX_ARRAY_LENGTH): boolean {
  if (typeof value !== 'object' || value === null) return false;
  if (value instanceof ArrayBuffer || ArrayBuffer.isView(value)) return false;
  if (Array.isArray(value)) {
    if (value.length > max) return true;
    return value.some((v) => hasOversizedArray(v, max));
  }
  return Object.values(value).some((v) => hasOversizedArray(v, max));
}
