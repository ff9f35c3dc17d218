/**
 * Issue 8, finding 12: database start-up errors name the file and DATABASE_URL and say what to
 * do; an explicit DATABASE_URL in a missing folder is an error (a typo used to start an empty
 * classroom), while the default data/ folder is still created. The server itself is started in a
 * child process, as `npm start` would, so the message a teacher reads is the one checked.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/open';
import { DatabaseOpenError } from '../../db/open-errors';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'tune-arena-db-errors-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the server with `env` until it exits (it should fail) and returns its stderr. */
function serverFails(env: Record<string, string>, cwd = ROOT): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'server/main.ts')], {
      cwd,
      env: { ...process.env, PORT: '0', TUNE_ARENA_NO_NEXT: '1', VERIFY_POOL_SIZE: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      if (d.toString().includes('listening')) child.kill('SIGTERM');
    });
    child.once('exit', (code) => resolve({ code, stderr }));
  });
}

describe('database start-up errors', () => {
  it('a DATABASE_URL in a missing folder stops the server, naming the folder and DATABASE_URL', async () => {
    const url = join(dir, 'tpyo', 'class.db');
    const { code, stderr } = await serverFails({ DATABASE_URL: url });
    expect(code).toBe(1);
    expect(stderr).toContain(`DATABASE_URL=${url}`);
    expect(stderr).toContain(join(dir, 'tpyo'));
    expect(stderr).toMatch(/does not exist/);
    expect(stderr).toMatch(/Create the folder|correct DATABASE_URL/);
    expect(existsSync(join(dir, 'tpyo'))).toBe(false);
  });

  it('a file that is not a database: the message names the file and what to do', async () => {
    const file = join(dir, 'notes.db');
    writeFileSync(file, 'these are my lesson notes, not a database'.repeat(50));
    const { code, stderr } = await serverFails({ DATABASE_URL: file });
    expect(code).toBe(1);
    expect(stderr).toContain(file);
    expect(stderr).toContain(`DATABASE_URL=${file}`);
    expect(stderr).toMatch(/not a SQLite database/);
  });

  it('a path that cannot be opened as a file: the error names it and where it came from', () => {
    // A folder where the file should be (root ignores file modes, so this is the unopenable path
    // every user meets alike).
    const folder = join(dir, 'a-folder.db');
    mkdirSync(folder);
    let error: unknown;
    try {
      openDatabase(folder).close();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DatabaseOpenError);
    expect((error as DatabaseOpenError).file).toBe(folder);
    expect((error as Error).message).toContain(`Cannot open the database file ${folder}`);
    expect((error as Error).message).toMatch(/write access|Check that the path/);
  });

  it('without DATABASE_URL the default data/ folder is still created', () => {
    const cwd = mkdtempSync(join(dir, 'cwd-'));
    const before = process.cwd();
    const saved = process.env.DATABASE_URL;
    delete process.env.DATABASE_URL;
    process.chdir(cwd);
    try {
      openDatabase().close();
      expect(existsSync(join(cwd, 'data', 'tune-arena.db'))).toBe(true);
    } finally {
      process.chdir(before);
      if (saved !== undefined) process.env.DATABASE_URL = saved;
    }
  });
});
