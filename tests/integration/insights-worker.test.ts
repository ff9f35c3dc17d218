/**
 * Insights off the event loop: the worker thread folds exactly what game/ folds in-thread, the
 * event loop keeps turning while it works, and the service caches per round and audit state and
 * keeps each round's own insights version (a round stored under version 1 still folds as 1).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { foldInsights } from '../../game/insights';
import type { InsightRow } from '../../game/insights';
import { createMemoryStore } from '../../db/memory-store';
import { createFakeClock } from '../../server/fake-clock';
import { createRecordingBroadcaster } from '../../server/broadcaster';
import { createGameService } from '../../server/tournament-service';
import { createInsightsWorker } from '../../server/insights/insights-computer';
import type { InsightsComputer } from '../../server/insights/insights-computer';
import { plantedRows } from '../unit/fixtures/insight-rows';
import { fakeVerifier, setup, sub } from '../unit/fixtures/service-world';
import type { World } from '../unit/fixtures/service-world';

const worker = createInsightsWorker();
afterAll(() => worker.close());

/** The worker, counting the folds it is asked for. */
function counting(inner: InsightsComputer): InsightsComputer & { folds: number[] } {
  const folds: number[] = [];
  return {
    folds,
    compute(version, rows: InsightRow[]) {
      folds.push(version);
      return inner.compute(version, rows);
    },
    close: () => inner.close(),
  };
}

describe('the insights worker', () => {
  it('folds 1,000 rows to the same bytes as game/ in-thread, while the event loop keeps turning', async () => {
    const rows = plantedRows(1000, 11);
    let ticks = 0;
    let done = false;
    const spin = (): void => {
      ticks += 1;
      if (!done) setImmediate(spin);
    };
    setImmediate(spin);
    const fromWorker = await worker.compute(2, rows);
    done = true;
    const here = foldInsights(2, rows);
    expect(JSON.stringify(fromWorker)).toBe(JSON.stringify(here));
    // An in-thread fold of 1,000 rows would hold the loop for its whole run: not one tick.
    expect(ticks).toBeGreaterThan(3);
    expect(JSON.stringify(await worker.compute(1, rows))).toBe(JSON.stringify(foldInsights(1, rows)));
  });
});

describe('a round\'s insights in the service', () => {
  const make = (): World & { insights: ReturnType<typeof counting> } => {
    const store = createMemoryStore();
    const clock = createFakeClock(Date.parse('2026-03-01T09:00:00Z'));
    const broadcaster = createRecordingBroadcaster();
    const verifier = fakeVerifier();
    const insights = counting(worker);
    const service = createGameService({ store, clock, broadcaster, verifier, insights });
    return { store, clock, verifier, events: broadcaster.events, service, insights };
  };

  it('caches per round and audit state, and folds again when an audit settles', async () => {
    const w = make();
    const s = await setup(w, ['ada', 'bo', 'cy']);
    expect((await w.store.getRound(s.roundId))?.insightsVersion).toBe(2);
    await w.service.startRound({ code: s.code, hostKey: s.hostKey, roundId: s.roundId });
    await w.service.submit(sub(s.tokens.ada, s.roundId, 0.95, 0.97, true));
    await w.service.submit(sub(s.tokens.bo, s.roundId, 0.9, 0.9));
    await w.service.submit(sub(s.tokens.cy, s.roundId, 0.85, 0.88));
    await w.service.closeRound({ code: s.code, hostKey: s.hostKey, roundId: s.roundId });
    expect((await w.service.insights(s.roundId)).version).toBe(2);
    await w.service.settled();
    const settled = await w.service.insights(s.roundId);
    const folds = w.insights.folds.length;
    expect(await w.service.insights(s.roundId)).toEqual(settled);
    expect(w.insights.folds.length).toBe(folds);
    // ada's replay was rejected: her row is out.
    expect(settled.submissions).toBe(2);
    // Another audit state changes the fold's input, so it folds again.
    const bo = (await w.store.listSubmissions(s.roundId)).find((x) => x.playerId === s.ids.bo);
    await w.store.updateSubmissionAudit(bo?.id ?? '', { audit: 'rejected', auditReason: 'test', replayScore: null, auditedAt: '2026-03-01T09:05:00.000Z' });
    expect((await w.service.insights(s.roundId)).submissions).toBe(1);
    expect(w.insights.folds.length).toBe(folds + 1);
    expect(settled.dimensions.map((d) => d.name)).not.toContain('params');
  });

  it('keeps a round stored under version 1 on version 1', async () => {
    const w = make();
    const s = await setup(w, ['ada', 'bo']);
    await w.store.updateRound(s.roundId, { insightsVersion: 1 });
    await w.service.startRound({ code: s.code, hostKey: s.hostKey, roundId: s.roundId });
    await w.service.submit(sub(s.tokens.ada, s.roundId, 0.9, 0.9));
    await w.service.submit(sub(s.tokens.bo, s.roundId, 0.8, 0.8));
    await w.service.closeRound({ code: s.code, hostKey: s.hostKey, roundId: s.roundId });
    await w.service.settled();
    const ins = await w.service.insights(s.roundId);
    expect(ins.version).toBe(1);
    expect(ins.dimensions.map((d) => d.name)).toContain('params');
    expect(w.insights.folds).toEqual([1]);
  });
});
