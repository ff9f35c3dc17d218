/**
 * Where a round's insights are computed: in a dedicated worker thread (the server), or in the
 * calling thread (unit tests of the round logic, which have no worker). Both fold the same way;
 * only the thread differs.
 */
import { Worker } from 'node:worker_threads';
import { foldInsights } from '../../game/insights';
import type { InsightRow, InsightsFold } from '../../game/insights';
import type { InsightsReply, InsightsRequest } from './messages';

export interface InsightsComputer {
  /** The fold of `rows` under insights `version` (game/insights.ts `foldInsights`). */
  compute(version: number, rows: InsightRow[]): Promise<InsightsFold>;
  /** Stops the worker, if any; pending computations reject. */
  close(): Promise<void>;
}

/** Folds in the calling thread (for tests of the round logic; the server uses the worker). */
export const inThreadInsights: InsightsComputer = {
  compute: async (version, rows) => foldInsights(version, rows),
  close: async () => undefined,
};

const SHIM_URL = new URL('./worker-shim.mjs', import.meta.url);

/**
 * One worker thread, started on the first request and restarted after a crash. Requests are
 * answered in order; the thread is unref'd, so it never keeps the process alive.
 * @example const insights = createInsightsWorker(); await insights.compute(2, rows); await insights.close();
 */
export function createInsightsWorker(opts: { log?: (line: string) => void } = {}): InsightsComputer {
  let worker: Worker | null = null;
  let nextId = 1;
  const pending = new Map<number, { resolve: (r: InsightsFold) => void; reject: (e: Error) => void }>();
  const failAll = (e: Error): void => {
    for (const p of pending.values()) p.reject(e);
    pending.clear();
  };
  const start = (): Worker => {
    const w = new Worker(SHIM_URL);
    w.unref();
    w.on('message', (reply: InsightsReply) => {
      const p = pending.get(reply.id);
      if (!p) return;
      pending.delete(reply.id);
      if (reply.ok) p.resolve(reply.result);
      else p.reject(new Error(`insights failed: ${reply.message}`));
    });
    w.on('error', (e) => opts.log?.(`insights worker error: ${e.message}`));
    w.on('exit', (code) => {
      if (worker === w) worker = null;
      failAll(new Error(`insights worker exited (${code})`));
    });
    return w;
  };
  return {
    compute(version, rows) {
      worker ??= start();
      const id = nextId++;
      const request: InsightsRequest = { id, version, rows };
      const w = worker;
      return new Promise<InsightsFold>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        w.postMessage(request);
      });
    },
    async close() {
      const w = worker;
      worker = null;
      if (w) await w.terminate();
      failAll(new Error('insights worker closed'));
    },
  };
}
