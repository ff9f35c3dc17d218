/**
 * Replays while a round is open (DESIGN.md: idle workers replay what the close-time audit does not
 * need first). Whenever a verification worker is idle and no score is waiting, the next pending
 * submission of an open round (fair share: the player with the fewest replays first) is replayed
 * at low priority, so the live board shows `verified` or
 * `rejected` as replays settle, and at close the top K that are already settled need no second replay
 * (`auditOne` skips settled submissions and joins one still in flight).
 *
 * Scoring comes first: nothing starts while a score is in flight or queued, and with two or more
 * workers one is always left free for scores. With a single worker a score that arrives during a
 * replay waits for that one replay (the pool cannot pre-empt a running job), so with a single
 * worker no replay starts until scores have paused for `SCORE_QUIET_MS`: during a burst of
 * submissions (a class of 2,000 submitting within seconds) the one worker is kept for scores.
 */
import type { ServiceContext } from './context';
import { track } from './context';
import { auditOne } from './audit-scheduler';
import { entrySubmissions, scheduleBoard } from './boards';
import type { RoundRow, SubmissionMeta } from '../db/storage';

export interface OpenReplays {
  /** Looks for idle capacity and starts replays (after a submission, a score or a replay ends). */
  kick(): void;
  /** Wraps one scoring call: no open-round replay starts while any score is in flight. */
  scoring<T>(work: () => Promise<T>): Promise<T>;
  /** Open-round replays running now (tests, diagnostics). */
  running(): number;
}

/**
 * @example const replays = createOpenReplays(ctx); await replays.scoring(() => ctx.verifier.score(...)); replays.kick();
 */
/** With a single worker, open-round replays wait until no score has ended for this long (ms). */
export const SCORE_QUIET_MS = 1000;
/** While every worker is busy, open-round replays look for capacity again this often (ms). */
export const BUSY_RETRY_MS = 1000;

/**
 * Picks made from one listing of the open rounds before it is read again. `next()` runs after every
 * replay; on a shared database each listing is a read of every row of the round (2,000 rows at 30
 * replays/s was the busiest server's main cost in bench:cluster).
 */
export const PICKS_PER_LISTING = 16;

interface Listing {
  rounds: { round: RoundRow; subs: SubmissionMeta[]; kicked: Set<string> }[];
  picks: number;
}

