/**
 * Converts between `Storage` rows (db/storage.ts) and the column values of `db/schema.ts`:
 * JSON text for configs and rules (validated by the game's zod schemas on the way out, so a
 * corrupted row fails loudly here rather than deep in the round logic; extra keys are kept),
 * BLOBs for weights.
 */
import { z } from 'zod';
import { networkSchema, rulesSchema, trainingSchema } from '../game/spec';
import type { RoundRow, SubmissionMeta, SubmissionRow } from './storage';
import type { rounds, submissions } from './schema';

type RoundRecord = typeof rounds.$inferSelect;
/** The stored columns, plus the store's insertion order when the query selected it. */
type SubmissionRecord = typeof submissions.$inferSelect & { seq?: number };
/** A submissions record without its BLOB, as the list queries select it. */
export type SubmissionMetaRecord = Omit<SubmissionRecord, 'weights'>;

const claimedSchema = z.object({ trainLoss: z.number(), trainAccuracy: z.number() }).nullable();
// Loose: the store must hand back exactly what it was given. Rules carry keys the schema does not
// list yet (presets' optional `minLayers`); stripping them would change a round across a restart.
const storedRules = rulesSchema.loose();
const storedNetwork = networkSchema.loose();
const storedTraining = trainingSchema.loose();

/**
 * Copies bytes out of a Buffer: better-sqlite3 may hand back a slice of Node's shared pool, and a
 * caller must get exactly the stored bytes in an ArrayBuffer of their own.
 * @example toOwnedBytes(Buffer.from([1, 2])).buffer.byteLength // 2
 */
export function toOwnedBytes(buffer: Uint8Array): Uint8Array {
  const out = new Uint8Array(buffer.byteLength);
  out.set(buffer);
  return out;
}

/** A Buffer view over the same memory (no copy); better-sqlite3 copies when it binds. */
export function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/**
 * The columns of a round's test secret: a 128-bit secret goes to `test_secret`, a legacy 32-bit
 * seed to `test_seed`; the other column is cleared.
 * @example testSecretColumns('ab'.repeat(16)) // { testSeed: null, testSecret: 'abab…' }
 */
export function testSecretColumns(secret: RoundRow['testSeed']): Pick<RoundRecord, 'testSeed' | 'testSecret'> {
  return typeof secret === 'string' ? { testSeed: null, testSecret: secret } : { testSeed: secret, testSecret: null };
}

/** Round row → column values. */
export function roundToRecord(row: RoundRow): RoundRecord {
  return { ...row, rules: JSON.stringify(row.rules), ...testSecretColumns(row.testSeed) };
}

/** Column values → round row; throws a ZodError when the stored rules are not valid. */
export function recordToRound(record: RoundRecord): RoundRow {
  const { testSecret, ...rest } = record;
  return { ...rest, testSeed: testSecret ?? record.testSeed, rules: storedRules.parse(JSON.parse(record.rules)) };
}

/** Submission row → column values. */
export function submissionToRecord(row: SubmissionRow): typeof submissions.$inferSelect {
  // The sequence is the store's to assign (SQLite rowid, PostgreSQL identity), never the caller's.
  const { seq: _seq, ...fields } = row;
  return {
    ...fields,
    network: JSON.stringify(row.network),
    training: JSON.stringify(row.training),
    claimed: row.claimed === null ? null : JSON.stringify(row.claimed),
    weights: toBuffer(row.weights),
  };
}

/** Column values (without weights) → submission metadata. */
export function recordToSubmissionMeta(record: SubmissionMetaRecord): SubmissionMeta {
  return {
    id: record.id,
    roundId: record.roundId,
    playerId: record.playerId,
    network: storedNetwork.parse(JSON.parse(record.network)),
    training: storedTraining.parse(JSON.parse(record.training)),
    backend: record.backend,
    weightsSha256: record.weightsSha256,
    params: record.params,
    publicScore: record.publicScore,
    privateScore: record.privateScore,
    fullScore: record.fullScore,
    claimed: claimedSchema.parse(record.claimed === null ? null : JSON.parse(record.claimed)),
    audit: record.audit,
    auditReason: record.auditReason,
    replayScore: record.replayScore,
    createdAt: record.createdAt,
    auditedAt: record.auditedAt,
    submissionKey: record.submissionKey,
    ...(record.seq === undefined ? {} : { seq: Number(record.seq) }),
  };
}

/** Column values → full submission, weights copied into their own ArrayBuffer. */
export function recordToSubmission(record: SubmissionRecord): SubmissionRow {
  return { ...recordToSubmissionMeta(record), weights: toOwnedBytes(record.weights) };
}
