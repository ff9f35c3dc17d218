/**
 * `npm run bench:train`: the js engine against tfjs wasm and cpu, side by side in one run, in Node
 * (process CPU time) and in one headless Chromium page (wall time, and the page's main-thread CPU
 * time through the DevTools protocol, after one whole warm-up call per engine); js vs wasm replays/s in the server's verification pool; and
 * Train → first epoch drawn in the real /play page (tests/bench/engines/play-first-epoch.ts).
 * Prints markdown tables with ratios against wasm measured in the same run; asserts nothing.
 * Cases: tests/bench/engines/cases.ts (N1–N5 on 250 spiral points with sgd 0.03, R3 digits, and
 * the conv nets C1 on digits and C2 on strokes).
 * BENCH_REPS (default 5, as the issue's "median of 5") runs per case and engine, in Node and in the
 * page: the best wall figure and the median CPU figure are kept (the machine may be shared, and
 * Chromium's JIT needs a few runs to reach full speed). BENCH_PARTS (default `node,page,play,replays`) picks the parts to run, BENCH_ONLY
 * (id prefixes, e.g. `N1,N3`) the cases.
 */
import { build } from 'esbuild';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { trainJs } from '../../game/engine/train';
import { initBackend } from '../../game/backend';
import { train } from '../../game/train';
import type { Backend } from '../../game/spec';
import { buildTrainSet } from '../../game/tasks/round-data';
import { packWeights } from '../../game/weights';
import { createVerificationPool, type RoundSecret } from '../../server/verify/pool';
import { BENCH_CASES, selectedCase } from './engines/cases';
import { playFirstEpoch } from './engines/play-first-epoch';
import { benchData, ENGINES, nodeFigures, type BenchEngine, type CaseFigures } from './engines/node-run';

const here = path.dirname(fileURLToPath(import.meta.url));
const REPS = Number(process.env.BENCH_REPS ?? 5);
const PARTS = new Set((process.env.BENCH_PARTS ?? 'node,page,play,replays').split(','));
/** The issue's baseline: replays/s of the verification pool before the js engine. */
const BASELINE_REPLAYS_PER_SEC = 4;
const log = (line: string): void => void process.stderr.write(`${line}\n`);
const fmt = (v: number): string => Math.round(v).toLocaleString('en-US');
const ratio = (a: number, b: number): string => (b > 0 ? `${(a / b).toFixed(1)}×` : '–');
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

interface PageFigures extends CaseFigures {
  cpuExamplesPerSec: Record<BenchEngine, number>;
  /** The same measure for the first, unwarmed call in the page. */
  coldExamplesPerSec: Record<BenchEngine, number>;
}

