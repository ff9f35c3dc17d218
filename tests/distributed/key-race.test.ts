/**
 * Two round services on one PostgreSQL, as two server processes would be (each its own store,
 * connection pool and tournament queue), race on one submission key. Each queue orders only its
 * own process, so both check, find no row and insert: the unique index lets one in, and the other
 * must answer the stored submission (same id), not INTERNAL. Server A's insert is held until
 * server B has stored its row, so the race is an event, not luck. Scoring is real (worker pool).
 * The same hold shows the per-player limit racing: with one submission allowed, A checks (none
 * used) and waits while B stores one; A's insert must then be refused by the database itself
 * (RATE_LIMITED), not stored as a second one.
 * Also: a round's lease is held by one owner at a time and taken over once it lapses.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { createPgStore, type PgStore } from '../../db/pg-store';
import { pgLeases } from '../../db/pg-leases';
import type { Storage } from '../../db/storage';
import { createVerificationPool, type VerificationPool } from '../../server/verify/pool';
import { createGameService, type GameService } from '../../server/tournament-service';
import { createRecordingBroadcaster } from '../../server/broadcaster';
import { systemClock } from '../../server/clock';
import { isApiError } from '../../server/errors';
import { TINY_NET, TINY_RULES, TINY_TRAINING, trainFor } from '../integration/support/harness';
import { freshPgDatabase } from '../integration/support/postgres';

let database: Awaited<ReturnType<typeof freshPgDatabase>>;
let pool: VerificationPool;
let storeA: PgStore;
let storeB: PgStore;
let serviceA: GameService;
let serviceB: GameService;
let releaseInsert = (): void => undefined;
let insertReached = (): void => undefined;

beforeAll(async () => {
  database = await freshPgDatabase();
  pool = createVerificationPool({ size: 1 });
  storeA = await createPgStore(database.url);
  storeB = await createPgStore(database.url);
  // Server A's inserts wait for the test: the real store, called later.
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
  serviceA = createGameService({ ...deps, store: held, leases: pgLeases(storeA.opened.pool, 'server-a', 60_000) });
  serviceB = createGameService({ ...deps, store: storeB, leases: pgLeases(storeB.opened.pool, 'server-b', 60_000) });
});

afterAll(async () => {
  releaseInsert();
  await serviceA?.close();
  await serviceB?.close();
  await storeA?.close();
  await storeB?.close();
  await pool?.close();
  await database?.drop();
});

async function openRoundWithPlayer(rules: typeof TINY_RULES = TINY_RULES) {
  const { tournament, hostKey } = await serviceA.createTournament({ title: 'Race' });
  const { code } = tournament;
  const { round: draft } = await serviceA.createRound({ code, hostKey, taskId: 'xor', rules });
  const { round } = await serviceA.startRound({ code, hostKey, roundId: draft.id });
  const { playerToken } = await serviceA.joinPlayer({ code, nickname: 'Ada' });
  return { code, hostKey, round, playerToken };
}

describe('two servers on one PostgreSQL', () => {
  it('answer the stored submission for one key raced through both, never INTERNAL', async () => {
    const { round, playerToken } = await openRoundWithPlayer();
    const weights = await trainFor(round);
    const msg = { playerToken, roundId: round.id, network: TINY_NET, training: TINY_TRAINING, backend: 'cpu' as const, weights, submissionKey: 'raced-key-0001' };

    const reached = new Promise<void>((resolve) => {
      insertReached = resolve;
    });
    const viaA = serviceA.submit(msg);
    // A has scored and checked: no row under the key, so it is about to insert.
    await reached;
    const viaB = await serviceB.submit(msg);
    releaseInsert();
    const ackA = await viaA;
    expect(ackA.submission.id).toBe(viaB.submission.id);
    expect(ackA.submission.publicScore).toBe(viaB.submission.publicScore);
    const rows = await storeB.listSubmissions(round.id);
    expect(rows.map((s) => s.id)).toEqual([viaB.submission.id]);
  });

  it("store one and answer RATE_LIMITED when two servers race on a player's last submission", async () => {
    const { round, playerToken } = await openRoundWithPlayer({ ...TINY_RULES, maxSubmissions: 1 });
    const weights = await trainFor(round);
    const base = { playerToken, roundId: round.id, network: TINY_NET, training: TINY_TRAINING, backend: 'cpu' as const, weights };

    const reached = new Promise<void>((resolve) => {
      insertReached = resolve;
    });
    const viaA = serviceA.submit({ ...base, submissionKey: 'last-unit-a01' }).then(
      (ack) => ({ ack, error: null }),
      (error: unknown) => ({ ack: null, error }),
    );
    // A has checked the limit (none of one used), scored, and is about to insert.
    await reached;
    const viaB = await serviceB.submit({ ...base, submissionKey: 'last-unit-b01' });
    releaseInsert();
    const a = await viaA;
    expect(a.ack).toBeNull();
    expect(isApiError(a.error) && a.error.code).toBe('RATE_LIMITED');
    const rows = await storeB.listSubmissions(round.id);
    expect(rows.map((s) => s.id)).toEqual([viaB.submission.id]);
  });

  it('gives a round lease to one owner at a time and to another once it lapses', async () => {
    const { tournament, hostKey } = await serviceB.createTournament({ title: 'Leases' });
    // A draft: no server claims it, so the test alone decides who holds it.
    const { round } = await serviceB.createRound({ code: tournament.code, hostKey, taskId: 'xor', rules: TINY_RULES });
    const c = new pg.Pool({ connectionString: database.url, max: 2 });
    try {
      const first = pgLeases(c, 'owner-1', 60_000);
      const second = pgLeases(c, 'owner-2', 60_000);
      expect(await first.claim(round.id)).toBe(true);
      expect(await second.claim(round.id)).toBe(false);
      expect(await first.claim(round.id)).toBe(true);
      // Lapsed: a lease whose time is up goes to whoever claims next.
      await c.query('UPDATE round_leases SET expires_at_ms = 0 WHERE round_id = $1', [round.id]);
      expect(await second.claim(round.id)).toBe(true);
      expect(await first.claim(round.id)).toBe(false);
      await second.release(round.id);
      expect(await first.claim(round.id)).toBe(true);
    } finally {
      await c.end();
    }
  });
});
