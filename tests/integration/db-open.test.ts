/**
 * openDatabase: pragmas, url forms, idempotent migrations, enforced foreign keys, and the promise
 * the server's ack relies on: a submission that `insertSubmission` resolved survives a SIGKILL.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { openDatabase, resolveDatabasePath, type OpenedDatabase } from '../../db/open';
import { createSqliteStore } from '../../db/sqlite-store';
import { submissionRow } from './fixtures/storage-rows';

const dir = mkdtempSync(join(tmpdir(), 'tune-arena-db-open-'));
const opened: OpenedDatabase[] = [];

function open(url?: string): OpenedDatabase {
  const handle = openDatabase(url);
  opened.push(handle);
  return handle;
}

afterEach(() => {
  while (opened.length) opened.pop()?.close();
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const tableNames = (h: OpenedDatabase): string[] =>
  (h.sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map(
    (r) => r.name,
  );

describe('openDatabase', () => {
  it('turns on WAL, fsync per commit and foreign keys', () => {
    const file = join(dir, 'a.db');
    const h = open(file);
    expect(existsSync(file)).toBe(true);
    expect(h.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(h.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(h.sqlite.pragma('synchronous', { simple: true })).toBe(2); // FULL
    expect(h.sqlite.pragma('busy_timeout', { simple: true })).toBeGreaterThan(0);
    expect(tableNames(h)).toEqual(
      expect.arrayContaining(['tournaments', 'players', 'rounds', 'submissions', 'round_results']),
    );
  });

  it('accepts file: urls, :memory: and DATABASE_URL', () => {
    expect(resolveDatabasePath('file:data/x.db')).toBe('data/x.db');
    expect(resolveDatabasePath('file:///tmp/x.db')).toBe('/tmp/x.db');
    expect(resolveDatabasePath('file::memory:')).toBe(':memory:');
    expect(() => resolveDatabasePath('file:')).toThrow(/Empty database path/);

    const viaUrl = open(`file:${join(dir, 'b.db')}`);
    expect(viaUrl.path).toBe(join(dir, 'b.db'));
    expect(existsSync(join(dir, 'b.db'))).toBe(true);

    const memory = open(':memory:');
    expect(memory.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(tableNames(memory)).toContain('submissions');

    const previous = process.env.DATABASE_URL;
    process.env.DATABASE_URL = join(dir, 'from-env.db');
    try {
      expect(open().path).toBe(join(dir, 'from-env.db'));
    } finally {
      if (previous === undefined) delete process.env.DATABASE_URL;
      else process.env.DATABASE_URL = previous;
    }
  });

  it('applies migrations once: reopening keeps data and adds no migration rows', () => {
    const file = join(dir, 'c.db');
    const first = open(file);
    first.sqlite
      .prepare('INSERT INTO tournaments (id, code, title, host_key_hash, status, created_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run('t1', 'ABC234', 'T', 'h', 'active', '2026-11-27T10:00:00.000Z');
    const applied = first.sqlite.prepare('SELECT COUNT(*) AS n FROM __drizzle_migrations').get() as { n: number };
    expect(applied.n).toBeGreaterThan(0);
    first.close();
    first.close(); // idempotent

    const second = open(file);
    expect(second.sqlite.prepare('SELECT COUNT(*) AS n FROM __drizzle_migrations').get()).toEqual(applied);
    expect(second.sqlite.prepare('SELECT code FROM tournaments').all()).toEqual([{ code: 'ABC234' }]);
  });

  it('refuses a row that references a missing parent', () => {
    const h = open(join(dir, 'd.db'));
    const insert = h.sqlite.prepare(
      'INSERT INTO players (id, tournament_id, nickname, nickname_key, token_hash, joined_at) VALUES (?, ?, ?, ?, ?, ?)',
    );
    expect(() => insert.run('p1', 'no-such-tournament', 'Ada', 'ada', 'h', '2026-11-27T10:00:00.000Z')).toThrow(
      expect.objectContaining({ code: 'SQLITE_CONSTRAINT_FOREIGNKEY' }),
    );
    expect(h.sqlite.prepare('SELECT COUNT(*) AS n FROM players').get()).toEqual({ n: 0 });
  });
});

describe('durability', () => {
  it('keeps a submission written by a process SIGKILLed right after insertSubmission resolved', async () => {
    const file = join(dir, 'durable.db');
    const child = fileURLToPath(new URL('./fixtures/durable-insert-child.ts', import.meta.url));
    // Absolute loader URL: the child runs in a temp cwd (proving migrations resolve from any cwd),
    // where a bare `tsx` would not resolve.
    const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
    const proc = spawn(process.execPath, ['--import', tsx, child, file], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    proc.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const exited = new Promise<NodeJS.Signals | number | null>((resolve) =>
      proc.on('exit', (code, signal) => resolve(signal ?? code)),
    );

    await new Promise<void>((resolve, reject) => {
      let stdout = '';
      proc.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        if (stdout.includes('committed\n')) {
          proc.kill('SIGKILL');
          resolve();
        }
      });
      proc.on('exit', () => reject(new Error(`child exited before committing: ${stderr}`)));
    });
    expect(await exited).toBe('SIGKILL');

    const store = createSqliteStore(file);
    try {
      const expected = submissionRow();
      const read = await store.getSubmission(expected.id);
      expect(read).toEqual({ ...expected, seq: 1 });
      expect(await store.countSubmissions(expected.roundId, expected.playerId)).toBe(1);
    } finally {
      await store.close();
    }
  });
});
