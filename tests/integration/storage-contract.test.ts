/**
 * Runs the one `Storage` contract (storage-contract.ts) against every implementation: SQLite on a
 * real temp file, the in-memory store the round logic's unit tests use, and PostgreSQL when
 * `TEST_DATABASE_URL` names a server (CI starts one; README "Tests").
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe } from 'vitest';
import { createSqliteStore } from '../../db/sqlite-store';
import { createMemoryStore } from '../../db/memory-store';
import { storageContract } from './storage-contract';
import { createPgStore } from '../../db/pg-store';
import { freshPgDatabase, TEST_DATABASE_URL, truncateAll } from './support/postgres';

const dir = mkdtempSync(join(tmpdir(), 'tune-arena-contract-'));
let n = 0;

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('SqliteStore', () => {
  storageContract(async () => {
    n += 1;
    const file = join(dir, `store-${n}.db`);
    return { store: createSqliteStore(file), cleanup: () => rmSync(file, { force: true }) };
  });
});

describe('MemoryStore', () => {
  storageContract(async () => ({ store: createMemoryStore() }));
});

if (TEST_DATABASE_URL) {
  describe('PgStore', () => {
    let database: Awaited<ReturnType<typeof freshPgDatabase>> | undefined;
    afterAll(async () => {
      await database?.drop();
    });
    storageContract(async () => {
      database ??= await freshPgDatabase();
      const store = await createPgStore(database.url);
      await truncateAll(store.opened.pool);
      return { store };
    });
  });
}
