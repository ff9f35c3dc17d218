/**
 * server/shared-boards.ts on two "servers": two PostgreSQL stores on one database, each with its
 * own shared boards (every read refreshes: freshMs 0; the clock is injected, so "the rebuild period
 * has passed" is a step, not a sleep).
 * - A submission stored through B, by a player A has never seen, is on A's board at A's next read,
 *   without a full rebuild.
 * - A row whose insert commits after a later row (sequences commit out of order across servers)
 *   is still found by the incremental read: it looks back.
 * - A kick and an audit verdict on B (they add no row) reach A's board with its next rebuild, and
 *   `changed` names the round so A's players hear their entry.
 * Runs when TEST_DATABASE_URL names a PostgreSQL (.ci/run starts one).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import pg from 'pg';
import { createPgStore } from '../../db/pg-store';
import type { SubmissionRow } from '../../db/storage';
import { createSharedBoards } from '../../server/shared-boards';
import { freshPgDatabase, truncateAll } from '../integration/support/postgres';
import { playerRow, roundRow, submissionRow, tournamentRow } from '../integration/fixtures/storage-rows';

const DATABASE = process.env.TEST_DATABASE_URL ?? '';
const REBUILD_MS = 2_000;

let database: Awaited<ReturnType<typeof freshPgDatabase>>;
let storeA: Awaited<ReturnType<typeof createPgStore>>;
let storeB: Awaited<ReturnType<typeof createPgStore>>;
const round = roundRow({ status: 'open', startedAt: '2026-11-27T10:03:00.000Z' });

beforeAll(async () => {
  database = await freshPgDatabase(DATABASE);
  storeA = await createPgStore(database.url);
  storeB = await createPgStore(database.url);
});

afterAll(async () => {
  await storeA?.close();
  await storeB?.close();
  await database?.drop();
});

beforeEach(async () => {
  await truncateAll(storeA.opened.pool);
  await storeA.createTournament(tournamentRow());
  await storeA.createPlayer(playerRow({ id: 'p1', nickname: 'Ada' }));
  await storeA.createPlayer(playerRow({ id: 'p2', nickname: 'Bo' }));
  await storeA.createRound(round);
});

/** Server A's boards on a clock the test moves, with every `changed` call recorded. */
function serverA() {
  const clock = { t: 0 };
  const changed: string[] = [];
  const boards = createSharedBoards(storeA, { freshMs: 0, rebuildMs: REBUILD_MS, lookBackMs: 500, now: () => clock.t, changed: (id) => changed.push(id) });
  return { boards, clock, changed };
}

/** Stores a row through B (as B's submission path does: insert, then its own board). */
async function submitOnB(row: SubmissionRow, nickname: string, boardsB: ReturnType<typeof createSharedBoards>): Promise<void> {
  await storeB.insertSubmission(row);
  const { weights: _w, ...meta } = row;
  boardsB.submitted(meta, nickname);
}

const sub = (id: string, playerId: string, publicScore: number) => submissionRow({ id, playerId, publicScore, createdAt: `2026-11-27T10:05:0${id.length % 10}.000Z` });

