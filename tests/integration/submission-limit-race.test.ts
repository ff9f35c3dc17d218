/**
 * The per-player limit when two processes share one SQLite file (two services, each with its own
 * connection and tournament queue, as two server processes on one file would be): with one
 * submission allowed, server A checks (none used) and its insert is held while server B stores
 * one. The database must then refuse A's insert itself: A answers RATE_LIMITED and one row is
 * stored, never two. Scoring is real (worker pool). The PostgreSQL twin is in
 * tests/distributed/key-race.test.ts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSqliteStore } from '../../db/sqlite-store';
import type { Storage } from '../../db/storage';
import { createVerificationPool, type VerificationPool } from '../../server/verify/pool';
import { createGameService, type GameService } from '../../server/tournament-service';
import { createRecordingBroadcaster } from '../../server/broadcaster';
import { systemClock } from '../../server/clock';
import { isApiError } from '../../server/errors';
import { TINY_NET, TINY_RULES, TINY_TRAINING, trainFor } from './support/harness';

const dir = mkdtempSync(join(tmpdir(), 'tune-arena-limit-race-'));
let pool: VerificationPool;
let storeA: Storage;
let storeB: Storage;
let serviceA: GameService;
let serviceB: GameService;
let releaseInsert = (): void => undefined;
let insertReached = (): void => undefined;

beforeAll(() => {
  const file = join(dir, 'shared.db');
  pool = createVerificationPool({ size: 1 });
  storeA = createSqliteStore(file);
  storeB = createSqliteStore(file);
  // Server A's inserts wait for the test, then run on the real store.
  const held: Storage = {
    ...storeA,
    insertSubmission: async (row, opts) => {
      const go = new Promise<void>((resolve) => {
        releaseInsert = resolve;
      });
      insertReached();
      await go;
      return storeA.insertSubmission(row, opts);
    },
  };
  const deps = { clock: systemClock, verifier: pool, broadcaster: createRecordingBroadcaster() };
  serviceA = createGameService({ ...deps, store: held });
  serviceB = createGameService({ ...deps, store: storeB });
});

afterAll(async () => {
  releaseInsert();
  await serviceA?.close();
  await serviceB?.close();
  await storeA?.close();
  await storeB?.close();
  await pool?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('two servers on one SQLite file', () => {
  it("store one and answer RATE_LIMITED when they race on a player's last submission", async () => {
    const { tournament, hostKey } = await serviceB.createTournament({ title: 'Race' });
    const { code } = tournament;
    const { round: draft } = await serviceB.createRound({ code, hostKey, taskId: 'xor', rules: { ...TINY_RULES, maxSubmissions: 1 } });
    const { round } = await serviceB.startRound({ code, hostKey, roundId: draft.id });
    const { playerToken } = await serviceB.joinPlayer({ code, nickname: 'Ada' });
    const weights = await trainFor(round);
    const base = { playerToken, roundId: round.id, network: TINY_NET, training: TINY_TRAINING, backend: 'cpu' as const, weights };

    const reached = new Promise<void>((resolve) => {
      insertReached = resolve;
    });
    const viaA = serviceA.submit(base).then(
      (ack) => ({ ack, error: null }),
      (error: unknown) => ({ ack: null, error }),
    );
    await reached;
    const viaB = await serviceB.submit(base);
    releaseInsert();
    const a = await viaA;
    expect(a.ack).toBeNull();
    expect(isApiError(a.error) && a.error.code).toBe('RATE_LIMITED');
    expect((await storeA.listSubmissions(round.id)).map((s) => s.id)).toEqual([viaB.submission.id]);
  });
});
