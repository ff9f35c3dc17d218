/**
 * An in-memory `Storage` with the SQLite store's semantics (keys, references, orderings, typed
 * errors), for fast unit tests of the round logic. Rows are deep-copied on the way in and out, so
 * a caller mutating an object it passed or received cannot change what is stored. Nothing
 * survives the process.
 */
import { StorageIntegrityError } from './errors';
import { NicknameTakenError } from './storage';
import type {
  PlayerRow,
  RoundResultRow,
  RoundRow,
  Storage,
  SubmissionMeta,
  SubmissionRow,
  TournamentRow,
} from './storage';

function copyMeta(row: SubmissionRow): SubmissionMeta {
  const { weights: _weights, ...meta } = row;
  return structuredClone(meta);
}

function copySubmission(row: SubmissionRow): SubmissionRow {
  // `slice` gives the caller exactly the row's bytes in a fresh ArrayBuffer, as SQLite does.
  return { ...copyMeta(row), weights: row.weights.slice() };
}

function byKeys<T>(...keys: ((row: T) => string | number)[]): (a: T, b: T) => number {
  return (a, b) => {
    for (const key of keys) {
      const x = key(a);
      const y = key(b);
      if (x < y) return -1;
      if (x > y) return 1;
    }
    return 0;
  };
}

/**
 * Creates an empty in-memory store. Same contract as `createSqliteStore` (checked by
 * tests/integration/storage-contract.test.ts): `NicknameTakenError` for a nickname used in the
 * tournament in any case, `StorageIntegrityError` for duplicate keys and missing references.
 * @example const store = createMemoryStore(); await store.createTournament(row);
 */
