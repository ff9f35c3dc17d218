/**
 * Opens the SQLite database (better-sqlite3 under drizzle), sets the pragmas that make an
 * acknowledged write durable, and applies the committed migrations. Node-only.
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import * as schema from './schema';
import { checkDatabaseFolder, explainOpenError, type DatabaseSource } from './open-errors';

/** Used when neither an argument nor `DATABASE_URL` names a database; relative to the cwd. */
export const DEFAULT_DATABASE_PATH = 'data/tune-arena.db';

// Resolved from this file, not the cwd, so the server, tests and scripts find it from anywhere.
const MIGRATIONS_FOLDER = fileURLToPath(new URL('./migrations', import.meta.url));

/** How long a writer waits for another connection's lock before failing, in milliseconds. */
const BUSY_TIMEOUT_MS = 5000;

export type Db = BetterSQLite3Database<typeof schema>;

export interface OpenedDatabase {
  /** The drizzle handle, typed by `db/schema.ts`. */
  db: Db;
  /** The raw better-sqlite3 connection (pragmas, hand-written SQL in tests). */
  sqlite: Database.Database;
  /** The file path, or `:memory:`. */
  path: string;
  /** Closes the connection (checkpoints the WAL). Idempotent. */
  close(): void;
}

/**
 * Turns a database url into a better-sqlite3 path: a plain path, `file:path`, `file://path`, or
 * `:memory:` (also `file::memory:`).
 * @example resolveDatabasePath('file:data/x.db') // 'data/x.db'
 */
export function resolveDatabasePath(url: string): string {
  let path = url.trim();
  if (path.startsWith('file://')) path = path.slice('file://'.length);
  else if (path.startsWith('file:')) path = path.slice('file:'.length);
  // A query string (`?mode=...`) is a URL convention better-sqlite3 does not read.
  const query = path.indexOf('?');
  if (query >= 0) path = path.slice(0, query);
  if (path === '' ) throw new Error(`Empty database path in "${url}".`);
  return path;
}

/**
 * Opens (creating if needed) the database and brings its schema up to date. Side effects: creates
 * the default `data/` folder (an explicitly named file whose folder is missing is a
 * `DatabaseOpenError`: likely a typo), and every open or migration failure is a
 * `DatabaseOpenError` naming the file, where the name came from, and what to do; writes the file and its `-wal`/`-shm` companions, applies
 * pending migrations. Pragmas: WAL journal, `synchronous = FULL` (each commit is fsynced, so a
 * crash or power loss after a write returns loses nothing), `foreign_keys = ON`, a busy timeout.
 * @param url a path, `file:` url or `:memory:`; default `DATABASE_URL`, then `data/tune-arena.db`.
 * @example const { db, close } = openDatabase(':memory:'); try { ... } finally { close() }
 */
export function openDatabase(url?: string): OpenedDatabase {
  const fromEnv = process.env.DATABASE_URL;
  const source: DatabaseSource = fromEnv && (url === undefined || url === fromEnv) ? 'DATABASE_URL' : url !== undefined ? 'argument' : 'default';
  const named = url ?? process.env.DATABASE_URL ?? DEFAULT_DATABASE_PATH;
  const path = resolveDatabasePath(named);
  const inMemory = path === ':memory:';
  if (!inMemory) {
    checkDatabaseFolder(path, source, named);
    mkdirSync(dirname(resolve(path)), { recursive: true });
  }

  let sqlite: Database.Database;
  try {
    sqlite = new Database(path);
  } catch (error) {
    throw explainOpenError(error, path, source, named);
  }
  try {
    sqlite.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    // An in-memory database cannot use WAL; it reports `memory`, which is fine for tests.
    if (!inMemory) sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = FULL');
    sqlite.pragma('foreign_keys = ON');
    const db = drizzle(sqlite, { schema });
    migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
    let closed = false;
    return {
      db,
      sqlite,
      path,
      close() {
        if (closed) return;
        closed = true;
        sqlite.close();
      },
    };
  } catch (error) {
    sqlite.close();
    throw inMemory ? error : explainOpenError(error, path, source, named);
  }
}
