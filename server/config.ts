/**
 * Process configuration from the environment, validated once at start-up (a typo in PORT should
 * stop the server with a clear message, not bind a random port).
 */
import { z } from 'zod';

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).optional(),
  DATABASE_URL: z.string().min(1).optional(),
  VERIFY_POOL_SIZE: z.coerce.number().int().min(1).max(64).optional(),
  /** `redis://…`: socket.io Redis Streams adapter and BullMQ verification (README "Several machines"). */
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'must start with redis:// or rediss://').optional(),
  /** Local verification threads; 0 (only with REDIS_URL) = none, leave it to `npm run worker`. */
  VERIFY_WORKERS: z.coerce.number().int().min(0).max(64).optional(),
  /** How long a round's lease holds without renewal, ms (several servers on PostgreSQL). */
  LEASE_TTL_MS: z.coerce.number().int().min(500).max(600_000).optional(),
  /** Header the one trusted reverse proxy sets with the client address, e.g. `x-forwarded-for`. */
  TRUSTED_PROXY_HEADER: z.string().regex(/^[A-Za-z0-9-]+$/).optional(),
  MAX_PLAYERS_PER_TOURNAMENT: z.coerce.number().int().min(1).max(100_000).optional(),
  MAX_CONNECTIONS_PER_ADDRESS: z.coerce.number().int().min(1).max(100_000).optional(),
  /** Joins and new connections per client address per minute (a class behind one NAT shares them). */
  JOINS_PER_ADDRESS_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).optional(),
  CONNECTS_PER_ADDRESS_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).optional(),
  /** `1`: serve only socket.io and /api (tests, headless servers). */
  TUNE_ARENA_NO_NEXT: z.enum(['0', '1']).optional(),
  /** `1`: Next in dev mode (npm run dev). */
  TUNE_ARENA_DEV: z.enum(['0', '1']).optional(),
});

export interface ServerConfig {
  port: number;
  host?: string;
  databaseUrl?: string;
  poolSize?: number;
  redisUrl?: string;
  verifyWorkers?: number;
  leaseTtlMs?: number;
  next: boolean;
  dev: boolean;
  trustedProxyHeader?: string;
  maxPlayersPerTournament?: number;
  maxConnectionsPerAddress?: number;
  joinsPerAddressPerMinute?: number;
  connectsPerAddressPerMinute?: number;
}

/**
 * @example readConfig(process.env) // { port: 3000, next: true, dev: false, ... }
 */
export function readConfig(env: Record<string, string | undefined>): ServerConfig {
  // `VAR= npm start` means "unset" in shell habits, not an invalid value.
  const set = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(set);
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid environment (${detail}).`);
  }
  const e = parsed.data;
  if (e.VERIFY_WORKERS === 0 && e.REDIS_URL === undefined) {
    throw new Error('Invalid environment (VERIFY_WORKERS: 0 needs REDIS_URL, or nothing would verify submissions).');
  }
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    poolSize: e.VERIFY_WORKERS ?? e.VERIFY_POOL_SIZE,
    redisUrl: e.REDIS_URL,
    verifyWorkers: e.VERIFY_WORKERS,
    leaseTtlMs: e.LEASE_TTL_MS,
    next: e.TUNE_ARENA_NO_NEXT !== '1',
    dev: e.TUNE_ARENA_DEV === '1',
    trustedProxyHeader: e.TRUSTED_PROXY_HEADER?.toLowerCase(),
    maxPlayersPerTournament: e.MAX_PLAYERS_PER_TOURNAMENT,
    maxConnectionsPerAddress: e.MAX_CONNECTIONS_PER_ADDRESS,
    joinsPerAddressPerMinute: e.JOINS_PER_ADDRESS_PER_MINUTE,
    connectsPerAddressPerMinute: e.CONNECTS_PER_ADDRESS_PER_MINUTE,
  };
}

/**
 * The per-address limits the environment overrides (`JOINS_PER_ADDRESS_PER_MINUTE`,
 * `CONNECTS_PER_ADDRESS_PER_MINUTE`); the rest keep `DEFAULT_CLIENT_LIMITS`.
 * @example clientLimitsOf(readConfig({ JOINS_PER_ADDRESS_PER_MINUTE: '3000' })) // { join: { limit: 3000, windowMs: 60000 } }
 */
export function clientLimitsOf(config: ServerConfig): Partial<Record<'join' | 'connect', { limit: number; windowMs: number }>> {
  const out: Partial<Record<'join' | 'connect', { limit: number; windowMs: number }>> = {};
  if (config.joinsPerAddressPerMinute !== undefined) out.join = { limit: config.joinsPerAddressPerMinute, windowMs: 60_000 };
  if (config.connectsPerAddressPerMinute !== undefined) out.connect = { limit: config.connectsPerAddressPerMinute, windowMs: 60_000 };
  return out;
}
