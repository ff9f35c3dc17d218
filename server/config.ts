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
  /** Header the one trusted reverse proxy sets with the client address, e.g. `x-forwarded-for`. */
  TRUSTED_PROXY_HEADER: z.string().regex(/^[A-Za-z0-9-]+$/).optional(),
  MAX_PLAYERS_PER_TOURNAMENT: z.coerce.number().int().min(1).max(100_000).optional(),
  MAX_CONNECTIONS_PER_ADDRESS: z.coerce.number().int().min(1).max(100_000).optional(),
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
  next: boolean;
  dev: boolean;
  trustedProxyHeader?: string;
  maxPlayersPerTournament?: number;
  maxConnectionsPerAddress?: number;
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
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    poolSize: e.VERIFY_POOL_SIZE,
    next: e.TUNE_ARENA_NO_NEXT !== '1',
    dev: e.TUNE_ARENA_DEV === '1',
    trustedProxyHeader: e.TRUSTED_PROXY_HEADER?.toLowerCase(),
    maxPlayersPerTournament: e.MAX_PLAYERS_PER_TOURNAMENT,
    maxConnectionsPerAddress: e.MAX_CONNECTIONS_PER_ADDRESS,
  };
}
