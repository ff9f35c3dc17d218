/**
 * Bundled into the bench page by train.bench.ts: `__bench(caseIndex, engine, data, reps)` trains
 * one case on one engine in this page (a warm-up run first, then `reps` runs) and returns the best
 * examples/s and the examples trained in all; `__grid` times
 * the 100×100 grid separately, so the page's CPU time of training can be read on its own.
 */
import { initBackend } from '../../../game/backend';
import type { Dataset } from '../../../game/tasks/dataset';
import { BENCH_CASES } from './cases';
import { timeGrid, timeTrain } from './measure';

interface WireData {
  x: number[];
  y: number[];
  n: number;
  inputDim: number;
  classes: number;
  image?: { height: number; width: number; channels: number };
}

(globalThis as unknown as Record<string, unknown>).__bench = async (index: number, engine: 'js' | 'wasm' | 'cpu', wire: WireData, reps: number) => {
  await initBackend(engine, { wasmPath: '/tfjs/' });
  const c = BENCH_CASES[index];
  const data: Dataset = { ...wire, x: Float32Array.from(wire.x), y: Int32Array.from(wire.y) };
  await timeTrain({ ...c, training: { ...c.training, epochs: 2 } }, data);
  // Best of `reps` runs, as the Node half does: the machine may be shared.
  let best = 0;
  for (let r = 0; r < reps; r++) best = Math.max(best, (await timeTrain(c, data)).examplesPerSec);
  return { examplesPerSec: best, examples: (2 + reps * c.training.epochs) * data.n };
};
(globalThis as unknown as Record<string, unknown>).__grid = async (index: number, engine: 'js' | 'wasm' | 'cpu', wire: WireData) => {
  await initBackend(engine, { wasmPath: '/tfjs/' });
  const data: Dataset = { ...wire, x: Float32Array.from(wire.x), y: Int32Array.from(wire.y) };
  return timeGrid(BENCH_CASES[index], data);
};
(globalThis as unknown as Record<string, unknown>).__ready = true;
