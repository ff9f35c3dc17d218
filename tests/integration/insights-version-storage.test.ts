/**
 * A round stored before insights had versions (a database migrated only up to 0001) reads back as
 * insights version 1 once the server's migrations run, and its insights fold as version 1;
 * a round the service creates now is stored as version 2.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createSqliteStore } from '../../db/sqlite-store';
import { foldInsights, INSIGHTS_VERSION } from '../../game/insights';
import { RULES } from './fixtures/storage-rows';
import { plantedRows } from '../unit/fixtures/insight-rows';

const require = createRequire(import.meta.url);
const Database = require('better-sqlite3') as typeof import('better-sqlite3');
const MIGRATIONS = new URL('../../db/migrations/', import.meta.url);
const dir = mkdtempSync(join(tmpdir(), 'tune-arena-insights-version-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A database as the server left it before migration 0002: 0000 and 0001 applied and recorded. */
function databaseBefore0002(file: string): void {
  const db = new Database(file);
  const journal = JSON.parse(readFileSync(new URL('meta/_journal.json', MIGRATIONS), 'utf8')) as { entries: { tag: string; when: number }[] };
  const old = journal.entries.filter((e) => e.tag < '0002');
  expect(old.map((e) => e.tag)).toEqual(['0000_init', '0001_submission_key']);
  for (const e of old) {
    for (const stmt of readFileSync(new URL(`${e.tag}.sql`, MIGRATIONS), 'utf8').split('--> statement-breakpoint')) {
      if (stmt.trim()) db.exec(stmt);
    }
  }
  db.exec('CREATE TABLE "__drizzle_migrations" (id SERIAL PRIMARY KEY, hash text NOT NULL, created_at numeric)');
  db.prepare('INSERT INTO "__drizzle_migrations" (hash, created_at) VALUES (?, ?)').run('before-0002', old[old.length - 1].when);
  db.prepare("INSERT INTO tournaments (id, code, title, host_key_hash, status, created_at) VALUES ('t1', 'ABCDEF', 'Old class', 'h', 'active', '2026-11-01T10:00:00.000Z')").run();
  db.prepare(
    "INSERT INTO rounds (id, tournament_id, round_index, title, preset_id, status, rules, train_seed, test_seed, created_at) VALUES ('old', 't1', 1, 'Old round', NULL, 'final', ?, 1, 2, '2026-11-01T10:01:00.000Z')",
  ).run(JSON.stringify(RULES));
  db.close();
}

describe('insights versions in the database', () => {
  it('keeps rounds stored before versions on version 1, and stores new rounds under the current one', async () => {
    const file = join(dir, 'old.db');
    databaseBefore0002(file);
    const store = createSqliteStore(file);
    try {
      const old = await store.getRound('old');
      if (!old) throw new Error('the old round is gone');
      expect(old.insightsVersion).toBe(1);
      const rows = plantedRows(40, 7);
      const folded = foldInsights(old.insightsVersion, rows);
      expect(folded.version).toBe(1);
      expect(folded.dimensions.map((d) => d.name)).toContain('params');
      await store.createRound({ ...old, id: 'new', index: 2, status: 'draft', insightsVersion: INSIGHTS_VERSION });
      expect((await store.getRound('new'))?.insightsVersion).toBe(2);
    } finally {
      await store.close();
    }
  });
});
