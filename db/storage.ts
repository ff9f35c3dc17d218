/**
 * The storage seam: everything the round logic needs from a database, as an interface, so the
 * same service runs on SQLite (db/sqlite-store.ts), PostgreSQL later, and an in-memory store in
 * unit tests. One contract test suite (tests/integration/storage-contract.test.ts) runs against
 * every implementation. All methods are async for the PostgreSQL path; SQLite resolves at once.
 * Timestamps are ISO-8601 strings; ids are opaque strings.
 */
import type { Backend, NetworkSpec, Rules, TrainingSpec } from '../game/spec';
import type { AuditState, RoundStatus } from '../game/protocol';
import type { TestSecret } from '../game/tasks/test-secret';

export interface TournamentRow {
  id: string;
  code: string;
  title: string;
  /** SHA-256 hex of the host key; the key itself is never stored. */
  hostKeyHash: string;
  status: 'active' | 'finished';
  createdAt: string;
  /** Set by the host (`tournament:lock`): new nicknames are refused; resumes by token still work. */
  locked: boolean;
}

export interface PlayerRow {
  id: string;
  tournamentId: string;
  nickname: string;
  /** Lower-cased nickname: unique per tournament regardless of case. */
  nicknameKey: string;
  /** SHA-256 hex of the player token. */
  tokenHash: string;
  joinedAt: string;
  kickedAt: string | null;
}

export interface RoundRow {
  id: string;
  tournamentId: string;
  /** 1-based position in the tournament. */
  index: number;
  title: string;
  presetId: string | null;
  status: RoundStatus;
  rules: Rules;
  trainSeed: number | null;
  /**
   * Secret: never leaves the server. A 128-bit secret (32 hex digits, column `test_secret`), or
   * the 32-bit seed of a round stored before (column `test_seed`); game/tasks/test-secret.ts.
   */
  testSeed: TestSecret | null;
  createdAt: string;
  startedAt: string | null;
  endsAt: string | null;
  closedAt: string | null;
  finalizedAt: string | null;
  /** The insights fold this round keeps (game/insights.ts `foldInsights`); 1 for rounds stored before versions were. */
  insightsVersion: number;
}

export interface SubmissionRow {
  id: string;
  roundId: string;
  playerId: string;
  network: NetworkSpec;
  training: TrainingSpec;
  backend: Backend;
  /** Little-endian float32 bytes, exactly 4 × params. */
  weights: Uint8Array;
  weightsSha256: string;
  params: number;
  /** Accuracy on the public third of the hidden test set, 4 decimals. */
  publicScore: number;
  /** Accuracy on the private two thirds, 4 decimals. */
  privateScore: number;
  /** Accuracy on the whole hidden test set (insights use it), 4 decimals. */
  fullScore: number;
  claimed: { trainLoss: number; trainAccuracy: number } | null;
  audit: AuditState;
  auditReason: string | null;
  /** Private accuracy of the server's replay, when replayed. */
  replayScore: number | null;
  createdAt: string;
  auditedAt: string | null;
  /**
   * The client's idempotency key (8–64 of [A-Za-z0-9_-]), or null when it sent none. Unique per
   * (player, round) among non-null keys; null keys never collide.
   */
  submissionKey: string | null;
  /**
   * The database's insertion order, set by the store when it reads a row back (ignored on insert):
   * strictly increasing across every server sharing the database, so equal scores at the same
   * millisecond on two servers still rank the same way everywhere.
   */
  seq?: number;
}

/** A submission without its weights, for boards and exports. */
export type SubmissionMeta = Omit<SubmissionRow, 'weights'>;

export interface RoundResultRow {
  roundId: string;
  playerId: string;
  rank: number;
  points: number;
  publicScore: number | null;
  privateScore: number | null;
  audit: AuditState;
}

export interface AuditPatch {
  audit: AuditState;
  auditReason: string | null;
  replayScore: number | null;
  auditedAt: string;
  /**
   * A verified webgl submission: the replayed weights' scores, which replace its stored
   * public/private/full scores (PROTOCOL.md: it is ranked by the server's replay).
   */
  scores?: { publicScore: number; privateScore: number; fullScore: number };
}

