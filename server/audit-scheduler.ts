/**
 * The audit after close: replay the top `auditTopK` entries at high priority, promote the next
 * entry whenever one is rejected, and once the top is settled make the round final (final board,
 * round results with points, standings). Then replay every other pending submission at low
 * priority, refreshing the final board as audits settle. All of it resumes after a restart because
 * the only state is the rows (round status and each submission's audit state).
 */
import { isoNow } from './clock';
import type { ServiceContext } from './context';
import { track } from './context';
import { auditCandidates, emitStandings, scheduleBoard } from './boards';
import { boardOf, resultsOf } from './game-adapters';
import { roundPublic } from './lookups';
import type { RoundRow } from '../db/storage';
import type { ReplayedScores, RoundSecret } from './verifier';

const MAX_REPLAY_ATTEMPTS = 2;

const pickScores = (s: ReplayedScores): ReplayedScores => ({
  publicScore: s.publicScore,
  privateScore: s.privateScore,
  fullScore: s.fullScore,
});

/** The secret a worker needs to rebuild the round's data; never sent to a client. */
export function roundSecret(round: RoundRow): RoundSecret {
  if (round.trainSeed === null || round.testSeed === null) throw new Error(`Round ${round.id} has no seeds yet.`);
  return {
    roundId: round.id,
    taskId: round.rules.taskId,
    trainSeed: round.trainSeed,
    testSeed: round.testSeed,
    trainSize: round.rules.trainSize,
    noise: round.rules.noise,
  };
}

/**
 * Replays one submission unless it is settled or already being replayed (then waits for that).
 * A replay that throws twice is rejected with the error as its reason, so a round cannot hang.
 * A rejection in a round that is already final rewrites its results and broadcasts standings.
 */
export function auditOne(ctx: ServiceContext, round: RoundRow, submissionId: string, priority: 'high' | 'low'): Promise<void> {
  const map = ctx.inFlight.audits;
  const running = map.get(submissionId);
  if (running) return running;
  const job = (async () => {
    const sub = await ctx.store.getSubmission(submissionId);
    if (!sub || sub.audit !== 'pending') return;
    let verdict: {
      audit: 'verified' | 'rejected';
      reason: string | null;
      replayScore: number | null;
      scores?: ReplayedScores;
    } | null = null;
    for (let attempt = 1; attempt <= MAX_REPLAY_ATTEMPTS && !verdict; attempt++) {
      try {
        const r = await ctx.verifier.replay(
          roundSecret(round),
          { network: sub.network, training: sub.training, backend: sub.backend, weights: sub.weights },
          priority,
          sub.playerId,
        );
        verdict = { audit: r.verdict, reason: r.reason, replayScore: r.replayScore };
        // webgl is verified within a tolerance, so its submitted weights could be better than the
        // declared recipe gives (more epochs, more data): it is ranked by the server's replay.
        if (r.verdict === 'verified' && sub.backend === 'webgl' && r.replayScores) verdict.scores = pickScores(r.replayScores);
      } catch (e) {
        if (ctx.closed.value) return;
        if (attempt === MAX_REPLAY_ATTEMPTS) {
          verdict = { audit: 'rejected', reason: `replay failed: ${e instanceof Error ? e.message : String(e)}`, replayScore: null };
        }
      }
    }
    if (!verdict || ctx.closed.value) return;
    const v = verdict;
    // A verdict can land after the round became final (a replay started while it was open, or a
    // low-priority one): a rejection then changes the final ranks and points, whichever path
    // replayed it. Same queue task as the write, so a finalize cannot slip in between.
    const finalRound = await ctx.queue.run(round.tournamentId, async () => {
      await ctx.store.updateSubmissionAudit(submissionId, {
        audit: v.audit,
        auditReason: v.reason,
        replayScore: v.replayScore,
        auditedAt: isoNow(ctx.clock),
        ...(v.scores ? { scores: v.scores } : {}),
      });
      ctx.boards.audited(round.id, submissionId, v.audit, v.scores);
      const fresh = await ctx.store.getRound(round.id);
      // A rejection, or a webgl entry re-scored by its replay, moves the final ranks.
      if ((v.audit !== 'rejected' && !v.scores) || fresh?.status !== 'final') return null;
      await saveResults(ctx, fresh);
      return fresh;
    });
    if (finalRound) {
      scheduleBoard(ctx, finalRound.id);
      const t = await ctx.store.getTournament(finalRound.tournamentId);
      if (t) await emitStandings(ctx, t.id, t.code);
    }
  })();
  map.set(submissionId, job);
  void job
    .finally(() => {
      map?.delete(submissionId);
      // A worker just came free: open rounds may use it.
      ctx.openReplays.kick();
    })
    .catch(() => undefined);
  return job;
}