async function pageFigures(): Promise<Map<string, PageFigures>> {
  const dir = await mkdtemp(path.join(tmpdir(), 'tune-arena-bench-'));
  const wasmDir = path.resolve(here, '../../node_modules/@tensorflow/tfjs-backend-wasm/dist');
  try {
    const bundle = path.join(dir, 'bundle.js');
    await build({ entryPoints: [path.join(here, 'engines/page-entry.ts')], bundle: true, platform: 'browser', format: 'esm', outfile: bundle, logLevel: 'warning' });
    const server = http.createServer((req, res) => {
      const url = req.url ?? '/';
      const send = (file: string, type: string): void => {
        readFile(file).then((b) => res.writeHead(200, { 'content-type': type }).end(b), () => res.writeHead(404).end());
      };
      if (url === '/') res.writeHead(200, { 'content-type': 'text/html' }).end('<script type="module" src="/bundle.js"></script>');
      else if (url === '/bundle.js') send(bundle, 'text/javascript');
      else if (/^\/tfjs\/[a-z0-9-]+\.wasm$/.test(url)) send(path.join(wasmDir, url.slice(6)), 'application/wasm');
      else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
    const out = new Map<string, PageFigures>();
    try {
      const page = await browser.newPage();
      const cdp = await page.context().newCDPSession(page);
      // threadTicks: the metrics count the main thread's CPU time, not wall time, so a main thread
      // preempted by V8's background compiles or another process (2 cores) is not charged for it.
      await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
      // ThreadTime: CPU seconds of the page's main thread, every task and DevTools command in it.
      const cpuSeconds = async (): Promise<number> => {
        const { metrics } = await cdp.send('Performance.getMetrics');
        return metrics.find((m) => m.name === 'ThreadTime')?.value ?? 0;
      };
      await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
      await page.waitForFunction(() => '__ready' in globalThis);
      const data = await benchData();
      for (const [index, c] of BENCH_CASES.entries()) {
        if (!selectedCase(c)) continue;
        const d = data[c.data];
        const wire = { x: Array.from(d.x), y: Array.from(d.y), n: d.n, inputDim: d.inputDim, classes: d.classes, ...(d.image ? { image: d.image } : {}) };
        const f: PageFigures = { examplesPerSec: { js: 0, wasm: 0, cpu: 0 }, cpuExamplesPerSec: { js: 0, wasm: 0, cpu: 0 }, coldExamplesPerSec: { js: 0, wasm: 0, cpu: 0 }, gridMs: c.grid ? { js: 0, wasm: 0, cpu: 0 } : null };
        await page.evaluate((w) => (globalThis as unknown as { __load: (w: unknown) => void }).__load(w), wire);
        type Fn = (i: number, e: string) => Promise<number | { examplesPerSec: number; examples: number } | undefined>;
        const call = (name: '__warm' | '__once' | '__grid', engine: BenchEngine) =>
          page.evaluate(([fn, i, e]) => (globalThis as unknown as Record<string, Fn>)[fn](i, e), [name, index, engine] as const);
        for (const engine of ENGINES) {
          // One whole call first, the same for every engine: its main-thread rate is the cold
          // figure (V8 tiers the js engine's code up within it; tfjs compiles its kernels).
          const coldBefore = await cpuSeconds();
          const warm = (await call('__warm', engine)) as { examples: number };
          const coldCpu = (await cpuSeconds()) - coldBefore;
          f.coldExamplesPerSec[engine] = coldCpu > 0 ? warm.examples / coldCpu : 0;
          // The issue's measure: the main-thread task time of one whole train() call (every epoch),
          // median of REPS calls; and the best wall examples/s over epochs 2..E, as in Node.
          const cpuRates: number[] = [];
          for (let rep = 0; rep < REPS; rep++) {
            const before = await cpuSeconds();
            const r = (await call('__once', engine)) as { examplesPerSec: number; examples: number };
            const cpu = (await cpuSeconds()) - before;
            cpuRates.push(cpu > 0 ? r.examples / cpu : 0);
            f.examplesPerSec[engine] = Math.max(f.examplesPerSec[engine], r.examplesPerSec);
          }
          f.cpuExamplesPerSec[engine] = median(cpuRates);
          log(`page ${c.id} ${engine}: per-call main-thread ex/s ${cpuRates.map(fmt).join(", ")} (first call ${fmt(f.coldExamplesPerSec[engine])})`);
          const gridMs = c.grid ? ((await call('__grid', engine)) as number) : null;
          if (f.gridMs && gridMs !== null) f.gridMs[engine] = gridMs;
          log(`page ${c.id} ${engine}: ${fmt(f.examplesPerSec[engine])} examples/s (wall), ${fmt(f.cpuExamplesPerSec[engine])} per main-thread CPU s${gridMs !== null ? `, grid ${gridMs.toFixed(1)} ms` : ''}`);
        }
        out.set(c.id, f);
      }
    } finally {
      await browser.close();
      server.close();
    }
    return out;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function replaysPerSecond(): Promise<Record<'js' | 'wasm', number>> {
  const round: RoundSecret = { roundId: 'bench', taskId: 'xor', trainSeed: 3, testSeed: 4, trainSize: 200, noise: 0.05 };
  const network = { layers: [{ units: 8, activation: 'tanh' as const, groups: 1 }], shortcut: 'none' as const };
  const training = { optimizer: 'adam' as const, learningRate: 0.03, batchSize: 10, epochs: 40, l2: 0, seed: 1 };
  const data = await buildTrainSet(round);
  const pool = createVerificationPool({ size: 1 });
  const out = { js: 0, wasm: 0 };
  try {
    for (const backend of ['js', 'wasm'] as const) {
      let weights: Uint8Array;
      if (backend === 'js') weights = packWeights((await trainJs({ network, training, data })).weights);
      else {
        await initBackend('wasm');
        weights = packWeights((await train({ network, training, data })).weights);
      }
      await pool.replay(round, { network, training, backend: backend as Backend, weights }, 'high');
      const reps = backend === 'js' ? 20 : 5;
      const t0 = performance.now();
      for (let i = 0; i < reps; i++) {
        const r = await pool.replay(round, { network, training, backend: backend as Backend, weights }, 'high');
        if (r.verdict !== 'verified') throw new Error(`replay not verified: ${r.reason}`);
      }
      out[backend] = (reps / (performance.now() - t0)) * 1000;
      log(`pool replays/s ${backend}: ${out[backend].toFixed(1)}`);
    }
  } finally {
    await pool.close();
  }
  return out;
}

function table(title: string, figures: Map<string, CaseFigures | PageFigures>): string[] {
  const lines = [
    `#### ${title}`,
    '',
    '| net | js ex/s | wasm ex/s | cpu ex/s | js ÷ wasm | js ÷ cpu | grid ms js / wasm / cpu |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const [id, f] of figures) {
    const e = f.examplesPerSec;
    const g = f.gridMs ? `${f.gridMs.js.toFixed(1)} / ${f.gridMs.wasm.toFixed(1)} / ${f.gridMs.cpu.toFixed(1)}` : '–';
    lines.push(`| ${id} | ${fmt(e.js)} | ${fmt(e.wasm)} | ${fmt(e.cpu)} | ${ratio(e.js, e.wasm)} | ${ratio(e.js, e.cpu)} | ${g} |`);
  }
  const withCpu = [...figures].filter((x): x is [string, PageFigures] => 'cpuExamplesPerSec' in x[1]);
  if (withCpu.length > 0) {
    lines.push('', `Main-thread CPU time (DevTools \`ThreadTime\`, timeDomain threadTicks, around one whole train() call, every epoch counted), median of ${REPS} calls after one whole warm-up call per engine: examples per second of it; and the warm-up call itself (first call in the page, V8 still tiering the js engine's code up)`, '');
    lines.push('| net | js | wasm | cpu | js ÷ wasm | first call js ÷ wasm |', '| --- | ---: | ---: | ---: | ---: | ---: |');
    for (const [id, f] of withCpu) {
      const c = f.cpuExamplesPerSec;
      const k = f.coldExamplesPerSec;
      lines.push(`| ${id} | ${fmt(c.js)} | ${fmt(c.wasm)} | ${fmt(c.cpu)} | ${ratio(c.js, c.wasm)} | ${ratio(k.js, k.wasm)} |`);
    }
  }
  return [...lines, ''];
}

async function main(): Promise<void> {
  const node = PARTS.has('node') ? await nodeFigures(REPS, log) : null;
  const page = PARTS.has('page') ? await pageFigures() : null;
  const play = PARTS.has('play') ? await playFirstEpoch(3) : null;
  if (play) log(`play first epoch (${play.engine}): ${play.runs.map((v) => v.toFixed(0)).join(', ')} ms`);
  const replays = PARTS.has('replays') ? await replaysPerSecond() : null;
  const lines = [`Node ${process.version}, tfjs 4.22 (single-threaded wasm), headless Chromium; examples/s over epochs 2..E (Node: process CPU time; page: wall), best of ${REPS} runs.`, ''];
  if (node) lines.push(...table('Node (process CPU time)', node));
  if (page) lines.push(...table('Chromium page', page));
  if (play) {
    lines.push(`Train → first epoch drawn in the real /play page (XOR warm-up preset, auto picked ${play.engine}), 3 runs in one page: ${play.runs.map((v) => `${v.toFixed(0)} ms`).join(', ')}.`, '');
  }
  if (replays) {
    lines.push(
      `Verification pool (1 worker), 1×8 tanh, 40 epochs, 200 rows: js ${replays.js.toFixed(1)} replays/s, wasm ${replays.wasm.toFixed(1)} replays/s (${ratio(replays.js, replays.wasm)}); js is ${ratio(replays.js, BASELINE_REPLAYS_PER_SEC)} the issue's baseline of ${BASELINE_REPLAYS_PER_SEC}/s.`,
      '',
    );
  }
  process.stdout.write(lines.join('\n'));
}

main().catch((err: unknown) => {
  process.stderr.write(`${String(err)}\n`);
  process.exit(1);
});
