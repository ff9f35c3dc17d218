/** The Node half of `npm run bench:train`: every case on js, wasm and cpu in this process. */
import { initBackend } from '../../../game/backend';
import type { Dataset } from '../../../game/tasks/dataset';
import { buildTrainSet, roundTrainRows } from '../../../game/tasks/round-data';
import { generateSynthetic } from '../../../game/tasks/synthetic';
import { nodeDatasetLoader } from '../../../server/dataset-loader';
import { BENCH_CASES, selectedCase, type BenchCase } from './cases';
import { timeGrid, timeTrain } from './measure';

export const ENGINES = ['js', 'wasm', 'cpu'] as const;
export type BenchEngine = (typeof ENGINES)[number];

export interface CaseFigures {
  /** examples/s by engine (best of the repetitions). */
  examplesPerSec: Record<BenchEngine, number>;
  /** 100×100 grid ms by engine, or null when the case has no grid. */
  gridMs: Record<BenchEngine, number> | null;
}

/** The spiral (250 points), digits (1,000 rows) and strokes (400 pictures) sets the cases train on. */
export async function benchData(): Promise<Record<BenchCase['data'], Dataset>> {
  const trainRows = await roundTrainRows('digits', 1, 1000, nodeDatasetLoader);
  const digits = await buildTrainSet({ taskId: 'digits', trainSeed: 1, trainSize: 1000, noise: 0, trainRows }, nodeDatasetLoader);
  const strokes = generateSynthetic('strokes', { seed: 1, n: 400, noise: 0.2 });
  return { spiral: generateSynthetic('spiral', { seed: 1, n: 250, noise: 0.1 }), digits, strokes };
}

/**
 * ms of CPU time this process has used: on a shared machine a run that is preempted keeps its CPU
 * time, where its wall time would count the other processes' turns. tfjs wasm here is
 * single-threaded, so every engine is timed on the same terms.
 */
const cpuNow = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/** Runs every case on every engine, `reps` times each (best kept: the machine is shared), on CPU time. */
export async function nodeFigures(reps: number, log: (line: string) => void): Promise<Map<string, CaseFigures>> {
  const data = await benchData();
  const out = new Map<string, CaseFigures>();
  for (const c of BENCH_CASES.filter((x) => selectedCase(x))) {
    const eps = { js: 0, wasm: 0, cpu: 0 };
    const grid = { js: 0, wasm: 0, cpu: 0 };
    for (const engine of ENGINES) {
      await initBackend(engine);
      for (let r = 0; r < reps; r++) eps[engine] = Math.max(eps[engine], (await timeTrain(c, data[c.data], cpuNow)).examplesPerSec);
      if (c.grid) grid[engine] = timeGrid(c, data[c.data], 10, cpuNow);
      log(`node ${c.id} ${engine}: ${Math.round(eps[engine])} examples/s${c.grid ? `, grid ${grid[engine].toFixed(1)} ms` : ''}`);
    }
    out.set(c.id, { examplesPerSec: eps, gridMs: c.grid ? grid : null });
  }
  return out;
}
