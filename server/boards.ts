/**
 * Boards, standings and the audit order. Boards are read from the round's `RankedBoard`
 * (server/live-boards.ts: built from storage once, then moved by each write), so the ack's rank,
 * the broadcasts and the HTTP pages share one computation. Broadcasts are throttled: the top
 * `BOARD_TOP` and the total to the tournament room at most once per round per interval (in a room
 * of more than `BIG_ROOM_PLAYERS`: to the watchers; the players at most once per second), and each
 * player's own entry (`leaderboard:you`) at most once per player per second, always the latest.
 */
import { BOARD_TOP } from '../game/protocol';
import type { LeaderboardUpdate, StandingEntry } from '../game/protocol';
import { standingsOf } from './game-adapters';
import { earlier } from '../game/leaderboard';
import type { ServiceContext } from './context';
import type { RoundRow, SubmissionMeta } from '../db/storage';
import { sendInSlices, youMessages } from './you-fanout';

/** `leaderboard:you` goes to a player at most this often (PROTOCOL.md: once per second). */
export const YOU_INTERVAL_MS = 1000;

/**
 * A room with more active players than this is big: its players hear `leaderboard:update` at most
 * every `PLAYERS_BOARD_INTERVAL_MS`, its watchers (host, spectators) every broadcast interval.
 */
export const BIG_ROOM_PLAYERS = 50;

/** How often the players of a big room hear `leaderboard:update` at most (docs/protocol.md). */
export const PLAYERS_BOARD_INTERVAL_MS = 1000;

/**
 * A page of a round's board as clients see it (final once the round is final): `total` entries in
 * all, `entries` from `offset` (0-based) up to `limit` of them. Default: the top `BOARD_TOP`.
 */
export async function roundBoard(ctx: ServiceContext, round: RoundRow, offset = 0, limit = BOARD_TOP): Promise<LeaderboardUpdate> {
  const board = await ctx.boards.get(round);
  return { roundId: round.id, final: board.final, total: board.total, entries: board.page(offset, limit) };
}

/** A player's rank on the round's board (1-based), or 0 without an entry. */
export async function rankIn(ctx: ServiceContext, round: RoundRow, playerId: string): Promise<number> {
  return (await ctx.boards.get(round)).rankOf(playerId);
}

/** Current standings of a tournament (a pure fold over saved round results). */
export async function tournamentStandings(ctx: ServiceContext, tournamentId: string): Promise<StandingEntry[]> {
  const [players, results] = await Promise.all([ctx.store.listPlayers(tournamentId), ctx.store.listRoundResults(tournamentId)]);
  return standingsOf(players, results);
}

/**
 * Each player's entry submission: the best public score among their submissions not rejected,
 * a tie going to the earlier one. Kicked players are skipped.
 */
export function entrySubmissions(subs: SubmissionMeta[], kicked: Set<string>): SubmissionMeta[] {
  const best = new Map<string, SubmissionMeta>();
  for (const s of subs) {
    if (s.audit === 'rejected' || kicked.has(s.playerId)) continue;
    const cur = best.get(s.playerId);
    if (!cur || s.publicScore > cur.publicScore || (s.publicScore === cur.publicScore && earlier(s, cur) < 0)) {
      best.set(s.playerId, s);
    }
  }
  return [...best.values()];
}

/**
 * The entries that must be settled before a round is final: the top `k` entry submissions in
 * final order (private score, then the earlier one, as the final board ranks). A rejected entry drops
 * out, so the next one is promoted into the top k on the next call.
 */
export function auditCandidates(subs: SubmissionMeta[], kicked: Set<string>, k: number): SubmissionMeta[] {
  return entrySubmissions(subs, kicked)
    .sort(
      (a, b) =>
        b.privateScore - a.privateScore || earlier(a, b),
    )
    .slice(0, k);
}

/** Sends `leaderboard:you` to every player of the round whose entry or rank changed since last told. */
async function emitYou(ctx: ServiceContext, roundId: string): Promise<void> {
  const round = await ctx.store.getRound(roundId);
  if (!round || ctx.closed.value) return;
  const board = await ctx.boards.get(round);
  const rounds = ctx.inFlight.youSent;
  let sent = rounds.get(roundId);
  if (!sent) {
    // Keep the last few rounds only: an older round's next change tells everyone once more.
    if (rounds.size >= 8) rounds.delete(rounds.keys().next().value as string);
    rounds.set(roundId, (sent = new Map()));
  }
  // One pass over the board, then the sends in slices (server/you-fanout.ts): acks are not starved.
  // Each server tells its own sockets (several servers: each one follows the board's moves).
  const messages = youMessages(board, roundId, sent);
  await sendInSlices(messages, (m) => ctx.broadcaster.toLocalPlayer(m.playerId, 'leaderboard:you', m.payload), () => ctx.closed.value);
}

/**
 * Schedules a throttled `leaderboard:update` for a round (the state at send time) and the
 * `leaderboard:you` messages of the players whose entry moved.
 */
export function scheduleBoard(ctx: ServiceContext, roundId: string): void {
  ctx.boardThrottle.schedule(roundId, async () => {
    const round = await ctx.store.getRound(roundId);
    if (!round || ctx.closed.value) return;
    const update = await roundBoard(ctx, round);
    if ((await ctx.rosters.get(round.tournamentId)).active <= BIG_ROOM_PLAYERS) {
      ctx.broadcaster.toTournament(round.tournamentId, 'leaderboard:update', update);
      return;
    }
    // A big room: the projector and the host first, every interval; the players (who see their
    // own row in leaderboard:you) at most once per second, through their own throttle.
    ctx.broadcaster.toWatchers(round.tournamentId, 'leaderboard:update', update);
    ctx.playersBoardThrottle.schedule(roundId, async () => {
      const latest = await ctx.store.getRound(roundId);
      if (!latest || ctx.closed.value) return;
      ctx.broadcaster.toPlayers(latest.tournamentId, 'leaderboard:update', await roundBoard(ctx, latest));
    });
  });
  scheduleYou(ctx, roundId);
  ctx.broadcaster.boardMoved(roundId);
}

/** Schedules the throttled `leaderboard:you` messages of a round, for this server's sockets. */
export function scheduleYou(ctx: ServiceContext, roundId: string): void {
  ctx.youThrottle.schedule(roundId, () => emitYou(ctx, roundId));
}

/** A socket of the player joined here (a resume, maybe from another server): tell them their entry again. */
export function retellYou(ctx: ServiceContext, roundId: string, playerId: string): void {
  ctx.inFlight.youSent.get(roundId)?.delete(playerId);
  scheduleYou(ctx, roundId);
}

/** Broadcasts standings to a tournament at once. */
export async function emitStandings(ctx: ServiceContext, tournamentId: string, code: string): Promise<void> {
  ctx.broadcaster.toTournament(tournamentId, 'standings:update', { code, entries: await tournamentStandings(ctx, tournamentId) });
}
