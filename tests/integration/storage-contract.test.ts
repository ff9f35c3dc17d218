/**
 * Runs the one `Storage` contract (storage-contract.ts) against every implementation: SQLite on a
 * real temp file, and the in-memory store the round logic's unit tests use.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe } from 'vitest';
import { createSqliteStore } from '../../db/sqlite-store';
import { createMemoryStore } from '../../db/memory-store';
import { storageContract } from './storage-contract';

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
