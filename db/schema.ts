/**
 * The drizzle schema (SQLite dialect): one table per stored concept of `db/storage.ts`.
 * Configs and rules are JSON text, weights a BLOB, scores REAL, timestamps ISO-8601 text (they
 * sort lexically in time order, which `listSubmissions` relies on). Migrations in `db/migrations`
 * are generated from this file with `npm run db:generate`; never edit them by hand.
 */
import { blob, index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

export const tournaments = sqliteTable(
  'tournaments',
  {
    id: text('id').primaryKey(),
    code: text('code').notNull(),
    title: text('title').notNull(),
    hostKeyHash: text('host_key_hash').notNull(),
    status: text('status', { enum: ['active', 'finished'] }).notNull(),
    createdAt: text('created_at').notNull(),
    // Set by the host (tournament:lock): no new nicknames may join; resumes by token still can.
    locked: integer('locked', { mode: 'boolean' }).notNull().default(false),
  },
  (t) => [uniqueIndex('tournaments_code_unique').on(t.code)],
);

/**
 * Who a "block rejoining" kick keeps out of a tournament: one row per (tournament, key), where the
 * key is `address:` + SHA-256 hex of a client address (the address itself is not stored).
 */
export const tournamentBlocks = sqliteTable(
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

export const players = sqliteTable(
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

export const rounds = sqliteTable(
  'rounds',
  {
    id: text('id').primaryKey(),
    tournamentId: text('tournament_id')
      .notNull()
      .references(() => tournaments.id),
    // `index` is an SQL keyword; the column name avoids quoting surprises in hand-written SQL.
    index: integer('round_index').notNull(),
    title: text('title').notNull(),
    presetId: text('preset_id'),
    status: text('status', { enum: ['draft', 'open', 'closed', 'final'] }).notNull(),
    rules: text('rules').notNull(),
    trainSeed: integer('train_seed'),
    // Legacy 32-bit seed of rounds opened before 128-bit secrets; new rounds fill `test_secret`.
    testSeed: integer('test_seed'),
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

export const submissions = sqliteTable(
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
    weights: blob('weights', { mode: 'buffer' }).notNull(),
    weightsSha256: text('weights_sha256').notNull(),
    params: integer('params').notNull(),
    publicScore: real('public_score').notNull(),
    privateScore: real('private_score').notNull(),
    fullScore: real('full_score').notNull(),
    claimed: text('claimed'),
    audit: text('audit', { enum: ['pending', 'verified', 'rejected'] }).notNull(),
    auditReason: text('audit_reason'),
    replayScore: real('replay_score'),
    createdAt: text('created_at').notNull(),
    auditedAt: text('audited_at'),
    // The client's idempotency key for submission:create; NULL when the client sent none.
    submissionKey: text('submission_key'),
  },
  (t) => [
    index('submissions_round_player_idx').on(t.roundId, t.playerId),
    index('submissions_round_created_idx').on(t.roundId, t.createdAt),
    // SQLite treats NULLs as distinct in a unique index, so keyless submissions never collide;
    // a retried key can only ever be stored once per player and round, whatever the server does.
    uniqueIndex('submissions_player_round_key_unique').on(t.playerId, t.roundId, t.submissionKey),
  ],
);

export const roundResults = sqliteTable(
  'round_results',
  {
    roundId: text('round_id')
      .notNull()
      .references(() => rounds.id),
    playerId: text('player_id')
      .notNull()
      .references(() => players.id),
    rank: integer('rank').notNull(),
    points: real('points').notNull(),
    publicScore: real('public_score'),
    privateScore: real('private_score'),
    audit: text('audit', { enum: ['pending', 'verified', 'rejected'] }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.roundId, t.playerId] })],
);
