/**
 * The PostgreSQL implementation of the `Storage` seam (db/storage.ts), on drizzle's node-postgres
 * driver. Same contract as the SQLite store (tests/integration/storage-contract.ts runs on both):
 * each write has committed before its promise resolves, constraint failures reject with typed
 * errors. Text columns that order a list are compared with the "C" collation, so ids and ISO
 * timestamps sort byte-wise exactly as on SQLite, whatever the database's locale.
 */
import { and, asc, count, eq, getTableColumns, gt, inArray, isNull, sql, type SQLWrapper } from 'drizzle-orm';
import { NicknameTakenError } from './storage';
import type { RoundRow, Storage } from './storage';
import { StorageIntegrityError } from './errors';
import { openPgDatabase, type OpenedPgDatabase } from './pg-open';
import {
  recordToRound,
  recordToSubmission,
  recordToSubmissionMeta,
  roundToRecord,
  testSecretColumns,
  submissionToRecord,
} from './row-codec';
import { players, roundResults, rounds, submissions, tournamentBlocks, tournaments } from './pg-schema';

// Every submissions column except the BLOB: boards and exports never need the weights.
const { weights: _weights, ...submissionMetaColumns } = getTableColumns(submissions);
const submissionColumns = getTableColumns(submissions);

/** Byte-wise ascending order of a text column (the database's locale could order `_` or case differently). */
const byBytes = (column: SQLWrapper) => sql`${column} COLLATE "C"`;

/** node-postgres' error shape (SQLSTATE and constraint), found along drizzle's `cause` chain. */
function pgError(error: unknown): { code: string; constraint?: string; message: string } | null {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth += 1) {
    const e = current as Error & { code?: unknown; constraint?: unknown };
    if (typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code)) {
      return { code: e.code, constraint: typeof e.constraint === 'string' ? e.constraint : undefined, message: e.message };
    }
    current = e.cause;
  }
  return null;
}

const UNIQUE_VIOLATION = '23505';
const FOREIGN_KEY_VIOLATION = '23503';

/** Maps constraint failures to typed errors; anything else is rethrown unchanged. */
function translate(error: unknown, what: string): never {
  if (error instanceof StorageIntegrityError) throw error;
  const found = pgError(error);
  if (found?.code === UNIQUE_VIOLATION) {
    throw new StorageIntegrityError('duplicate', `${what}: ${found.message}`, { cause: error });
  }
  if (found?.code === FOREIGN_KEY_VIOLATION) {
    throw new StorageIntegrityError('missing-reference', `${what}: ${found.message}`, { cause: error });
  }
  throw error;
}

async function guarded(what: string, write: () => Promise<unknown>): Promise<void> {
  try {
    await write();
  } catch (error) {
    translate(error, what);
  }
}

/** The store plus its connection pool (round leases and tests share the pool). */
export interface PgStore extends Storage {
  readonly opened: OpenedPgDatabase;
}

/**
 * Connects (see `openPgDatabase`: pool, migrations under an advisory lock) and returns a
 * `Storage` over the database. Updates of a missing id are no-ops.
 * @example const store = await createPgStore('postgres://arena:pw@localhost/arena'); await store.createTournament(row); await store.close();
 */
