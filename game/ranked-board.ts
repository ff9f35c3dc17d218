/**
 * The leaderboard kept incrementally: one row per player in a sorted array, so a new submission,
 * an audit verdict or a kick moves one row (binary search, one splice) instead of rebuilding the
 * board, and a rank is a binary search. It ranks exactly as `buildLeaderboard` (a unit test
 * checks them against each other on random histories). Pure.
 */
import type { AuditState, LeaderboardEntry, LeaderboardPlayer, LeaderboardSubmission } from './leaderboard';
import { byPrivate, byPublic } from './leaderboard';
import { summarizeNetwork } from './summary';
import type { NetworkSummary } from './summary';

/** Scores that replace a submission's own (a verified webgl submission's replay). */
export type ReplacedScores = Pick<LeaderboardSubmission, 'publicScore' | 'privateScore'>;

interface Row {
  playerId: string;
  sub: LeaderboardSubmission;
  /** 0: has a submission that was not rejected; 1: every submission rejected (ranked last). */
  group: 0 | 1;
  summary: NetworkSummary;
}

interface PlayerState {
  nickname: string;
  subs: LeaderboardSubmission[];
  row: Row | null;
}

/**
 * A round's board that updates in O(log N + N) memory moves per change and answers ranks in O(log N).
 * @example
 * const board = new RankedBoard({ final: false });
 * board.upsert({ id: 'p1', nickname: 'Ada' }, submission);
 * board.rankOf('p1'); // 1
 * board.page(0, 50); // the top 50 entries, in rank order
 */
export class RankedBoard {
  readonly final: boolean;
  private readonly players = new Map<string, PlayerState>();
  private readonly owner = new Map<string, string>();
  private readonly order: Row[] = [];
  private changes = 0;

  constructor(opts: { final: boolean }) {
    this.final = opts.final;
  }

  /** Entries on the board (players with at least one submission). */
  get total(): number {
    return this.order.length;
  }

  /** Bumps on every change: a cheap "did anything move" test for callers. */
  get version(): number {
    return this.changes;
  }

  /** Adds a submission, or replaces the one with the same id (an audit verdict, a retry). */
  upsert(player: LeaderboardPlayer, sub: LeaderboardSubmission): void {
    let state = this.players.get(player.id);
    if (!state) this.players.set(player.id, (state = { nickname: player.nickname, subs: [], row: null }));
    state.nickname = player.nickname;
    const at = state.subs.findIndex((s) => s.id === sub.id);
    if (at >= 0) state.subs[at] = sub;
    else state.subs.push(sub);
    this.owner.set(sub.id, player.id);
    this.place(player.id, state);
  }

  /**
   * Changes the audit state of a stored submission, and its scores when `scores` are given (a
   * verified webgl submission is ranked by its replay); false when the board does not hold it.
   */
  setAudit(submissionId: string, audit: AuditState, scores?: ReplacedScores): boolean {
    const playerId = this.owner.get(submissionId);
    const state = playerId === undefined ? undefined : this.players.get(playerId);
    if (!playerId || !state) return false;
    const at = state.subs.findIndex((s) => s.id === submissionId);
    if (at < 0) return false;
    state.subs[at] = scores
      ? { ...state.subs[at], audit, publicScore: scores.publicScore, privateScore: scores.privateScore }
      : { ...state.subs[at], audit };
    this.place(playerId, state);
    return true;
  }

  /** Takes a player (kicked) off the board with all their submissions. */
  remove(playerId: string): void {
    const state = this.players.get(playerId);
    if (!state) return;
    if (state.row) this.order.splice(this.indexOf(state.row), 1);
    for (const s of state.subs) this.owner.delete(s.id);
    this.players.delete(playerId);
    this.changes++;
  }

  /** 1-based rank of a player, or 0 when they have no entry. */
  rankOf(playerId: string): number {
    const row = this.players.get(playerId)?.row;
    return row ? this.indexOf(row) + 1 : 0;
  }

  /** A player's entry as the wire carries it, or null. */
  entryOf(playerId: string): LeaderboardEntry | null {
    const row = this.players.get(playerId)?.row;
    return row ? this.entry(row, this.indexOf(row)) : null;
  }

  /** Entries `offset .. offset + limit − 1` in rank order (fewer at the end). */
  page(offset: number, limit: number): LeaderboardEntry[] {
    const start = Math.max(0, Math.floor(offset));
    const end = Math.min(this.order.length, start + Math.max(0, Math.floor(limit)));
    const out: LeaderboardEntry[] = [];
    for (let i = start; i < end; i++) out.push(this.entry(this.order[i], i));
    return out;
  }

  /**
   * Visits every row in rank order with what changes a player's own entry (cheap: no entry built).
   * `entry()` builds that row's entry from the position already in hand, so a caller that needs
   * some players' entries gets them in the same pass, without a binary search per player.
   */
  forEachRank(visit: (playerId: string, rank: number, key: string, entry: () => LeaderboardEntry) => void): void {
    for (let i = 0; i < this.order.length; i++) {
      const r = this.order[i];
      const state = this.players.get(r.playerId);
      visit(r.playerId, i + 1, `${i + 1}|${r.sub.id}|${r.sub.audit}|${state?.subs.length ?? 0}|${state?.nickname ?? ''}`, () => this.entry(r, i));
    }
  }

  private entry(row: Row, index: number): LeaderboardEntry {
    const state = this.players.get(row.playerId);
    const s = row.sub;
    return {
      rank: index + 1,
      playerId: row.playerId,
      nickname: state?.nickname ?? '',
      publicScore: s.publicScore,
      privateScore: this.final && s.audit !== 'rejected' ? s.privateScore : null,
      submissions: state?.subs.length ?? 0,
      bestAt: s.createdAt,
      audit: s.audit,
      network: row.summary,
      params: s.params,
    };
  }

  private compare = (a: Row, b: Row): number => {
    if (a.group !== b.group) return a.group - b.group;
    return a.group === 0 && this.final ? byPrivate(a.sub, b.sub) : byPublic(a.sub, b.sub);
  };

  /** First index whose row is not better than `row` (the row itself when present). */
  private lowerBound(row: Row): number {
    let lo = 0;
    let hi = this.order.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.compare(this.order[mid], row) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private indexOf(row: Row): number {
    const i = this.lowerBound(row);
    if (this.order[i] !== row) throw new Error(`ranked board lost the row of ${row.playerId}`);
    return i;
  }

  /** Recomputes a player's row (best-public submission not rejected, else best rejected) and re-sorts it. */
  private place(playerId: string, state: PlayerState): void {
    if (state.row) this.order.splice(this.indexOf(state.row), 1);
    let best: LeaderboardSubmission | null = null;
    let group: 0 | 1 = 0;
    for (const s of state.subs) if (s.audit !== 'rejected' && (!best || byPublic(s, best) < 0)) best = s;
    if (!best) {
      group = 1;
      for (const s of state.subs) if (!best || byPublic(s, best) < 0) best = s;
    }
    if (!best) {
      state.row = null;
    } else {
      const summary = state.row && state.row.sub.network === best.network ? state.row.summary : summarizeNetwork(best.network);
      const row: Row = { playerId, sub: best, group, summary };
      this.order.splice(this.lowerBound(row), 0, row);
      state.row = row;
    }
    this.changes++;
  }
}