export function createMemoryStore(): Storage {
  const tournaments = new Map<string, TournamentRow>();
  const players = new Map<string, PlayerRow>();
  const rounds = new Map<string, RoundRow>();
  const submissions = new Map<string, SubmissionRow>();
  // Keyed by round id, then player id: mirrors the (round_id, player_id) primary key.
  const results = new Map<string, Map<string, RoundResultRow>>();
  // Blocked keys per tournament id (the tournament_blocks table).
  const blocks = new Map<string, Set<string>>();

  function requireTournament(id: string, what: string): TournamentRow {
    const row = tournaments.get(id);
    if (!row) throw new StorageIntegrityError('missing-reference', `${what}: no tournament ${id}`);
    return row;
  }
  function requireRound(id: string, what: string): RoundRow {
    const row = rounds.get(id);
    if (!row) throw new StorageIntegrityError('missing-reference', `${what}: no round ${id}`);
    return row;
  }
  function requirePlayer(id: string, what: string): PlayerRow {
    const row = players.get(id);
    if (!row) throw new StorageIntegrityError('missing-reference', `${what}: no player ${id}`);
    return row;
  }
  function duplicate(what: string, key: string): never {
    throw new StorageIntegrityError('duplicate', `${what}: ${key} already exists`);
  }
  function findByKey(roundId: string, playerId: string, key: string): SubmissionRow | undefined {
    for (const s of submissions.values()) {
      if (s.roundId === roundId && s.playerId === playerId && s.submissionKey === key) return s;
    }
    return undefined;
  }
  const roundIndexOf = (roundId: string): number => rounds.get(roundId)?.index ?? 0;

  return {
    async createTournament(row) {
      if (tournaments.has(row.id)) duplicate('createTournament', `id ${row.id}`);
      for (const t of tournaments.values()) if (t.code === row.code) duplicate('createTournament', `code ${row.code}`);
      tournaments.set(row.id, structuredClone(row));
    },
    async getTournamentByCode(code) {
      for (const t of tournaments.values()) if (t.code === code) return structuredClone(t);
      return null;
    },
    async getTournament(id) {
      const row = tournaments.get(id);
      return row ? structuredClone(row) : null;
    },
    async setTournamentStatus(id, status) {
      const row = tournaments.get(id);
      if (row) row.status = status;
    },
    async setTournamentLocked(id, locked) {
      const row = tournaments.get(id);
      if (row) row.locked = locked;
    },
    async addBlocks(tournamentId, keys, at) {
      void at;
      if (keys.length === 0) return;
      requireTournament(tournamentId, 'addBlocks');
      const set = blocks.get(tournamentId) ?? new Set<string>();
      for (const k of keys) set.add(k);
      blocks.set(tournamentId, set);
    },
    async hasBlock(tournamentId, keys) {
      const set = blocks.get(tournamentId);
      return set !== undefined && keys.some((k) => set.has(k));
    },

    async createPlayer(row) {
      requireTournament(row.tournamentId, 'createPlayer');
      for (const p of players.values()) {
        if (p.tournamentId === row.tournamentId && p.nicknameKey === row.nicknameKey) {
          throw new NicknameTakenError(row.nickname);
        }
      }
      if (players.has(row.id)) duplicate('createPlayer', `id ${row.id}`);
      players.set(row.id, structuredClone(row));
    },
    async getPlayer(id) {
      const row = players.get(id);
      return row ? structuredClone(row) : null;
    },
    async getPlayerByTokenHash(tokenHash) {
      for (const p of players.values()) if (p.tokenHash === tokenHash) return structuredClone(p);
      return null;
    },
    async listPlayers(tournamentId) {
      return [...players.values()]
        .filter((p) => p.tournamentId === tournamentId)
        .sort(byKeys((p) => p.joinedAt, (p) => p.id))
        .map((p) => structuredClone(p));
    },
    async countActivePlayers(tournamentId) {
      let n = 0;
      for (const p of players.values()) if (p.tournamentId === tournamentId && p.kickedAt === null) n += 1;
      return n;
    },
    async kickPlayer(id, at) {
      const row = players.get(id);
      if (row && row.kickedAt === null) row.kickedAt = at;
    },

    async createRound(row) {
      requireTournament(row.tournamentId, 'createRound');
      if (rounds.has(row.id)) duplicate('createRound', `id ${row.id}`);
      for (const r of rounds.values()) {
        if (r.tournamentId === row.tournamentId && r.index === row.index) {
          duplicate('createRound', `round ${row.index} of tournament ${row.tournamentId}`);
        }
      }
      rounds.set(row.id, structuredClone(row));
    },
    async getRound(id) {
      const row = rounds.get(id);
      return row ? structuredClone(row) : null;
    },
    async listRounds(tournamentId) {
      return [...rounds.values()]
        .filter((r) => r.tournamentId === tournamentId)
        .sort(byKeys((r) => r.index))
        .map((r) => structuredClone(r));
    },
    async listRoundsByStatus(statuses) {
      return [...rounds.values()]
        .filter((r) => statuses.includes(r.status))
        .sort(byKeys((r) => r.createdAt, (r) => r.id))
        .map((r) => structuredClone(r));
    },
    async updateRound(id, patch) {
      const row = rounds.get(id);
      if (!row) return;
      const defined = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
      const next: RoundRow = { ...row, ...structuredClone(defined) };
      if (next.index !== row.index) {
        for (const r of rounds.values()) {
          if (r.id !== id && r.tournamentId === row.tournamentId && r.index === next.index) {
            duplicate('updateRound', `round ${next.index} of tournament ${row.tournamentId}`);
          }
        }
      }
      rounds.set(id, next);
    },

    async insertSubmission(row, opts) {
      requireRound(row.roundId, 'insertSubmission');
      requirePlayer(row.playerId, 'insertSubmission');
      if (submissions.has(row.id)) duplicate('insertSubmission', `id ${row.id}`);
      // Mirrors the unique (player_id, round_id, submission_key) index: NULL keys never collide.
      if (row.submissionKey !== null && findByKey(row.roundId, row.playerId, row.submissionKey)) {
        duplicate('insertSubmission', `key ${row.submissionKey} of player ${row.playerId} in round ${row.roundId}`);
      }
      // Read with no await before the insert: no close, kick or row can land in between.
      const round = rounds.get(row.roundId);
      if (opts?.whileOpen && round && round.status !== 'open') {
        throw new StorageIntegrityError('round-not-open', `insertSubmission: round ${row.roundId} is ${round.status}`);
      }
      if (opts?.whileOpen && players.get(row.playerId)?.kickedAt) {
        throw new StorageIntegrityError('kicked', `insertSubmission: player ${row.playerId} was kicked`);
      }
      const max = opts?.maxPerPlayer;
      if (max !== undefined && [...submissions.values()].filter((s) => s.roundId === row.roundId && s.playerId === row.playerId).length >= max) {
        throw new StorageIntegrityError('limit', `insertSubmission: player ${row.playerId} already has ${max} submissions in round ${row.roundId}`);
      }
      // The insertion order, as the SQLite rowid and the PostgreSQL identity column give it.
      submissions.set(row.id, { ...copySubmission(row), seq: submissions.size + 1 });
    },
    async getSubmission(id) {
      const row = submissions.get(id);
      return row ? copySubmission(row) : null;
    },
    async listSubmissions(roundId) {
      return [...submissions.values()]
        .filter((s) => s.roundId === roundId)
        .sort(byKeys((s) => s.createdAt, (s) => s.id))
        .map(copyMeta);
    },
    async listSubmissionsAfter(roundId, afterSeq) {
      return [...submissions.values()]
        .filter((s) => s.roundId === roundId && (s.seq ?? 0) > afterSeq)
        .sort(byKeys((s) => s.seq ?? 0))
        .map(copyMeta);
    },
    async listTournamentSubmissions(tournamentId) {
      return [...submissions.values()]
        .filter((s) => rounds.get(s.roundId)?.tournamentId === tournamentId)
        .sort(byKeys((s) => roundIndexOf(s.roundId), (s) => s.createdAt, (s) => s.id))
        .map(copyMeta);
    },
    async countSubmissions(roundId, playerId) {
      let n = 0;
      for (const s of submissions.values()) if (s.roundId === roundId && s.playerId === playerId) n += 1;
      return n;
    },
    async findSubmissionByKey(roundId, playerId, key) {
      const row = findByKey(roundId, playerId, key);
      return row ? copyMeta(row) : null;
    },
    async updateSubmissionAudit(id, patch) {
      const row = submissions.get(id);
      if (!row) return;
      row.audit = patch.audit;
      row.auditReason = patch.auditReason;
      row.replayScore = patch.replayScore;
      row.auditedAt = patch.auditedAt;
      if (patch.scores) Object.assign(row, patch.scores);
    },

    async saveRoundResults(roundId, rows) {
      // Validate everything first: like the SQLite transaction, a refused save changes nothing.
      requireRound(roundId, 'saveRoundResults');
      const next = new Map<string, RoundResultRow>();
      for (const row of rows) {
        requirePlayer(row.playerId, 'saveRoundResults');
        if (next.has(row.playerId)) duplicate('saveRoundResults', `player ${row.playerId} in round ${roundId}`);
        next.set(row.playerId, structuredClone({ ...row, roundId }));
      }
      results.set(roundId, next);
    },
    async listRoundResults(tournamentId) {
      const out: RoundResultRow[] = [];
      for (const [roundId, byPlayer] of results) {
        if (rounds.get(roundId)?.tournamentId !== tournamentId) continue;
        for (const row of byPlayer.values()) out.push(structuredClone(row));
      }
      return out.sort(byKeys((r) => roundIndexOf(r.roundId), (r) => r.rank, (r) => r.playerId));
    },

    async close() {
      // Nothing to release; kept for the interface.
    },
  };
}
