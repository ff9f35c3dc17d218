/**
 * Engine-choice benchmark (`npm run bench:crossover`): examples/s of `train()` on js and on tfjs
 * wasm, side by side in one Node process on process CPU time, for dense relu nets on digits
 * (1,000 rows, adam) from R3's size up to 8×256 at batch 500, with each net's work per step
 * (batch × params, game/engine-choice.ts) and what the rule picks. The rule's threshold
 * (JS_MAX_WORK_PER_STEP) sits just above the largest net measured here. Best of BENCH_RUNS
 * (default 2) runs; the first epoch is a warm-up (tests/bench/engines/measure.ts). Figures only.
 */
import { initBackend } from '../../game/backend';
import { chooseEngine } from '../../game/engine-choice';
import type { NetworkSpec } from '../../game/spec';
import { benchData } from './engines/node-run';
import type { BenchCase } from './engines/cases';
import { timeTrain } from './engines/measure';

const RUNS = Number(process.env.BENCH_RUNS ?? 2);

const net = (units: number[]): NetworkSpec => ({ layers: units.map((u) => ({ units: u, activation: 'relu', groups: 1 })), shortcut: 'none' });
const digitsCase = (units: number[], batchSize: number, epochs: number): BenchCase => ({
  id: `${units.length}×${units[0]} relu b${batchSize}`,
  network: net(units),
  training: { optimizer: 'adam', learningRate: 0.01, batchSize, epochs, l2: 0, seed: 1 },
  data: 'digits',
  grid: false,
});

const CASES = [
  digitsCase([128, 128], 64, 3),
  digitsCase([256, 256], 32, 2),
  digitsCase([256, 256], 128, 3),
  digitsCase([256, 256, 256, 256], 256, 2),
  digitsCase([256, 256, 256, 256], 1000, 3),
  digitsCase(Array(8).fill(256), 500, 3),
];

const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

async function main(): Promise<void> {
  const data = (await benchData()).digits;
  const task = { inputDim: data.inputDim, classes: data.classes };
  const rows: string[] = [];
  for (const c of CASES) {
    const eps = { js: 0, wasm: 0 };
    for (const engine of ['js', 'wasm'] as const) {
      await initBackend(engine);
      for (let r = 0; r < RUNS; r++) eps[engine] = Math.max(eps[engine], (await timeTrain(c, data, cpuMs)).examplesPerSec);
    }
    const choice = chooseEngine(c.network, task, c.training.batchSize);
    const line = `| ${c.id} | ${choice.workPerStep.toLocaleString('en-US')} | ${Math.round(eps.js).toLocaleString('en-US')} | ${Math.round(eps.wasm).toLocaleString('en-US')} | ${(eps.js / eps.wasm).toFixed(2)}× | ${choice.backend} |`;
    console.log(line);
    rows.push(line);
  }
  console.log(`\nNode ${process.version}, tfjs wasm single-threaded, digits 1,000 rows, adam; examples/s on process CPU time, best of ${RUNS}.\n`);
  console.log('| net | work per step (batch × params) | js ex/s | wasm ex/s | js ÷ wasm | auto picks |');
  console.log('| --- | ---: | ---: | ---: | ---: | --- |');
  for (const r of rows) console.log(r);
}

await main();
