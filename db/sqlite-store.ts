/**
 * The SQLite implementation of the server's `Storage` seam, on drizzle over better-sqlite3.
 * better-sqlite3 is synchronous: every statement has finished (and, with `synchronous = FULL`,
 * been fsynced) before the method's promise resolves, which is what makes an acknowledged
 * submission durable. Multi-statement writes use drizzle's synchronous transaction; its callback
 * must never be async, or the commit would run before the awaited work.
 *
 * Submissions are group-committed: every `insertSubmission` called within a short window joins one
 * transaction (one fsync), and each promise resolves only after that commit. The window is twice
 * the last commit's duration, at most `GROUP_COMMIT_MAX_WAIT_MS`: with a fast disk a lone
 * submission commits almost at once; when fsync is slow, the rows scored meanwhile share it.
 */
import { and, asc, count, eq, getTableColumns, inArray, isNull, sql } from 'drizzle-orm';
import { NicknameTakenError } from './storage';
import type { RoundRow, Storage } from './storage';
import { StorageIntegrityError } from './errors';
import { openDatabase } from './open';
import {
  recordToRound,
  recordToSubmission,
  recordToSubmissionMeta,
  roundToRecord,
  testSecretColumns,
  submissionToRecord,
} from './row-codec';
import { players, roundResults, rounds, submissions, tournamentBlocks, tournaments } from './schema';

// Every submissions column except the BLOB (boards and exports never need the weights), plus the
// rowid: the insertion order that breaks ties (`SubmissionRow.seq`).
const { weights: _weights, ...metaColumns } = getTableColumns(submissions);
const seq = sql<number>`${submissions}.rowid`.as('seq');
const submissionMetaColumns = { ...metaColumns, seq };
const submissionColumns = { ...getTableColumns(submissions), seq };

/** better-sqlite3's error shape, found at the end of drizzle's `cause` chain. */
function sqliteCode(error: unknown): { code: string; message: string } | null {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth += 1) {
    const code = (current as Error & { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('SQLITE_')) return { code, message: current.message };
    current = current.cause;
  }
  return null;
}

/** Maps constraint failures to typed errors; anything else is rethrown unchanged. */
function translate(error: unknown, what: string): never {
  const found = sqliteCode(error);
  if (found?.code === 'SQLITE_CONSTRAINT_UNIQUE' || found?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
    throw new StorageIntegrityError('duplicate', `${what}: ${found.message}`, { cause: error });
  }
  if (found?.code === 'SQLITE_CONSTRAINT_FOREIGNKEY') {
    throw new StorageIntegrityError('missing-reference', `${what}: ${found.message}`, { cause: error });
  }
  throw error;
}

function guarded<T>(what: string, write: () => T): T {
  try {
    return write();
  } catch (error) {
    return translate(error, what);
  }
}

/**
 * Opens the database (see `openDatabase`: WAL, fsync per commit, migrations) and returns a
 * `Storage` over it. Constraint failures reject with `StorageIntegrityError`, a nickname already
 * used in the tournament (any case) with `NicknameTakenError`. Updates of a missing id are no-ops.
 * @param url a path, `file:` url or `:memory:`; default `DATABASE_URL`, then `data/tune-arena.db`.
 * @example const store = createSqliteStore(':memory:'); await store.createTournament(row); await store.close();
 */
/** The longest a submission waits for others to share its commit (ms). */
export const GROUP_COMMIT_MAX_WAIT_MS = 20;