async function kickedIds(ctx: ServiceContext, tournamentId: string): Promise<Set<string>> {
  return new Set((await ctx.store.listPlayers(tournamentId)).filter((p) => p.kickedAt !== null).map((p) => p.id));
}

/** Settles the top K (with promotion), then finalizes. Resolves when the round is final. */
export async function settleTop(ctx: ServiceContext, roundId: string): Promise<void> {
  for (let pass = 0; ; pass++) {
    if (ctx.closed.value) return;
    const round = await ctx.store.getRound(roundId);
    if (!round || round.status !== 'closed') return;
    const subs = await ctx.store.listSubmissions(roundId);
    const top = auditCandidates(subs, await kickedIds(ctx, round.tournamentId), round.rules.auditTopK);
    const pending = top.filter((s) => s.audit === 'pending');
    if (pending.length === 0) break;
    // A promotion pass follows a rejection: show it while the next entries are replayed. Without
    // one the final board comes next, and an extra board would only hold it back by 250 ms.
    if (pass > 0) scheduleBoard(ctx, roundId);
    await Promise.all(pending.map((s) => auditOne(ctx, round, s.id, 'high')));
  }
  await finalize(ctx, roundId);
}

/** Writes the final board's results and makes the round final (idempotent). */
async function finalize(ctx: ServiceContext, roundId: string): Promise<void> {
  const done = await ctx.queue.run((await ctx.store.getRound(roundId))?.tournamentId ?? roundId, async () => {
    const round = await ctx.store.getRound(roundId);
    if (!round || round.status !== 'closed' || ctx.closed.value) return null;
    await saveResults(ctx, round);
    const finalizedAt = isoNow(ctx.clock);
    await ctx.store.updateRound(roundId, { status: 'final', finalizedAt });
    return { ...round, status: 'final' as const, finalizedAt };
  });
  if (!done) return;
  await announceFinal(ctx, done);
}

/**
 * Writes a round's results (rank, points) from its final board: the rows as they are now, kicked
 * players left out. Idempotent; call it inside the tournament's queue. Side effect: replaces the
 * round's stored results.
 * @example await ctx.queue.run(round.tournamentId, () => saveResults(ctx, round));
 */
export async function saveResults(ctx: ServiceContext, round: RoundRow): Promise<void> {
  const [subs, players] = await Promise.all([ctx.store.listSubmissions(round.id), ctx.store.listPlayers(round.tournamentId)]);
  const board = boardOf(subs, players, true);
  await ctx.store.saveRoundResults(round.id, resultsOf(round.id, board));
}

async function announceFinal(ctx: ServiceContext, round: RoundRow): Promise<void> {
  const t = await ctx.store.getTournament(round.tournamentId);
  if (!t) return;
  ctx.broadcaster.toTournament(t.id, 'round:update', await roundPublic(ctx, round));
  // Through the throttle like every board (PROTOCOL.md: at most one per round per 250 ms); it is
  // computed when sent, so it is the final board, at once or within one interval.
  scheduleBoard(ctx, round.id);
  await emitStandings(ctx, t.id, t.code);
}

/**
 * Replays every pending submission of a final round at low priority, one at a time, refreshing
 * the final board after each verdict (auditOne refreshes results and standings on a rejection).
 */
export async function auditRest(ctx: ServiceContext, roundId: string): Promise<void> {
  for (;;) {
    if (ctx.closed.value) return;
    const round = await ctx.store.getRound(roundId);
    if (!round || round.status !== 'final') return;
    const next = (await ctx.store.listSubmissions(roundId)).find((s) => s.audit === 'pending');
    if (!next) return;
    // auditOne rewrites the results and standings of a final round when it rejects.
    await auditOne(ctx, round, next.id, 'low');
    scheduleBoard(ctx, roundId);
  }
}

/** Starts the whole post-close pipeline in the background (close, restart recovery). */
export function startAudit(ctx: ServiceContext, roundId: string): void {
  if (ctx.auditing.has(roundId)) return;
  ctx.auditing.add(roundId);
  track(
    ctx,
    settleTop(ctx, roundId)
      .then(async () => {
        // Final: no timer or close left to own; its low-priority replays go on here.
        if ((await ctx.store.getRound(roundId))?.status === 'final') {
          await ctx.leases.release(roundId);
          ctx.owned.delete(roundId);
        }
      })
      .then(() => auditRest(ctx, roundId))
      .finally(() => ctx.auditing.delete(roundId)),
    `audit of round ${roundId}`,
  );
}

/** Resumes low-priority audits of a final round (restart recovery). */
export function resumeRest(ctx: ServiceContext, roundId: string): void {
  track(ctx, auditRest(ctx, roundId), `background audit of round ${roundId}`);
}
