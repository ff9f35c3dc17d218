/**
 * Start-up errors of the SQLite database that say which file, where its name came from, and what
 * to do (issue 8, finding 12). SQLite's own words ("file is not a database", "attempt to write a
 * readonly database") name no file, and a typo in DATABASE_URL used to create an empty database
 * in a fresh folder, which looks like a classroom that lost everything.
 */
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** Where the database name came from. */
export type DatabaseSource = 'argument' | 'DATABASE_URL' | 'default';

/** Thrown when the database cannot be opened; `message` names the file and the fix. */
export class DatabaseOpenError extends Error {
  override name = 'DatabaseOpenError';
  constructor(
    message: string,
    readonly file: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

function origin(source: DatabaseSource, url: string): string {
  if (source === 'DATABASE_URL') return `DATABASE_URL=${url}`;
  if (source === 'argument') return `database url "${url}"`;
  return 'the default path; set DATABASE_URL to use another file';
}

/**
 * Refuses an explicitly named database whose folder does not exist (the default `data/` folder
 * is created instead).
 * @example checkDatabaseFolder('/tmp/typo/x.db', 'DATABASE_URL', '/tmp/typo/x.db') // throws DatabaseOpenError
 */
export function checkDatabaseFolder(path: string, source: DatabaseSource, url: string): void {
  const folder = dirname(resolve(path));
  if (source === 'default' || existsSync(folder)) return;
  throw new DatabaseOpenError(
    `The folder ${folder} of the database file ${resolve(path)} (from ${origin(source, url)}) does not exist. ` +
      'Create the folder if this is a new database, or correct DATABASE_URL if it has a typo.',
    resolve(path),
  );
}

/**
 * Wraps a driver error raised while opening or migrating `path` into one that names the file,
 * says where the name came from, and what to do.
 * @example throw explainOpenError(e, 'data/x.db', 'DATABASE_URL', 'data/x.db');
 */
export function explainOpenError(error: unknown, path: string, source: DatabaseSource, url: string): DatabaseOpenError {
  const file = resolve(path);
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
  const said = error instanceof Error ? error.message : String(error);
  let advice: string;
  if (code === 'SQLITE_NOTADB') {
    advice = 'It is not a SQLite database. Point DATABASE_URL at a Tune Arena database, or at a new file name to start an empty one.';
  } else if (code.startsWith('SQLITE_READONLY') || code === 'SQLITE_PERM' || code.startsWith('SQLITE_CANTOPEN') || code === 'SQLITE_IOERR_ACCESS') {
    advice = `The server cannot write it. Give the user running the server write access to the file, to ${dirname(file)}, and to the -wal and -shm files beside it.`;
  } else if (code === 'SQLITE_CORRUPT') {
    advice = 'The file is damaged. Restore it from a backup, or point DATABASE_URL at a new file.';
  } else if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') {
    advice = 'Another process holds it locked. Stop the other server using this file, then start again.';
  } else {
    advice = 'Check that the path is a Tune Arena SQLite database the server may read and write.';
  }
  return new DatabaseOpenError(`Cannot open the database file ${file} (from ${origin(source, url)}): ${said}. ${advice}`, file, { cause: error });
}
