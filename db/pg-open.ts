/**
 * Opens a PostgreSQL database through drizzle's node-postgres driver (`pg`) and applies the
 * committed migrations of `db/pg-migrations`. Several servers may start at once against one
 * database: the migration runs under a session advisory lock, so exactly one applies it and the
 * others find it applied. Node-only.
 */
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import * as schema from './pg-schema';

const MIGRATIONS_FOLDER = fileURLToPath(new URL('./pg-migrations', import.meta.url));

// Any fixed 64-bit number names the lock; this one spells "tune" in ASCII.
const MIGRATION_LOCK = 0x74756e65;

/**
 * Connections per process: a web server's queries are short, and PostgreSQL's default cap is 100
 * (five servers at 20 each). 10 left submissions waiting for a connection at 2,000 players (bench:cluster ack
 * p99 2.4 s against 1.7 s with 20, same machine, same minute).
 */
const DEFAULT_POOL_SIZE = 20;

export type PgDb = NodePgDatabase<typeof schema>;

export interface OpenedPgDatabase {
  db: PgDb;
  /** The connection pool (hand-written SQL in tests, advisory locks). */
  pool: pg.Pool;
  /** Ends every connection. Idempotent. */
  close(): Promise<void>;
}

/** True for a `postgres://` or `postgresql://` url, the ones `openPgDatabase` takes. */
export function isPostgresUrl(url: string | undefined): url is string {
  return url !== undefined && /^postgres(ql)?:\/\//i.test(url.trim());
}

/**
 * Connects, and brings the schema up to date. Side effects: opens up to `poolSize` connections,
 * creates the tables on an empty database, takes and releases an advisory lock.
 * @example const { db, close } = await openPgDatabase('postgres://arena@localhost/arena'); try { ... } finally { await close() }
 */
export async function openPgDatabase(url: string, poolSize = DEFAULT_POOL_SIZE): Promise<OpenedPgDatabase> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  // An idle connection dropped by the server must not crash the process: the pool replaces it.
  pool.on('error', () => undefined);
  try {
    const client = await pool.connect();
    try {
      await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
      try {
        await migrate(drizzle(client, { schema }), { migrationsFolder: MIGRATIONS_FOLDER });
      } finally {
        await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
      }
    } finally {
      client.release();
    }
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw error;
  }
  const db = drizzle(pool, { schema });
  let closing: Promise<void> | null = null;
  return { db, pool, close: () => (closing ??= pool.end()) };
}
