/**
 * The leaderboard as a pure fold over a round's submissions (PROTOCOL.md "Shapes"). The server
 * rebuilds it from stored rows at any time, so a restart or an audit result changes nothing but
 * the inputs.
 */
import type { NetworkSpec } from './spec';
import type { NetworkSummary } from './summary';
import { summarizeNetwork } from './summary';

export type AuditState = 'pending' | 'verified' | 'rejected';

/** One row of the board, exactly as sent on the wire. */
export interface LeaderboardEntry {
  /** 1-based; no shared ranks (ties go to the earlier submission). */
  rank: number;
  playerId: string;
  nickname: string;
  /** Accuracy on the public third, 4 decimals. */
  publicScore: number;
  /** Accuracy on the private two thirds: on the final board only, else null. */
  privateScore: number | null;
  /** How many submissions the player made this round (rejected ones included). */
  submissions: number;
  /** ISO time of the submission this entry shows. */
  bestAt: string;
  audit: AuditState;
  network: NetworkSummary;
  params: number;
}

/** What the fold needs of a submission; storage rows with more fields fit. */
export interface LeaderboardSubmission {
  id: string;
  playerId: string;
  publicScore: number;
  /** Null while unknown; on the final board it sorts after every known score. */
  privateScore: number | null;
  /** ISO-8601. */
  createdAt: string;
  /** The store's insertion order, when known: it breaks ties before `createdAt` (several servers' clocks). */
  seq?: number;
  audit: AuditState;
  network: NetworkSpec;
  params: number;
}

export interface LeaderboardPlayer {
  id: string;
  nickname: string;
}

function timeOrder(a: string, b: string): number {
  const ta = Date.parse(a);
  const tb = Date.parse(b);
  if (!Number.isNaN(ta) && !Number.isNaN(tb) && ta !== tb) return ta - tb;
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Negative when `a` was submitted before `b`: by the store's sequence when both have one (one
 * database orders every server's inserts), else by time, then by id (a total order).
 * @example earlier({ id: 'x', createdAt: t, seq: 2 }, { id: 'y', createdAt: t, seq: 1 }) > 0 // true
 */
export function earlier(a: Pick<LeaderboardSubmission, 'id' | 'createdAt' | 'seq'>, b: Pick<LeaderboardSubmission, 'id' | 'createdAt' | 'seq'>): number {
  if (a.seq !== undefined && b.seq !== undefined && a.seq !== b.seq) return a.seq - b.seq;
  return timeOrder(a.createdAt, b.createdAt) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** Better first: higher score, then the earlier submission (a total order). */
export function better(score: (s: LeaderboardSubmission) => number) {
  return (a: LeaderboardSubmission, b: LeaderboardSubmission): number => score(b) - score(a) || earlier(a, b);
}

/** Live order: public score, then the earlier submission, then the id. */
export const byPublic = better((s) => s.publicScore);
/** Final order: private score (unknown last), then the earlier submission, then the id. */
export const byPrivate = better((s) => s.privateScore ?? -1);

/**
 * Builds a round's board. Live (`final: false`): each player's best-public submission that was not
 * rejected, ranked by public score. Final: the same submission per player, ranked by its private
 * score. Ties go to the earlier submission. A player whose every submission was rejected keeps one
 * entry (audit `rejected`, privateScore null) ranked after everyone else; players without
 * submissions, and submissions of players not listed, do not appear. Pure.
 * @example buildLeaderboard(submissions, players, { final: false })[0].rank // 1
 */
export function buildLeaderboard(
  submissions: readonly LeaderboardSubmission[],
  players: readonly LeaderboardPlayer[],
  options: { final: boolean },
): LeaderboardEntry[] {
  const nickname = new Map(players.map((p) => [p.id, p.nickname]));
  const byPlayer = new Map<string, LeaderboardSubmission[]>();
  for (const s of submissions) {
    if (!nickname.has(s.playerId)) continue;
    const list = byPlayer.get(s.playerId) ?? [];
    list.push(s);
    byPlayer.set(s.playerId, list);
  }
  const ranked: LeaderboardSubmission[] = [];
  const rejected: LeaderboardSubmission[] = [];
  for (const list of byPlayer.values()) {
    const valid = list.filter((s) => s.audit !== 'rejected');
    if (valid.length > 0) ranked.push([...valid].sort(byPublic)[0]);
    else rejected.push([...list].sort(byPublic)[0]);
  }
  ranked.sort(options.final ? byPrivate : byPublic);
  rejected.sort(byPublic);
  return [...ranked, ...rejected].map((s, i) => ({
    rank: i + 1,
    playerId: s.playerId,
    nickname: nickname.get(s.playerId) ?? '',
    publicScore: s.publicScore,
    privateScore: options.final && s.audit !== 'rejected' ? s.privateScore : null,
    submissions: byPlayer.get(s.playerId)?.length ?? 0,
    bestAt: s.createdAt,
    audit: s.audit,
    network: summarizeNetwork(s.network),
    params: s.params,
  }));
}