export function createSqliteStore(url?: string): Storage {
  const opened = openDatabase(url);
  const { db } = opened;

  type Waiting = { row: Parameters<Storage['insertSubmission']>[0]; max: number | undefined; whileOpen?: boolean; resolve: () => void; reject: (e: unknown) => void };
  let waiting: Waiting[] = [];
  type Tx = Parameters<Parameters<typeof db.transaction>[0]>[0];
  // The count and the insert share one write transaction, so no other connection (another
  // process on the same file included) can add the player's row in between.
  const insertChecked = (tx: Tx, w: Pick<Waiting, 'row' | 'max' | 'whileOpen'>): void => {
    if (w.whileOpen) {
      const round = tx.select({ status: rounds.status }).from(rounds).where(eq(rounds.id, w.row.roundId)).get();
      if (round && round.status !== 'open') throw new StorageIntegrityError('round-not-open', `insertSubmission: round ${w.row.roundId} is ${round.status}`);
      const player = tx.select({ kickedAt: players.kickedAt }).from(players).where(eq(players.id, w.row.playerId)).get();
      if (player && player.kickedAt !== null) throw new StorageIntegrityError('kicked', `insertSubmission: player ${w.row.playerId} was kicked`);
    }
    if (w.max !== undefined) {
      const have = tx
        .select({ n: count() })
        .from(submissions)
        .where(and(eq(submissions.roundId, w.row.roundId), eq(submissions.playerId, w.row.playerId)))
        .get();
      if ((have?.n ?? 0) >= w.max) {
        throw new StorageIntegrityError('limit', `insertSubmission: player ${w.row.playerId} already has ${w.max} submissions in round ${w.row.roundId}`);
      }
    }
    tx.insert(submissions).values(submissionToRecord(w.row)).run();
  };
  // IMMEDIATE: the write lock is taken before the count is read, not upgraded after it.
  const insertOne = (w: Pick<Waiting, 'row' | 'max' | 'whileOpen'>): void => {
    guarded('insertSubmission', () => db.transaction((tx) => insertChecked(tx, w), { behavior: 'immediate' }));
  };
  let lastCommitMs = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const commitWaiting = (): void => {
    if (timer) clearTimeout(timer);
    timer = null;
    const batch = waiting;
    waiting = [];
    if (batch.length === 0) return;
    const started = performance.now();
    try {
      db.transaction(
        (tx) => {
          for (const w of batch) insertChecked(tx, w);
        },
        { behavior: 'immediate' },
      );
    } catch {
      // One bad row aborts the whole transaction: commit each alone so every caller gets its own answer.
      for (const w of batch) {
        try {
          insertOne(w);
          w.resolve();
        } catch (error) {
          w.reject(error);
        }
      }
      return;
    } finally {
      lastCommitMs = performance.now() - started;
    }
    for (const w of batch) w.resolve();
  };

  return {
    async createTournament(row) {
      guarded('createTournament', () => db.insert(tournaments).values(row).run());
    },
    async getTournamentByCode(code) {
      return db.select().from(tournaments).where(eq(tournaments.code, code)).get() ?? null;
    },
    async getTournament(id) {
      return db.select().from(tournaments).where(eq(tournaments.id, id)).get() ?? null;
    },
    async setTournamentStatus(id, status) {
      db.update(tournaments).set({ status }).where(eq(tournaments.id, id)).run();
    },
    async setTournamentLocked(id, locked) {
      db.update(tournaments).set({ locked }).where(eq(tournaments.id, id)).run();
    },
    async addBlocks(tournamentId, keys, at) {
      if (keys.length === 0) return;
      guarded('addBlocks', () =>
        db
          .insert(tournamentBlocks)
          .values(keys.map((blockKey) => ({ tournamentId, blockKey, createdAt: at })))
          .onConflictDoNothing()
          .run(),
      );
    },
    async hasBlock(tournamentId, keys) {
      if (keys.length === 0) return false;
      const found = db
        .select({ k: tournamentBlocks.blockKey })
        .from(tournamentBlocks)
        .where(and(eq(tournamentBlocks.tournamentId, tournamentId), inArray(tournamentBlocks.blockKey, keys)))
        .limit(1)
        .get();
      return found !== undefined;
    },

    async createPlayer(row) {
      try {
        db.insert(players).values(row).run();
      } catch (error) {
        const found = sqliteCode(error);
        if (found?.code === 'SQLITE_CONSTRAINT_UNIQUE' && found.message.includes('players.nickname_key')) {
          throw new NicknameTakenError(row.nickname);
        }
        translate(error, 'createPlayer');
      }
    },
    async getPlayer(id) {
      return db.select().from(players).where(eq(players.id, id)).get() ?? null;
    },
    async getPlayerByTokenHash(tokenHash) {
      return db.select().from(players).where(eq(players.tokenHash, tokenHash)).get() ?? null;
    },
    async listPlayers(tournamentId) {
      return db
        .select()
        .from(players)
        .where(eq(players.tournamentId, tournamentId))
        .orderBy(asc(players.joinedAt), asc(players.id))
        .all();
    },
    async countActivePlayers(tournamentId) {
      const row = db
        .select({ n: count() })
        .from(players)
        .where(and(eq(players.tournamentId, tournamentId), isNull(players.kickedAt)))
        .get();
      return row?.n ?? 0;
    },
    async kickPlayer(id, at) {
      // The first kick time stands: a repeated kick must not move it.
      db.update(players)
        .set({ kickedAt: at })
        .where(and(eq(players.id, id), isNull(players.kickedAt)))
        .run();
    },

    async createRound(row) {
      guarded('createRound', () => db.insert(rounds).values(roundToRecord(row)).run());
    },
    async getRound(id) {
      const record = db.select().from(rounds).where(eq(rounds.id, id)).get();
      return record ? recordToRound(record) : null;
    },
    async listRounds(tournamentId) {
      return db
        .select()
        .from(rounds)
        .where(eq(rounds.tournamentId, tournamentId))
        .orderBy(asc(rounds.index))
        .all()
        .map(recordToRound);
    },
    async listRoundsByStatus(statuses) {
      if (statuses.length === 0) return [];
      return db
        .select()
        .from(rounds)
        .where(inArray(rounds.status, statuses))
        .orderBy(asc(rounds.createdAt), asc(rounds.id))
        .all()
        .map(recordToRound);
    },
    async updateRound(id, patch) {
      const set: Partial<typeof rounds.$inferInsert> = {};
      for (const [key, value] of Object.entries(patch) as [keyof typeof patch, unknown][]) {
        if (value === undefined) continue;
        if (key === 'rules') set.rules = JSON.stringify(value);
        else if (key === 'testSeed') Object.assign(set, testSecretColumns(patch.testSeed ?? null));
        else Object.assign(set, { [key]: value });
      }
      if (Object.keys(set).length === 0) return;
      guarded('updateRound', () => db.update(rounds).set(set).where(eq(rounds.id, id)).run());
    },

    insertSubmission(row, opts) {
      return new Promise<void>((resolve, reject) => {
        waiting.push({ row, max: opts?.maxPerPlayer, whileOpen: opts?.whileOpen, resolve, reject });
        if (waiting.length > 1) return;
        const wait = Math.min(GROUP_COMMIT_MAX_WAIT_MS, 2 * lastCommitMs);
        if (wait < 1) setImmediate(commitWaiting);
        else timer = setTimeout(commitWaiting, wait);
      });
    },
    async getSubmission(id) {
      const record = db.select(submissionColumns).from(submissions).where(eq(submissions.id, id)).get();
      return record ? recordToSubmission(record) : null;
    },
    async listSubmissions(roundId) {
      return db
        .select(submissionMetaColumns)
        .from(submissions)
        .where(eq(submissions.roundId, roundId))
        .orderBy(asc(submissions.createdAt), asc(submissions.id))
        .all()
        .map(recordToSubmissionMeta);
    },
    async listSubmissionsAfter(roundId, afterSeq) {
      return db
        .select(submissionMetaColumns)
        .from(submissions)
        .where(and(eq(submissions.roundId, roundId), sql`${submissions}.rowid > ${afterSeq}`))
        .orderBy(sql`${submissions}.rowid`)
        .all()
        .map(recordToSubmissionMeta);
    },
    async listTournamentSubmissions(tournamentId) {
      return db
        .select(submissionMetaColumns)
        .from(submissions)
        .innerJoin(rounds, eq(rounds.id, submissions.roundId))
        .where(eq(rounds.tournamentId, tournamentId))
        .orderBy(asc(rounds.index), asc(submissions.createdAt), asc(submissions.id))
        .all()
        .map(recordToSubmissionMeta);
    },
    async countSubmissions(roundId, playerId) {
      const row = db
        .select({ n: count() })
        .from(submissions)
        .where(and(eq(submissions.roundId, roundId), eq(submissions.playerId, playerId)))
        .get();
      return row?.n ?? 0;
    },
    async findSubmissionByKey(roundId, playerId, key) {
      const record = db
        .select(submissionMetaColumns)
        .from(submissions)
        .where(
          and(eq(submissions.playerId, playerId), eq(submissions.roundId, roundId), eq(submissions.submissionKey, key)),
        )
        .get();
      return record ? recordToSubmissionMeta(record) : null;
    },
    async updateSubmissionAudit(id, patch) {
      db.update(submissions)
        .set({
          audit: patch.audit,
          auditReason: patch.auditReason,
          replayScore: patch.replayScore,
          auditedAt: patch.auditedAt,
          ...patch.scores,
        })
        .where(eq(submissions.id, id))
        .run();
    },

    async saveRoundResults(roundId, rows) {
      guarded('saveRoundResults', () =>
        db.transaction((tx) => {
          // An empty save inserts nothing, so the foreign key alone would not catch an unknown round.
          const round = tx.select({ id: rounds.id }).from(rounds).where(eq(rounds.id, roundId)).get();
          if (!round) throw new StorageIntegrityError('missing-reference', `saveRoundResults: no round ${roundId}`);
          tx.delete(roundResults).where(eq(roundResults.roundId, roundId)).run();
          if (rows.length > 0) tx.insert(roundResults).values(rows.map((r) => ({ ...r, roundId }))).run();
        }),
      );
    },
    async listRoundResults(tournamentId) {
      return db
        .select(getTableColumns(roundResults))
        .from(roundResults)
        .innerJoin(rounds, eq(rounds.id, roundResults.roundId))
        .where(eq(rounds.tournamentId, tournamentId))
        .orderBy(asc(rounds.index), asc(roundResults.rank), asc(roundResults.playerId))
        .all();
    },

    async close() {
      commitWaiting();
      opened.close();
    },
  };
}
