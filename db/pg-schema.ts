/**
 * The drizzle schema for PostgreSQL: the same tables, columns and keys as `db/schema.ts` (SQLite),
 * so one `Storage` contract holds on both. Configs and rules stay JSON text (the row codec of
 * db/row-codec.ts validates them on the way out, exactly as on SQLite), weights are `bytea`,
 * scores `double precision` (a float64 round-trips bit for bit), timestamps ISO-8601 text (they
 * sort lexically in time order). Two things exist only here, for running several servers on one
 * database: `submissions.seq`, an identity sequence that breaks ties across processes, and
 * `round_leases`, the owner of each open round. Migrations in `db/pg-migrations` are generated
 * from this file with `npm run db:generate:pg`; never edit them by hand.
 */
import {
  bigint,
  boolean,
  customType,
  doublePrecision,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

/** `bytea` ↔ Buffer (node-postgres hands back a Buffer, and binds a Buffer as bytea). */
const bytea = customType<{ data: Buffer; driverData: Buffer }>({
  dataType: () => 'bytea',
});

export const tournaments = pgTable(
  'tournaments',
  {
    id: text('id').primaryKey(),
    code: text('code').notNull(),
    title: text('title').notNull(),
    hostKeyHash: text('host_key_hash').notNull(),
    status: text('status', { enum: ['active', 'finished'] }).notNull(),
    createdAt: text('created_at').notNull(),
    // Set by the host (tournament:lock): no new nicknames may join; resumes by token still can.
    locked: boolean('locked').notNull().default(false),
  },
  (t) => [uniqueIndex('tournaments_code_unique').on(t.code)],
);

/** Who a "block rejoining" kick keeps out (see db/schema.ts `tournamentBlocks`). */
export const tournamentBlocks = pgTable(
  'tournament_blocks',
  {
    tournamentId: text('tournament_id')
      .notNull()
      .references(() => tournaments.id),
    blockKey: text('block_key').notNull(),
    createdAt: text('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.tournamentId, t.blockKey] })],
);

export const players = pgTable(
  'players',
  {
    id: text('id').primaryKey(),
    tournamentId: text('tournament_id')
      .notNull()
      .references(() => tournaments.id),
    nickname: text('nickname').notNull(),
    nicknameKey: text('nickname_key').notNull(),
    tokenHash: text('token_hash').notNull(),
    joinedAt: text('joined_at').notNull(),
    kickedAt: text('kicked_at'),
  },
  (t) => [
    uniqueIndex('players_tournament_nickname_unique').on(t.tournamentId, t.nicknameKey),
    index('players_token_hash_idx').on(t.tokenHash),
  ],
);

export const rounds = pgTable(
  'rounds',
  {
    id: text('id').primaryKey(),
    tournamentId: text('tournament_id')
      .notNull()
      .references(() => tournaments.id),
    index: integer('round_index').notNull(),
    title: text('title').notNull(),
    presetId: text('preset_id'),
    status: text('status', { enum: ['draft', 'open', 'closed', 'final'] }).notNull(),
    rules: text('rules').notNull(),
    // Seeds are unsigned 32-bit: they do not fit PostgreSQL's signed `integer`.
    trainSeed: bigint('train_seed', { mode: 'number' }),
    // Legacy 32-bit seed of rounds opened before 128-bit secrets; new rounds fill `test_secret`.
    testSeed: bigint('test_seed', { mode: 'number' }),
    testSecret: text('test_secret'),
    createdAt: text('created_at').notNull(),
    startedAt: text('started_at'),
    endsAt: text('ends_at'),
    closedAt: text('closed_at'),
    finalizedAt: text('finalized_at'),
    // The insights fold the round was created under (game/insights.ts); rounds from before it existed are 1.
    insightsVersion: integer('insights_version').notNull().default(1),
  },
  (t) => [
    index('rounds_status_idx').on(t.status),
    uniqueIndex('rounds_tournament_index_unique').on(t.tournamentId, t.index),
  ],
);

export const submissions = pgTable(
  'submissions',
  {
    id: text('id').primaryKey(),
    roundId: text('round_id')
      .notNull()
      .references(() => rounds.id),
    playerId: text('player_id')
      .notNull()
      .references(() => players.id),
    network: text('network').notNull(),
    training: text('training').notNull(),
    backend: text('backend', { enum: ['js', 'wasm', 'webgl', 'cpu'] }).notNull(),
    weights: bytea('weights').notNull(),
    weightsSha256: text('weights_sha256').notNull(),
    params: integer('params').notNull(),
    publicScore: doublePrecision('public_score').notNull(),
    privateScore: doublePrecision('private_score').notNull(),
    fullScore: doublePrecision('full_score').notNull(),
    claimed: text('claimed'),
    audit: text('audit', { enum: ['pending', 'verified', 'rejected'] }).notNull(),
    auditReason: text('audit_reason'),
    replayScore: doublePrecision('replay_score'),
    createdAt: text('created_at').notNull(),
    auditedAt: text('audited_at'),
    submissionKey: text('submission_key'),
    // The database's insertion order: one sequence for every server, so ties break the same way
    // whichever process stored the rows.
    seq: bigint('seq', { mode: 'number' }).generatedAlwaysAsIdentity().notNull(),
  },
  (t) => [
    index('submissions_round_player_idx').on(t.roundId, t.playerId),
    index('submissions_round_created_idx').on(t.roundId, t.createdAt),
    // A board's incremental read: the rows of a round stored after a sequence (listSubmissionsAfter).
    index('submissions_round_seq_idx').on(t.roundId, t.seq),
    // PostgreSQL also treats NULLs as distinct in a unique index (the default NULLS DISTINCT).
    uniqueIndex('submissions_player_round_key_unique').on(t.playerId, t.roundId, t.submissionKey),
  ],
);

export const roundResults = pgTable(
  'round_results',
  {
    roundId: text('round_id')
      .notNull()
      .references(() => rounds.id),
    playerId: text('player_id')
      .notNull()
      .references(() => players.id),
    rank: integer('rank').notNull(),
    points: doublePrecision('points').notNull(),
    publicScore: doublePrecision('public_score'),
    privateScore: doublePrecision('private_score'),
    audit: text('audit', { enum: ['pending', 'verified', 'rejected'] }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.roundId, t.playerId] })],
);

/**
 * Who runs each open round: one row per round, held by `owner` (a server's random instance id)
 * until `expires_at_ms` (epoch ms). The owner renews it; any server may take it once it lapsed.
 */
export const roundLeases = pgTable('round_leases', {
  roundId: text('round_id')
    .primaryKey()
    .references(() => rounds.id),
  owner: text('owner').notNull(),
  expiresAtMs: bigint('expires_at_ms', { mode: 'number' }).notNull(),
});
