/**
 * Limits per client address (issue 8, findings 3, 4, 9, 10, 11): connections, joins, NOT_FOUND
 * answers, `tournament:create` and progress reports, each counted per address in a sliding
 * window and checked before any hashing or database look-up. Connections are free to open, so a
 * limit per connection alone was no limit.
 *
 * The counters sit behind `ClientLimiter`, an async interface, so a shared store (Redis, with
 * rate-limiter-flexible) can replace the in-process one when several processes serve one game.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { Clock } from './clock';
import { createRateLimiter, type RateLimiter } from './rate-limit';

/** What is counted per address. */
export type LimitBucket = 'connect' | 'join' | 'notFound' | 'create' | 'progress';

export interface BucketLimit {
  /** Events allowed per window. */
  limit: number;
  windowMs: number;
}

/**
 * Defaults sized for a classroom behind one NAT address (60 pupils joining at once, each
 * reporting progress 4 times a second), far below what the attacks sent: 402 NOT_FOUND/s, 4,000
 * progress reports/s, 20,000 tournaments in 94 s.
 */
export const DEFAULT_CLIENT_LIMITS: Record<LimitBucket, BucketLimit> = {
  connect: { limit: 300, windowMs: 60_000 },
  join: { limit: 200, windowMs: 60_000 },
  notFound: { limit: 30, windowMs: 60_000 },
  create: { limit: 20, windowMs: 60_000 },
  progress: { limit: 400, windowMs: 1_000 },
};

/** Open connections allowed per address at once (default). */
export const DEFAULT_MAX_CONNECTIONS_PER_ADDRESS = 400;

/**
 * Counters per (bucket, address). Both methods may be answered by a remote store.
 * @example if (!(await limiter.consume('create', address))) return fail('RATE_LIMITED', '…');
 */
export interface ClientLimiter {
  /** Records one event of `bucket` for `key`; false when it is over the limit (the event must be refused). */
  consume(bucket: LimitBucket, key: string): Promise<boolean>;
  /** Whether `key` has used up `bucket` already, without recording anything (NOT_FOUND is counted only when answered). */
  exhausted(bucket: LimitBucket, key: string): Promise<boolean>;
}

/**
 * The in-process limiter: one sliding-window counter per bucket (server/rate-limit.ts).
 * @example const limiter = createMemoryClientLimiter(systemClock, { create: { limit: 2, windowMs: 60_000 } });
 */
export function createMemoryClientLimiter(clock: Clock, overrides: Partial<Record<LimitBucket, BucketLimit>> = {}): ClientLimiter {
  const limits = { ...DEFAULT_CLIENT_LIMITS, ...overrides };
  const counters = Object.fromEntries(
    (Object.keys(limits) as LimitBucket[]).map((b) => [b, createRateLimiter({ ...limits[b], clock })]),
  ) as Record<LimitBucket, RateLimiter>;
  return {
    consume: async (bucket, key) => counters[bucket].take(key),
    exhausted: async (bucket, key) => counters[bucket].count(key) >= limits[bucket].limit,
  };
}

/**
 * The client's address: the TCP peer, or, behind a reverse proxy, the last entry of the header
 * that proxy sets (`trustedHeader`, e.g. `x-forwarded-for`). Only the last entry is the proxy's
 * own; earlier ones are whatever the client wrote. Never trust the header without a proxy: any
 * client could then pick a fresh address per request.
 * @example clientAddress({ 'x-forwarded-for': 'evil, 203.0.113.7' }, '10.0.0.2', 'x-forwarded-for') // '203.0.113.7'
 */
export function clientAddress(headers: IncomingHttpHeaders, remoteAddress: string | undefined, trustedHeader?: string): string {
  if (trustedHeader) {
    const raw = headers[trustedHeader.toLowerCase()];
    const value = Array.isArray(raw) ? raw[raw.length - 1] : raw;
    const last = value
      ?.split(',')
      .map((s) => s.trim())
      .filter((s) => s.length > 0)
      .pop();
    if (last) return last;
  }
  return remoteAddress ?? 'unknown';
}

/**
 * Open connections per address, counted locally (a connection lives in one process).
 * @example if (!gate.open(address)) refuse(); socket.on('close', () => gate.close(address));
 */
export function createConnectionGate(maxPerAddress: number): { open(key: string): boolean; close(key: string): void; count(key: string): number } {
  const open = new Map<string, number>();
  return {
    open(key) {
      const n = open.get(key) ?? 0;
      if (n >= maxPerAddress) return false;
      open.set(key, n + 1);
      return true;
    },
    close(key) {
      const n = (open.get(key) ?? 1) - 1;
      if (n <= 0) open.delete(key);
      else open.set(key, n);
    },
    count: (key) => open.get(key) ?? 0,
  };
}
