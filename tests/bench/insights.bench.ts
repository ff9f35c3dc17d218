/**
 * Insights benchmark (`npm run bench:insights`): ms to fold a round's submissions, for 150 and
 * 1,000 rows of the planted-truth class (tests/unit/fixtures/insight-rows.ts), in this thread
 * (game/ alone: wall and CPU time) and through the server's worker thread (posting rows, folding,
 * the answer back).
 * Version 1's one-way share is the baseline in the same run. Best of BENCH_RUNS (default 5)
 * after one warm-up. Figures only, no assertions.
 */
import { foldInsights } from '../../game/insights';
import type { InsightRow } from '../../game/insights';
import { createInsightsWorker } from '../../server/insights/insights-computer';
import { plantedRows } from '../unit/fixtures/insight-rows';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);

/** Least CPU time (this process, user + system) of RUNS calls: steadier than wall time on a busy machine. */
function bestCpu(fn: () => unknown): number {
  let min = Number.POSITIVE_INFINITY;
  for (let i = 0; i < RUNS; i++) {
    const c = process.cpuUsage();
    fn();
    const u = process.cpuUsage(c);
    min = Math.min(min, (u.user + u.system) / 1000);
  }
  return min;
}

async function best(fn: () => unknown): Promise<number> {
  await fn();
  let min = Number.POSITIVE_INFINITY;
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await fn();
    min = Math.min(min, performance.now() - t0);
  }
  return min;
}

async function main(): Promise<void> {
  const worker = createInsightsWorker();
  try {
    console.log(`best of ${RUNS} runs, ms (planted truth: width + learning rate + noise)`);
    console.log('rows   v1_ms   v2_ms   v2/v1   v2_cpu_ms   v2_worker_ms   top (v2)');
    for (const n of [150, 1000]) {
      const rows: InsightRow[] = plantedRows(n, 1);
      const v1 = await best(() => foldInsights(1, rows));
      const v2 = await best(() => foldInsights(2, rows));
      const cpu = bestCpu(() => foldInsights(2, rows));
      const viaWorker = await best(() => worker.compute(2, rows));
      const out = foldInsights(2, rows);
      const top = out.version === 2 ? out.dimensions.slice(0, 2).map((d) => `${d.name} ${d.importance}`).join(', ') : '';
      console.log(
        `${String(n).padStart(4)}  ${v1.toFixed(1).padStart(6)}  ${v2.toFixed(1).padStart(6)}  ${(v2 / v1).toFixed(0).padStart(5)}×  ${cpu.toFixed(0).padStart(10)}  ${viaWorker.toFixed(1).padStart(13)}   ${top}`,
      );
    }
  } finally {
    await worker.close();
  }
}

void main();