export async function createPgStore(url: string): Promise<PgStore> {
  const opened = await openPgDatabase(url);
  const { db } = opened;

  return {
    opened,
    async createTournament(row) {
      await guarded('createTournament', () => db.insert(tournaments).values(row));
    },
    async getTournamentByCode(code) {
      return (await db.select().from(tournaments).where(eq(tournaments.code, code)))[0] ?? null;
    },
    async getTournament(id) {
      return (await db.select().from(tournaments).where(eq(tournaments.id, id)))[0] ?? null;
    },
    async setTournamentStatus(id, status) {
      await db.update(tournaments).set({ status }).where(eq(tournaments.id, id));
    },
    async setTournamentLocked(id, locked) {
      await db.update(tournaments).set({ locked }).where(eq(tournaments.id, id));
    },
    async addBlocks(tournamentId, keys, at) {
      if (keys.length === 0) return;
      await guarded('addBlocks', () =>
        db
          .insert(tournamentBlocks)
          .values(keys.map((blockKey) => ({ tournamentId, blockKey, createdAt: at })))
          .onConflictDoNothing(),
      );
    },
    async hasBlock(tournamentId, keys) {
      if (keys.length === 0) return false;
      const found = await db
        .select({ k: tournamentBlocks.blockKey })
        .from(tournamentBlocks)
        .where(and(eq(tournamentBlocks.tournamentId, tournamentId), inArray(tournamentBlocks.blockKey, keys)))
        .limit(1);
      return found.length > 0;
    },

    async createPlayer(row) {
      try {
        await db.insert(players).values(row);
      } catch (error) {
        const found = pgError(error);
        if (found?.code === UNIQUE_VIOLATION && found.constraint === 'players_tournament_nickname_unique') {
          throw new NicknameTakenError(row.nickname);
        }
        translate(error, 'createPlayer');
      }
    },
    async getPlayer(id) {
      return (await db.select().from(players).where(eq(players.id, id)))[0] ?? null;
    },
    async getPlayerByTokenHash(tokenHash) {
      return (await db.select().from(players).where(eq(players.tokenHash, tokenHash)))[0] ?? null;
    },
    async listPlayers(tournamentId) {
      return db
        .select()
        .from(players)
        .where(eq(players.tournamentId, tournamentId))
        .orderBy(byBytes(players.joinedAt), byBytes(players.id));
    },
    async countActivePlayers(tournamentId) {
      const rows = await db
        .select({ n: count() })
        .from(players)
        .where(and(eq(players.tournamentId, tournamentId), isNull(players.kickedAt)));
      return rows[0]?.n ?? 0;
    },
    async kickPlayer(id, at) {
      // The first kick time stands: a repeated kick must not move it.
      await db
        .update(players)
        .set({ kickedAt: at })
        .where(and(eq(players.id, id), isNull(players.kickedAt)));
    },

    async createRound(row) {
      await guarded('createRound', () => db.insert(rounds).values(roundToRecord(row)));
    },
    async getRound(id) {
      const record = (await db.select().from(rounds).where(eq(rounds.id, id)))[0];
      return record ? recordToRound(record) : null;
    },
    async listRounds(tournamentId) {
      const records = await db.select().from(rounds).where(eq(rounds.tournamentId, tournamentId)).orderBy(asc(rounds.index));
      return records.map(recordToRound);
    },
    async listRoundsByStatus(statuses) {
      if (statuses.length === 0) return [];
      const records = await db
        .select()
        .from(rounds)
        .where(inArray(rounds.status, statuses))
        .orderBy(byBytes(rounds.createdAt), byBytes(rounds.id));
      return records.map(recordToRound);
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
      await guarded('updateRound', () => db.update(rounds).set(set).where(eq(rounds.id, id)));
    },

    async insertSubmission(row, opts) {
      const max = opts?.maxPerPlayer;
      if (max === undefined && !opts?.whileOpen) {
        await guarded('insertSubmission', () => db.insert(submissions).values(submissionToRecord(row)));
        return;
      }
      // The player's row is locked first, so every limited insert of one player waits for the
      // previous one to commit; the count after the lock (a new snapshot: READ COMMITTED) then
      // sees every row that landed, whichever server wrote it.
      await guarded('insertSubmission', () =>
        db.transaction(async (tx) => {
          const player = (await tx.select({ kickedAt: players.kickedAt }).from(players).where(eq(players.id, row.playerId)).for('update'))[0];
          if (opts?.whileOpen) {
            // FOR SHARE: a close (an UPDATE of the round) waits for this insert, or this insert for
            // the close, and the status read after the lock is the committed one (READ COMMITTED).
            const round = (await tx.select({ status: rounds.status }).from(rounds).where(eq(rounds.id, row.roundId)).for('share'))[0];
            if (round && round.status !== 'open') throw new StorageIntegrityError('round-not-open', `insertSubmission: round ${row.roundId} is ${round.status}`);
            if (player && player.kickedAt !== null) throw new StorageIntegrityError('kicked', `insertSubmission: player ${row.playerId} was kicked`);
          }
          const have =
            max === undefined
              ? []
              : await tx
                  .select({ n: count() })
                  .from(submissions)
                  .where(and(eq(submissions.roundId, row.roundId), eq(submissions.playerId, row.playerId)));
          if (max !== undefined && (have[0]?.n ?? 0) >= max) {
            throw new StorageIntegrityError('limit', `insertSubmission: player ${row.playerId} already has ${max} submissions in round ${row.roundId}`);
          }
          await tx.insert(submissions).values(submissionToRecord(row));
        }),
      );
    },
    async getSubmission(id) {
      const record = (await db.select(submissionColumns).from(submissions).where(eq(submissions.id, id)))[0];
      return record ? recordToSubmission(record) : null;
    },
    async listSubmissions(roundId) {
      const records = await db
        .select(submissionMetaColumns)
        .from(submissions)
        .where(eq(submissions.roundId, roundId))
        .orderBy(byBytes(submissions.createdAt), byBytes(submissions.id));
      return records.map(recordToSubmissionMeta);
    },
    async listSubmissionsAfter(roundId, afterSeq) {
      const records = await db
        .select(submissionMetaColumns)
        .from(submissions)
        .where(and(eq(submissions.roundId, roundId), gt(submissions.seq, afterSeq)))
        .orderBy(asc(submissions.seq));
      return records.map(recordToSubmissionMeta);
    },
    async listTournamentSubmissions(tournamentId) {
      const records = await db
        .select(submissionMetaColumns)
        .from(submissions)
        .innerJoin(rounds, eq(rounds.id, submissions.roundId))
        .where(eq(rounds.tournamentId, tournamentId))
        .orderBy(asc(rounds.index), byBytes(submissions.createdAt), byBytes(submissions.id));
      return records.map(recordToSubmissionMeta);
    },
    async countSubmissions(roundId, playerId) {
      const rows = await db
        .select({ n: count() })
        .from(submissions)
        .where(and(eq(submissions.roundId, roundId), eq(submissions.playerId, playerId)));
      return rows[0]?.n ?? 0;
    },
    async findSubmissionByKey(roundId, playerId, key) {
      const record = (
        await db
          .select(submissionMetaColumns)
          .from(submissions)
          .where(and(eq(submissions.playerId, playerId), eq(submissions.roundId, roundId), eq(submissions.submissionKey, key)))
      )[0];
      return record ? recordToSubmissionMeta(record) : null;
    },
    async updateSubmissionAudit(id, patch) {
      await db
        .update(submissions)
        .set({ audit: patch.audit, auditReason: patch.auditReason, replayScore: patch.replayScore, auditedAt: patch.auditedAt, ...patch.scores })
        .where(eq(submissions.id, id));
    },

    async saveRoundResults(roundId, rows) {
      await guarded('saveRoundResults', () =>
        db.transaction(async (tx) => {
          // An empty save inserts nothing, so the foreign key alone would not catch an unknown round.
          const round = await tx.select({ id: rounds.id }).from(rounds).where(eq(rounds.id, roundId));
          if (round.length === 0) throw new StorageIntegrityError('missing-reference', `saveRoundResults: no round ${roundId}`);
          await tx.delete(roundResults).where(eq(roundResults.roundId, roundId));
          if (rows.length > 0) await tx.insert(roundResults).values(rows.map((r) => ({ ...r, roundId })));
        }),
      );
    },
    async listRoundResults(tournamentId) {
      return db
        .select(getTableColumns(roundResults))
        .from(roundResults)
        .innerJoin(rounds, eq(rounds.id, roundResults.roundId))
        .where(eq(rounds.tournamentId, tournamentId))
        .orderBy(asc(rounds.index), asc(roundResults.rank), byBytes(roundResults.playerId));
    },

    async close() {
      await opened.close();
    },
  };
}
