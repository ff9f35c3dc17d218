/**
 * A closed round's insights as the HTTP API serves them: folded under the round's own insights
 * version, off the event loop (ctx.insights), and cached per round and audit state, so a class
 * reloading the results page costs one fold, and an audit that settles (a rejection drops a row)
 * folds again.
 */
import type { InsightRow } from '../../game/insights';
import type { InsightsResponse } from '../../game/protocol';
import type { RoundRow, SubmissionMeta } from '../../db/storage';
import type { ServiceContext } from '../context';

/** What the fold depends on: the version and, per submission, its id, audit state and score. */
function signatureOf(version: number, subs: readonly SubmissionMeta[]): string {
  return `${version}|${subs.map((s) => `${s.id}:${s.audit}:${s.fullScore}`).join(',')}`;
}

/**
 * The insights of `round` over its submissions (rejected ones are left out here).
 * @example await roundInsights(ctx, round, await ctx.store.listSubmissions(round.id))
 */
export async function roundInsights(ctx: ServiceContext, round: RoundRow, all: readonly SubmissionMeta[]): Promise<InsightsResponse> {
  const subs = all.filter((s) => s.audit !== 'rejected');
  const signature = signatureOf(round.insightsVersion, all);
  let cached = ctx.insightsCache.get(round.id);
  if (!cached || cached.signature !== signature) {
    const rows: InsightRow[] = subs.map((s) => ({ network: s.network, training: s.training, params: s.params, score: s.fullScore }));
    cached = { signature, result: ctx.insights.compute(round.insightsVersion, rows) };
    ctx.insightsCache.set(round.id, cached);
    const mine = cached;
    // A failed fold is not cached: the next request tries again.
    mine.result.catch(() => {
      if (ctx.insightsCache.get(round.id) === mine) ctx.insightsCache.delete(round.id);
    });
  }
  return { roundId: round.id, submissions: subs.length, ...(await cached.result) };
}