describe('shared boards on two servers', () => {
  it("put a submission stored through B, by a player who joined on B, on A's board at A's next read", async () => {
    const a = serverA();
    const boardsB = createSharedBoards(storeB, { freshMs: 0 });
    expect((await a.boards.get(round)).total).toBe(0);
    await boardsB.get(round);
    await storeB.createPlayer(playerRow({ id: 'p3', nickname: 'Cy' }));
    await submitOnB(sub('s1', 'p3', 0.9), 'Cy', boardsB);
    await submitOnB(sub('s2', 'p1', 0.7), 'Ada', boardsB);
    a.clock.t = 100;
    const board = await a.boards.get(round);
    expect(board.page(0, 10).map((e) => [e.nickname, e.rank])).toEqual([['Cy', 1], ['Ada', 2]]);
    // An incremental read, not a rebuild: nothing was reported as moved by one.
    expect(a.changed).toEqual([]);
    // A's own write is on A's board at once, and B sees it at its next read.
    await storeA.insertSubmission(sub('s3', 'p2', 0.95));
    const { weights: _w, ...meta } = sub('s3', 'p2', 0.95);
    a.boards.submitted(meta, 'Bo');
    expect((await a.boards.get(round)).rankOf('p2')).toBe(1);
    expect((await boardsB.get(round)).page(0, 10).map((e) => e.nickname)).toEqual(['Bo', 'Cy', 'Ada']);
  });

  it('find a row whose insert committed after a later one (sequences commit out of order)', async () => {
    const a = serverA();
    const boardsB = createSharedBoards(storeB, { freshMs: 0 });
    await submitOnB(sub('s1', 'p1', 0.5), 'Ada', boardsB);
    expect((await a.boards.get(round)).total).toBe(1);
    // Another server's insert takes its sequence number now and commits later.
    const slow = new pg.Client({ connectionString: database.url });
    await slow.connect();
    try {
      await slow.query('BEGIN');
      await slow.query(
        `INSERT INTO submissions (id, round_id, player_id, network, training, backend, weights, weights_sha256, params, public_score, private_score,
           full_score, claimed, audit, audit_reason, replay_score, created_at, audited_at, submission_key)
         SELECT 'late', round_id, 'p2', network, training, backend, weights, weights_sha256, params, 0.8, private_score,
           full_score, claimed, audit, audit_reason, replay_score, created_at, audited_at, NULL FROM submissions WHERE id = 's1'`,
      );
      await storeB.createPlayer(playerRow({ id: 'p3', nickname: 'Cy' }));
      await submitOnB(sub('s2', 'p3', 0.6), 'Cy', boardsB);
      a.clock.t = 100;
      expect((await a.boards.get(round)).page(0, 10).map((e) => e.nickname)).toEqual(['Cy', 'Ada']);
      await slow.query('COMMIT');
    } finally {
      await slow.end();
    }
    a.clock.t = 200;
    const late = (await a.boards.get(round)).page(0, 10);
    expect(late.map((e) => e.nickname)).toEqual(['Bo', 'Cy', 'Ada']);
    expect(a.changed).toEqual([]);
  });

  it("pick up a kick and an audit verdict made on B within A's rebuild period, and say the round changed", async () => {
    const a = serverA();
    const boardsB = createSharedBoards(storeB, { freshMs: 0 });
    await storeB.createPlayer(playerRow({ id: 'p3', nickname: 'Cy' }));
    await submitOnB(sub('s1', 'p1', 0.9), 'Ada', boardsB);
    await submitOnB(sub('s2', 'p2', 0.8), 'Bo', boardsB);
    await submitOnB(sub('s3', 'p3', 0.7), 'Cy', boardsB);
    expect((await a.boards.get(round)).page(0, 10).map((e) => e.nickname)).toEqual(['Ada', 'Bo', 'Cy']);

    // B kicks Ada and rejects Bo's submission: no new rows, so A's incremental reads cannot see it.
    await storeB.kickPlayer('p1', '2026-11-27T10:06:00.000Z');
    boardsB.kicked('p1');
    await storeB.updateSubmissionAudit('s2', { audit: 'rejected', auditReason: 'replay differs', replayScore: 0.1, auditedAt: '2026-11-27T10:06:01.000Z' });
    boardsB.audited(round.id, 's2', 'rejected');
    expect((await boardsB.get(round)).page(0, 10).map((e) => [e.nickname, e.audit])).toEqual([['Cy', 'pending'], ['Bo', 'rejected']]);
    a.clock.t = REBUILD_MS - 1;
    expect((await a.boards.get(round)).rankOf('p1')).toBe(1);
    expect(a.changed).toEqual([]);

    // The rebuild period has passed: A's next read rebuilds, and the board matches B's.
    a.clock.t = REBUILD_MS;
    const rebuilt = await a.boards.get(round);
    expect(rebuilt.page(0, 10).map((e) => [e.nickname, e.rank, e.audit])).toEqual([['Cy', 1, 'pending'], ['Bo', 2, 'rejected']]);
    expect(a.changed).toEqual([round.id]);
    // A rebuild that moves nobody says nothing.
    a.clock.t = 2 * REBUILD_MS;
    await a.boards.get(round);
    expect(a.changed).toEqual([round.id]);
  });
});
