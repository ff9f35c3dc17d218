/**
 * PostgreSQL for tests: `TEST_DATABASE_URL` names a server and a role allowed to create
 * databases (.ci/run sets it after starting PostgreSQL; README "The two commands"). Each caller gets a
 * database of its own, dropped afterwards, so test files never see each other's rows.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The server the distributed tests use, or undefined when none is configured. */
export const TEST_DATABASE_URL: string | undefined = process.env.TEST_DATABASE_URL || undefined;

/** `url` with its database name replaced. */
function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/**
 * Creates an empty database on the test server. Side effects: CREATE DATABASE; `drop()` ends
 * every connection to it and DROP DATABASE.
 * @example const { url, drop } = await freshPgDatabase(); try { ... } finally { await drop() }
 */
export async function freshPgDatabase(base = TEST_DATABASE_URL): Promise<{ url: string; drop(): Promise<void> }> {
  if (!base) throw new Error('TEST_DATABASE_URL is not set.');
  const name = `tune_arena_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  return {
    url: withDatabase(base, name),
    async drop() {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}

/** Empties every table of a Tune Arena database (the sequence restarts too). */
export async function truncateAll(pool: pg.Pool): Promise<void> {
  await pool.query(
    'TRUNCATE round_leases, round_results, submissions, rounds, tournament_blocks, players, tournaments RESTART IDENTITY CASCADE',
  );
}
