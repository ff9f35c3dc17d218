/**
 * Bundled into the bench page by train.bench.ts: `__load(data)` keeps a case's data in the page,
 * `__warm(caseIndex, engine)` selects the engine and trains the whole case once (the JIT's tiers, tfjs's kernels:
 * every engine gets the same one call of warm-up before the measured ones),
 * `__once(caseIndex, engine)` trains the whole case once and returns its wall examples/s over
 * epochs 2..E and the examples of the whole call, so that the caller can read the page's
 * main-thread task time around exactly one `train()`; `__grid` times the 100×100 grid separately.
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

let loaded: Dataset | null = null;
const g = globalThis as unknown as Record<string, unknown>;
g.__load = (wire: WireData) => {
  loaded = { ...wire, x: Float32Array.from(wire.x), y: Int32Array.from(wire.y) };
};
g.__warm = async (index: number, engine: 'js' | 'wasm' | 'cpu') => {
  await initBackend(engine, { wasmPath: '/tfjs/' });
  const c = BENCH_CASES[index];
  await timeTrain(c, loaded as Dataset);
  return { examplesPerSec: 0, examples: c.training.epochs * (loaded as Dataset).n };
};
g.__once = async (index: number) => {
  const c = BENCH_CASES[index];
  const data = loaded as Dataset;
  return { examplesPerSec: (await timeTrain(c, data)).examplesPerSec, examples: c.training.epochs * data.n };
};
g.__grid = async (index: number, engine: 'js' | 'wasm' | 'cpu') => {
  await initBackend(engine, { wasmPath: '/tfjs/' });
  return timeGrid(BENCH_CASES[index], loaded as Dataset);
};
g.__ready = true;