/** What `insertSubmission` checks atomically with the insert. */
export interface InsertSubmissionOptions {
  /** Submissions the player may have in the round, this one included (the round's `maxSubmissions`). */
  maxPerPlayer?: number;
  /**
   * Refuse the insert unless the round is still `open` and the player not kicked, read in the same
   * atomic step (`StorageIntegrityError` 'round-not-open' or 'kicked'), so a submission checked
   * before another server closed the round or kicked the player is not stored after it.
   */
  whileOpen?: boolean;
}

export interface Storage {
  createTournament(row: TournamentRow): Promise<void>;
  getTournamentByCode(code: string): Promise<TournamentRow | null>;
  getTournament(id: string): Promise<TournamentRow | null>;
  setTournamentStatus(id: string, status: TournamentRow['status']): Promise<void>;
  setTournamentLocked(id: string, locked: boolean): Promise<void>;
  /**
   * Remembers keys (e.g. `address:<sha256 hex>`) a "block rejoining" kick keeps out of the
   * tournament; a key stored before is kept as it was (no error).
   */
  addBlocks(tournamentId: string, keys: string[], at: string): Promise<void>;
  /** Whether any of `keys` is blocked in the tournament. */
  hasBlock(tournamentId: string, keys: string[]): Promise<boolean>;

  /** Throws `NicknameTakenError` when (tournamentId, nicknameKey) exists. */
  createPlayer(row: PlayerRow): Promise<void>;
  getPlayer(id: string): Promise<PlayerRow | null>;
  getPlayerByTokenHash(tokenHash: string): Promise<PlayerRow | null>;
  listPlayers(tournamentId: string): Promise<PlayerRow[]>;
  /** Players of the tournament not kicked (one count, not a list: a join reads it on a shared database). */
  countActivePlayers(tournamentId: string): Promise<number>;
  kickPlayer(id: string, at: string): Promise<void>;

  createRound(row: RoundRow): Promise<void>;
  getRound(id: string): Promise<RoundRow | null>;
  /** Rounds of a tournament by ascending index. */
  listRounds(tournamentId: string): Promise<RoundRow[]>;
  /** All rounds in the given statuses, any tournament (restart recovery). */
  listRoundsByStatus(statuses: RoundStatus[]): Promise<RoundRow[]>;
  updateRound(id: string, patch: Partial<Omit<RoundRow, 'id' | 'tournamentId'>>): Promise<void>;

  /**
   * Durable once the promise resolves: a crash right after loses nothing. With `maxPerPlayer`, the
   * count of the player's submissions in the round and the insert are one atomic step in the
   * database, across every process sharing it: a player who already has `maxPerPlayer` rows there
   * is refused with `StorageIntegrityError` ('limit') and nothing is written, so two servers
   * racing on a player's last submission cannot both store one.
   */
  insertSubmission(row: SubmissionRow, opts?: InsertSubmissionOptions): Promise<void>;
  getSubmission(id: string): Promise<SubmissionRow | null>;
  /** Submissions of a round by ascending createdAt, without weights. */
  listSubmissions(roundId: string): Promise<SubmissionMeta[]>;
  /**
   * Submissions of a round whose `seq` is above `afterSeq`, by ascending `seq`, without weights:
   * what another server stored since a board last read the round (server/shared-boards.ts).
   */
  listSubmissionsAfter(roundId: string, afterSeq: number): Promise<SubmissionMeta[]>;
  /** Every submission of every round of a tournament, without weights (CSV export). */
  listTournamentSubmissions(tournamentId: string): Promise<SubmissionMeta[]>;
  countSubmissions(roundId: string, playerId: string): Promise<number>;
  /**
   * The player's submission of the round stored with this idempotency key, without weights, or
   * null. A second insert with the same (round, player, non-null key) is refused with
   * `StorageIntegrityError` ('duplicate').
   */
  findSubmissionByKey(roundId: string, playerId: string, key: string): Promise<SubmissionMeta | null>;
  updateSubmissionAudit(id: string, patch: AuditPatch): Promise<void>;

  /** Replaces the results of a round (written when it becomes final). */
  saveRoundResults(roundId: string, rows: RoundResultRow[]): Promise<void>;
  listRoundResults(tournamentId: string): Promise<RoundResultRow[]>;

  close(): Promise<void>;
}

/** Thrown by `createPlayer` when the nickname is taken in that tournament (any case). */
export class NicknameTakenError extends Error {
  constructor(nickname: string) {
    super(`The nickname "${nickname}" is already taken in this tournament.`);
    this.name = 'NicknameTakenError';
  }
}