export function createOpenReplays(ctx: ServiceContext): OpenReplays {
  let scores = 0;
  let lastScoreAt = Number.NEGATIVE_INFINITY;
  let quietTimer: ReturnType<ServiceContext['clock']['setTimeout']> | null = null;
  const started = new Set<string>();
  // A listing is reused only between replays ending (kicks from `start`): a new submission, a score
  // or a retry drops it. Replays that ended since it was read are left out of it (by `ended` tick).
  let listing: Listing | null = null;
  let tick = 0;
  const ended = new Map<string, number>();
  let pumping = false;
  let again = false;

  let busyTimer: ReturnType<ServiceContext['clock']['setTimeout']> | null = null;
  // Busy workers may free up without telling this process (a close-time audit ends, or a queue's
  // workers finish jobs of other servers, whose stats arrive as snapshots): look again a little later.
  const busyNow = (): false => {
    busyTimer ??= ctx.clock.setTimeout(() => {
      busyTimer = null;
      kick();
    }, BUSY_RETRY_MS);
    return false;
  };

  const capacity = (): boolean => {
    const stats = ctx.verifier.stats?.();
    // A verifier that cannot say whether it is idle gets no background work while rounds are open.
    if (!stats || ctx.closed.value || scores > 0) return false;
    if (stats.queued > 0) return busyNow();
    const quietFor = ctx.clock.now() - lastScoreAt;
    if (stats.workers === 1 && quietFor < SCORE_QUIET_MS) {
      quietTimer ??= ctx.clock.setTimeout(() => {
        quietTimer = null;
        kick();
      }, SCORE_QUIET_MS - quietFor);
      return false;
    }
    // With two or more workers, one must stay idle after this replay starts (other audits count too).
    const idleAfter = stats.workers - stats.busy - 1;
    if (idleAfter < (stats.workers >= 2 ? 1 : 0)) return busyNow();
    return started.size < Math.max(1, stats.workers - 1);
  };

  const readListing = async (): Promise<Listing> => {
    const from = tick;
    const rounds: Listing['rounds'] = [];
    for (const round of await ctx.store.listRoundsByStatus(['open'])) {
      const [subs, players] = await Promise.all([ctx.store.listSubmissions(round.id), ctx.store.listPlayers(round.tournamentId)]);
      rounds.push({ round, subs, kicked: new Set(players.filter((p) => p.kickedAt !== null).map((p) => p.id)) });
    }
    // Replays that ended before this read began are settled in it.
    for (const [id, at] of ended) if (at <= from) ended.delete(id);
    return { rounds, picks: 0 };
  };

  /** Pending submissions of open rounds: board entries first (best public score first), then the rest by age. */
  const pick = (from: Listing): { round: RoundRow; sub: SubmissionMeta } | null => {
    for (const { round, subs, kicked } of from.rounds) {
      const waiting = (s: SubmissionMeta): boolean => s.audit === 'pending' && !started.has(s.id) && !ended.has(s.id) && !kicked.has(s.playerId);
      // The player with the fewest settled (or running) replays goes first, board entries before
      // other submissions, the best public score first among equals: ten heavy submissions of one
      // player do not hold back everyone else's audits, even when a rejected entry makes that
      // player's next submission the entry (issue 8).
      const settled = new Map<string, number>();
      for (const s of subs) if (s.audit !== 'pending' || started.has(s.id) || ended.has(s.id)) settled.set(s.playerId, (settled.get(s.playerId) ?? 0) + 1);
      const share = (s: SubmissionMeta): number => settled.get(s.playerId) ?? 0;
      const entry = new Set(entrySubmissions(subs, kicked).map((s) => s.id));
      const rank = (s: SubmissionMeta): number => (entry.has(s.id) ? 0 : 1);
      const before = (a: SubmissionMeta, b: SubmissionMeta): number =>
        share(a) - share(b) ||
        rank(a) - rank(b) ||
        (rank(a) === 0 ? b.publicScore - a.publicScore : 0) ||
        a.createdAt.localeCompare(b.createdAt);
      // One pass, not a sort: this runs after each replay, over a class of up to 2,500.
      let sub: SubmissionMeta | undefined;
      for (const s of subs) if (waiting(s) && (sub === undefined || before(s, sub) < 0)) sub = s;
      if (sub) return { round, sub };
    }
    return null;
  };

  const next = async (): Promise<{ round: RoundRow; sub: SubmissionMeta } | null> => {
    // A reused listing that offers nothing is read again before answering "nothing to do".
    if (listing && listing.picks < PICKS_PER_LISTING) {
      const found = pick(listing);
      if (found) {
        listing.picks++;
        return found;
      }
    }
    listing = await readListing();
    const found = pick(listing);
    if (found) listing.picks++;
    return found;
  };

  const start = (round: RoundRow, sub: SubmissionMeta): void => {
    started.add(sub.id);
    const job = auditOne(ctx, round, sub.id, 'low')
      .then(() => scheduleBoard(ctx, round.id))
      .finally(() => {
        ended.set(sub.id, ++tick);
        started.delete(sub.id);
        resume();
      });
    track(ctx, job, `open-round replay of submission ${sub.id}`);
  };

  const pump = async (): Promise<void> => {
    try {
      do {
        again = false;
        while (capacity()) {
          const found = await next();
          if (!found || !capacity()) break;
          start(found.round, found.sub);
        }
      } while (again);
    } finally {
      pumping = false;
    }
  };

  /** Something changed that a listing does not show (a new submission, a score, a retry): read again. */
  function kick(): void {
    listing = null;
    resume();
  }

  /** A replay ended: look for the next one, from the current listing when there is one. */
  function resume(): void {
    if (ctx.closed.value || !ctx.verifier.stats) return;
    if (pumping) {
      again = true;
      return;
    }
    pumping = true;
    track(ctx, pump(), 'open-round replays');
  }

  return {
    kick,
    async scoring(work) {
      scores++;
      try {
        return await work();
      } finally {
        scores--;
        lastScoreAt = ctx.clock.now();
        kick();
      }
    },
    running: () => started.size,
  };
}
