/**
 * Round state changes: draft → open (seeds, startedAt, endsAt, close timer) → closed (timer or
 * host) → final (audit-scheduler). The deadline lives in the row (`endsAt`), so a restarted server
 * re-arms the same timer or closes at once when the deadline passed while it was down.
 */
import { isoNow } from './clock';
import type { ServiceContext } from './context';
import { track } from './context';
import { newSeed, newTestSecret } from './codes';
import { ApiError } from './errors';
import { roundPublic } from './lookups';
import { resumeRest, roundSecret, saveResults, startAudit } from './audit-scheduler';
import { forgetProgress } from './submissions';
import type { RoundRow, TournamentRow } from '../db/storage';

/**
 * Opens a draft round (run inside the tournament's queue). CONFLICT when it is not a draft or
 * another round of the tournament is open.
 */
export async function openRound(ctx: ServiceContext, t: TournamentRow, round: RoundRow): Promise<RoundRow> {
  if (round.status !== 'draft') throw new ApiError('CONFLICT', `Round ${round.index} is already ${round.status}.`);
  const rounds = await ctx.store.listRounds(t.id);
  const open = rounds.find((r) => r.status === 'open');
  if (open) throw new ApiError('CONFLICT', `Round ${open.index} is still open; close it first.`);
  const now = ctx.clock.now();
  const patch = {
    status: 'open' as const,
    trainSeed: newSeed(),
    testSeed: newTestSecret(),
    startedAt: new Date(now).toISOString(),
    endsAt: new Date(now + round.rules.durationSec * 1000).toISOString(),
  };
  await ctx.store.updateRound(round.id, patch);
  const opened: RoundRow = { ...round, ...patch };
  // The workers build the 10,000-point hidden test set now, not behind the round's first scores.
  ctx.verifier.prepare?.(roundSecret(opened));
  // The server that opens a round owns it first; on a lease failure the ownership loop decides.
  if (await ctx.leases.claim(round.id).catch(() => false)) {
    ctx.owned.add(round.id);
    armTimer(ctx, opened);
  }
  return opened;
}

/** Sets (or resets) the close timer of an open round at its stored `endsAt`. */
export function armTimer(ctx: ServiceContext, round: RoundRow): void {
  if (round.endsAt === null) return;
  const old = ctx.timers.get(round.id);
  if (old !== undefined) ctx.clock.clearTimeout(old);
  const delay = Date.parse(round.endsAt) - ctx.clock.now();
  const handle = ctx.clock.setTimeout(() => {
    ctx.timers.delete(round.id);
    track(ctx, closeByTimer(ctx, round.id), `closing round ${round.id} at its deadline`);
  }, delay);
  ctx.timers.set(round.id, handle);
}

async function closeByTimer(ctx: ServiceContext, roundId: string): Promise<void> {
  const round = await ctx.store.getRound(roundId);
  if (!round || round.status !== 'open' || ctx.closed.value) return;
  await ctx.queue.run(round.tournamentId, async () => {
    const fresh = await ctx.store.getRound(roundId);
    if (fresh?.status === 'open') await shutRound(ctx, fresh);
  });
}

/**
 * Closes an open round (inside the tournament's queue): stores `closedAt`, clears the timer,
 * broadcasts, and starts the audit in the background. CONFLICT unless the round is open.
 */
export async function shutRound(ctx: ServiceContext, round: RoundRow): Promise<RoundRow> {
  if (round.status !== 'open') {
    throw new ApiError('CONFLICT', round.status === 'draft' ? `Round ${round.index} has not started.` : `Round ${round.index} is already ${round.status}.`);
  }
  const closedAt = isoNow(ctx.clock);
  await ctx.store.updateRound(round.id, { status: 'closed', closedAt });
  const t = ctx.timers.get(round.id);
  if (t !== undefined) ctx.clock.clearTimeout(t);
  ctx.timers.delete(round.id);
  forgetProgress(ctx, round.id);
  const closed: RoundRow = { ...round, status: 'closed', closedAt };
  // The audit starts before anything that can throw: a closed round must never wait for a restart
  // to be audited. It cannot overtake this broadcast, since its finalize waits for this queue task.
  // Closed through a server that does not own the round, the owner's next lease pass starts it.
  if (await ctx.leases.claim(round.id).catch(() => false)) startAudit(ctx, round.id);
  ctx.broadcaster.toTournament(round.tournamentId, 'round:update', await roundPublic(ctx, closed));
  // No board here: closing changes no entry, and the final board follows the audit. A board sent
  // now would hold the final one back by the throttle's 250 ms.
  return closed;
}

/**
 * Restart recovery: open rounds past their deadline close now, other open rounds get their timer
 * back, closed rounds resume their audit, final rounds get their results rewritten from the rows
 * and resume low-priority replays.
 * @example await recoverRounds(ctx) // once, right after the store opens
 */
export async function recoverRounds(ctx: ServiceContext): Promise<void> {
  const rounds = await ctx.store.listRoundsByStatus(['open', 'closed', 'final']);
  for (const r of rounds) {
    // One round that cannot be recovered must not leave every later round without its timer or audit.
    await recoverRound(ctx, r).catch((e: unknown) =>
      ctx.log(`recovering round ${r.id} failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}`),
    );
  }
  ctx.openReplays.kick();
}

async function recoverRound(ctx: ServiceContext, r: RoundRow): Promise<void> {
  if (r.status !== 'final') {
    // Another live server owns it: it keeps running the timer and the audit.
    if (!(await ctx.leases.claim(r.id))) return;
    ctx.owned.add(r.id);
  }
  if (r.status === 'open') {
    if (r.endsAt !== null && Date.parse(r.endsAt) <= ctx.clock.now()) {
      await ctx.queue.run(r.tournamentId, () => shutRound(ctx, r));
    } else {
      armTimer(ctx, r);
    }
  } else if (r.status === 'closed') {
    startAudit(ctx, r.id);
  } else {
    // A crash between a verdict and the results it changes would otherwise leave them stale.
    await ctx.queue.run(r.tournamentId, () => saveResults(ctx, r));
    const subs = await ctx.store.listSubmissions(r.id);
    if (subs.some((s) => s.audit === 'pending')) resumeRest(ctx, r.id);
  }
}
