/**
 * Server benchmark (`npm run bench:server [-- --players 2000 --spectators 50 --pool 1 --window 10]`;
 * `-- --scoring-only --players 2000` runs only the scoring tables at the end, without the server;
 * `-- --no-scoring` gives every submission a seeded score at once instead of scoring it on the
 * hidden test set, and skips the scoring tables, so the figures are the fan-out's alone).
 * The real server (socket.io, SQLite file, verification pool) runs in a child process, so its event
 * loop and RSS are its own; this process is the load generator. It speaks socket.io by hand over
 * raw WebSocket frames (tests/bench/raw-socket.ts) and decodes only what it measures, so 2,000
 * players cost it little and it measures the server, not itself. P players join one XOR round
 * (up to `--concurrency` joins in flight, a class arriving), S spectators watch, and each player
 * submits one genuinely trained network at a seeded random moment within the window. Prints
 * figures; asserts nothing.
 *
 * Figures: join time, ack latency, submit → spectator board latency (a board reflects the k-th
 * stored submission once its `total` reaches k: inserts are serialized and each adds one entry),
 * scoring time as the round service sees it, server RSS, frames and bytes sent per player and per
 * spectator, lost submissions (acknowledged but not in the database), and the server's event-loop
 * delay while the players submit (perf_hooks.monitorEventLoopDelay).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { initBackend } from '../../game/backend';
import type { RoundPublic } from '../../game/protocol';
import { createRng } from '../../game/rng';
import type { NetworkSpec, TrainingSpec } from '../../game/spec';
import { EngineForward } from '../../game/engine';
import { evaluate } from '../../game/evaluate';
import { buildHiddenTest, buildTrainSet } from '../../game/tasks/round-data';
import type { Dataset } from '../../game/tasks/dataset';
import { unpackWeights } from '../../game/weights';
import { predictClasses, scoresOf } from '../../server/verify/scorer';
import { train } from '../../game/train';
import { packWeights } from '../../game/weights';
import { startServer } from '../../server/main';
import { createVerificationPool, type Verifier } from '../../server/verify/pool';
import { RawSocket } from './raw-socket';
import { boardLatencies, must, pct, pooled, spectator, type Seen } from './load';

const CHILD_FLAG = '--server-child';

const args = z
  .object({
    players: z.coerce.number().int().min(1).max(5000).default(200),
    spectators: z.coerce.number().int().min(1).max(500).default(50),
    concurrency: z.coerce.number().int().min(1).max(1000).default(50),
    pool: z.coerce.number().int().min(1).max(16).optional(),
    window: z.coerce.number().min(1).max(120).default(10),
    'server-child': z.boolean().optional(),
    'scoring-only': z.boolean().optional(),
    'no-scoring': z.boolean().optional(),
  })
  .parse(
    parseArgs({
      options: {
        players: { type: 'string' },
        spectators: { type: 'string' },
        concurrency: { type: 'string' },
        pool: { type: 'string' },
        window: { type: 'string' },
        'server-child': { type: 'boolean' },
        'scoring-only': { type: 'boolean' },
        'no-scoring': { type: 'boolean' },
      },
    }).values,
  );

/** What the server child reports when asked. Times are the child's own performance.now(). */
interface ServerReport {
  scoreWall: number[];
  scoreWork: number[];
  replayWork: number[];
  replayDoneAt: number[];
  verdicts: Record<string, number>;
  now: number;
  rssMiB: number;
  workers: number;
  /** Submissions stored for the round asked about. */
  stored: number;
  /** The main thread's event-loop delay since the previous report, ms. */
  loopDelay: { p50: number; p99: number; max: number };
}

type ChildMessage = { type: 'ready'; url: string } | { type: 'report'; report: ServerReport };
type ParentMessage = { type: 'report'; roundId?: string } | { type: 'stop' };

/**
 * `--no-scoring`: a score drawn from a seeded generator at once (distinct scores, so the board
 * moves with every submission as it would), and replays that verify with those scores; the rest
 * of the pool (stats, close) is the real one.
 */
function unscoredVerifier(inner: Verifier): Verifier {
  const rng = createRng(11);
  const draw = (): number => Math.round((0.5 + rng.next() / 2) * 10_000) / 10_000;
  // Answered on a later event-loop turn, as a worker's message is: a promise resolved at once lets
  // the open-round replays chain one after another in microtasks and starve every socket.
  const later = <T>(value: () => T): Promise<T> => new Promise((resolve) => setImmediate(() => resolve(value())));
  return {
    score: () =>
      later(() => {
        const publicScore = draw();
        const privateScore = draw();
        return { publicScore, privateScore, fullScore: (publicScore + privateScore) / 2, ms: 0 };
      }),
    replay: () => later(() => ({ verdict: 'verified' as const, reason: null, replayScore: null, ms: 0 })),
    stats: () => inner.stats?.() ?? { workers: 0, busy: 0, queued: 0 },
    prepare: () => undefined,
    close: () => inner.close(),
  };
}

// ---------------------------------------------------------------- server child

/** Wraps the pool to time every job as the round service sees it (queue wait included). */
function timedVerifier(inner: Verifier) {
  const r: Omit<ServerReport, 'now' | 'rssMiB' | 'workers' | 'stored' | 'loopDelay'> = {
    scoreWall: [],
    scoreWork: [],
    replayWork: [],
    replayDoneAt: [],
    verdicts: {},
  };
  const verifier: Verifier = {
    score: async (round, network, weights) => {
      const t0 = performance.now();
      const s = await inner.score(round, network, weights);
      r.scoreWall.push(performance.now() - t0);
      r.scoreWork.push(s.ms);
      return s;
    },
    replay: async (round, job, priority) => {
      const v = await inner.replay(round, job, priority);
      r.replayWork.push(v.ms);
      r.replayDoneAt.push(performance.now());
      r.verdicts[v.verdict] = (r.verdicts[v.verdict] ?? 0) + 1;
      return v;
    },
    stats: () => inner.stats(),
    prepare: (round) => inner.prepare?.(round),
    close: () => inner.close(),
  };
  return { verifier, r };
}

async function serverChild(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'tune-arena-bench-'));
  const pool = createVerificationPool({ size: args.pool });
  const timed = timedVerifier(args['no-scoring'] ? unscoredVerifier(pool) : pool);
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  // Every simulated player connects from this one machine: the per-address limits (issue 8) would
  // otherwise refuse the load generator itself.
  const lots = { limit: 1_000_000, windowMs: 1_000 };
  const server = await startServer({
    port: 0,
    databaseUrl: join(dir, 'bench.db'),
    next: false,
    verifier: timed.verifier,
    limits: { connect: lots, join: lots, notFound: lots, create: lots, progress: lots },
    maxConnectionsPerAddress: 1_000_000,
  });
  const send = (m: ChildMessage): void => void process.send?.(m);
  process.on('message', (m: ParentMessage) => {
    if (m.type === 'report') {
      void (async () => {
        const stored = m.roundId && server.store ? (await server.store.listSubmissions(m.roundId)).length : 0;
        const report: ServerReport = {
          ...timed.r,
          now: performance.now(),
          rssMiB: process.memoryUsage().rss / 2 ** 20,
          workers: timed.verifier.stats().workers,
          stored,
          loopDelay: { p50: loop.percentile(50) / 1e6, p99: loop.percentile(99) / 1e6, max: loop.max / 1e6 },
        };
        loop.reset();
        send({ type: 'report', report });
      })();
    } else {
      void server.close().finally(() => {
        rmSync(dir, { recursive: true, force: true });
        process.exit(0);
      });
    }
  });
  send({ type: 'ready', url: server.url });
}

// ---------------------------------------------------------------- load generator (parent)

const ms = (x: number): string => (Number.isNaN(x) ? '–' : `${x.toFixed(0)} ms`);
const fmt = (xs: number[]): string => `p50 ${ms(pct(xs, 50))}, p99 ${ms(pct(xs, 99))}, max ${ms(pct(xs, 100))} (n=${xs.length})`;

function nextMessage<T extends ChildMessage['type']>(child: ChildProcess, type: T): Promise<Extract<ChildMessage, { type: T }>> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: ChildMessage): void => {
      if (m.type !== type) return;
      child.off('message', onMessage);
      child.off('exit', onExit);
      resolve(m as Extract<ChildMessage, { type: T }>);
    };
    const onExit = (code: number | null): void => reject(new Error(`server child exited (${code})`));
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

async function report(child: ChildProcess, roundId?: string): Promise<ServerReport> {
  const reply = nextMessage(child, 'report');
  child.send({ type: 'report', roundId } satisfies ParentMessage);
  return (await reply).report;
}

const sum = (xs: RawSocket[], k: 'frames' | 'bytes'): number => xs.reduce((a, s) => a + s.stats[k], 0);

type Recipe = { network: NetworkSpec; training: TrainingSpec; weights: Uint8Array };

/** The bench's 4 genuinely trained recipes (2×4, 2×6, 2×8, 2×12 tanh, adam), on `data`. */
async function trainRecipes(data: Dataset): Promise<Recipe[]> {
  const recipes: Recipe[] = [];
  for (const [k, units] of [4, 6, 8, 12].entries()) {
    const network: NetworkSpec = {
      layers: [
        { units, activation: 'tanh', groups: 1 },
        { units, activation: 'tanh', groups: 1 },
      ],
      shortcut: 'none',
    };
    const training: TrainingSpec = { optimizer: 'adam', learningRate: 0.03, batchSize: 32, epochs: 20, l2: 0, seed: 100 + k };
    const { weights } = await train({ network, training, data });
    recipes.push({ network, training, weights: packWeights(weights) });
  }

  return recipes;
}

async function main(): Promise<void> {
  const P = args.players;
  const S = args.spectators;
  const childArgs = [CHILD_FLAG, ...(args.pool ? ['--pool', String(args.pool)] : []), ...(args['no-scoring'] ? ['--no-scoring'] : [])];
  // BENCH_PROF=dir writes a CPU profile of the server child (main thread and workers) into dir.
  const profile = process.env.BENCH_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROF}`] : [];
  const child = fork(fileURLToPath(import.meta.url), childArgs, { execArgv: ['--import', 'tsx', ...profile] });
  const { url } = await nextMessage(child, 'ready');
  console.log(
    `server ${url} (child process), ${P} players, ${S} spectators, pool ${(await report(child)).workers} worker(s)${args['no-scoring'] ? ', no scoring (--no-scoring)' : ''}`,
  );

  const host = await RawSocket.open(url);
  const created = await must(host, 'tournament:create', { title: 'Server bench' });
  const code = (created.tournament as { code: string }).code;
  const hostKey = created.hostKey as string;
  const { round: draft } = (await must(host, 'round:create', {
    code,
    hostKey,
    taskId: 'xor',
    preset: 'xor-warmup',
    rules: { maxSubmissions: 50, durationSec: 1800 },
  })) as { round: RoundPublic };

  // Joins: a class arriving, `concurrency` at a time.
  const players: { socket: RawSocket; token: string }[] = new Array(P);
  const joinLatency: number[] = [];
  const t0 = performance.now();
  await pooled(P, args.concurrency, async (i) => {
    const started = performance.now();
    const socket = await RawSocket.open(url);
    const ack = await must(socket, 'player:join', { code, nickname: `p${i + 1}` });
    joinLatency.push(performance.now() - started);
    players[i] = { socket, token: ack.playerToken as string };
  });
  const joinSecs = (performance.now() - t0) / 1000;
  const playerSockets = players.map((p) => p.socket);
  const joinFrames = sum(playerSockets, 'frames');
  const joinBytes = sum(playerSockets, 'bytes');

  // Spectators read `total` off the front of every board and nothing else.
  const boards: Seen[] = [];
  const spectators: RawSocket[] = [];
  for (let j = 0; j < S; j++) {
    const { socket, seen } = await spectator(url, code);
    boards.push(seen);
    spectators.push(socket);
  }
  const { round } = (await must(host, 'round:start', { code, hostKey, roundId: draft.id })) as { round: RoundPublic };

  // A few genuinely trained recipes, so that replays verify for real.
  await initBackend('wasm');
  const data = await buildTrainSet({
    taskId: round.rules.taskId,
    trainSeed: round.trainSeed ?? 0,
    trainSize: round.rules.trainSize,
    noise: round.rules.noise,
    trainRows: round.trainRows,
  });
  const recipes = await trainRecipes(data);

  // Each player submits once at a seeded random moment within the window.
  const rng = createRng(7);
  const sentAt: number[] = new Array(P);
  const ackLatency: number[] = [];
  /** Player index in the order the acks arrived (≈ the order the rows were stored). */
  const ackOrder: number[] = [];
  const errors: string[] = [];
  const windowMs = args.window * 1000;
  const framesBefore = sum(playerSockets, 'frames');
  const bytesBefore = sum(playerSockets, 'bytes');
  const spectatorBytesBefore = sum(spectators, 'bytes');
  const spectatorFramesBefore = sum(spectators, 'frames');
  await report(child); // resets the server's event-loop delay histogram: what follows is the submissions'
  const submitStart = performance.now();
  await Promise.all(
    players.map(
      (p, i) =>
        new Promise<void>((resolve) => {
          setTimeout(() => {
            const r = recipes[i % recipes.length];
            sentAt[i] = performance.now();
            p.socket
              .call(
                'submission:create',
                { playerToken: p.token, roundId: round.id, network: r.network, training: r.training, backend: 'wasm', weights: { _placeholder: true, num: 0 } },
                r.weights,
              )
              .then((ack) => {
                ackLatency.push(performance.now() - sentAt[i]);
                if (ack.ok) ackOrder.push(i);
                else errors.push(ack.error.code);
              })
              .finally(resolve);
          }, rng.next() * windowMs);
        }),
    ),
  );
  const submitSecs = (performance.now() - submitStart) / 1000;
  // Wait for the board that carries every acknowledged submission, at every spectator (or 30 s).
  const acked = ackOrder.length;
  const deadline = performance.now() + 30_000;
  while (boards.some((b) => (b.at(-1)?.total ?? 0) < acked) && performance.now() < deadline) await sleep(50);

  const boardLatency = boardLatencies(boards, ackOrder, sentAt);
  const after = await report(child, round.id);
  const lost = Math.max(0, acked - after.stored);

  const perPlayer = (x: number): string => (x / P).toFixed(1);
  const kib = (x: number): string => `${(x / 1024).toFixed(1)} KiB`;
  console.log('');
  console.log(`| measure | ${P} players, ${S} spectators |`);
  console.log('| --- | --- |');
  console.log(`| joins | ${P} in ${joinSecs.toFixed(1)} s (${args.concurrency} in flight); join ${fmt(joinLatency)} |`);
  console.log(`| submissions | ${acked} acknowledged in ${submitSecs.toFixed(1)} s, ${errors.length} errors ${[...new Set(errors)].join(' ')} |`);
  console.log(`| ack latency | ${fmt(ackLatency)} |`);
  console.log(`| submit → spectator board | ${fmt(boardLatency)} |`);
  console.log(`| scoring (queue wait included) | ${fmt(after.scoreWall)} |`);
  console.log(`| scoring (worker compute) | ${fmt(after.scoreWork)} |`);
  const d = after.loopDelay;
  console.log(`| server event-loop delay while submitting | p50 ${ms(d.p50)}, p99 ${ms(d.p99)}, max ${ms(d.max)} |`);
  console.log(`| server RSS (main + workers) | ${after.rssMiB.toFixed(0)} MiB |`);
  console.log(`| sent per player while joining | ${perPlayer(joinFrames)} frames, ${kib(joinBytes / P)} |`);
  console.log(
    `| sent per player while submitting | ${perPlayer(sum(playerSockets, 'frames') - framesBefore)} frames, ${kib((sum(playerSockets, 'bytes') - bytesBefore) / P)} |`,
  );
  console.log(
    `| sent per spectator while submitting | ${((sum(spectators, 'frames') - spectatorFramesBefore) / S).toFixed(1)} frames, ${kib((sum(spectators, 'bytes') - spectatorBytesBefore) / S)} |`,
  );
  console.log(`| lost (acknowledged, not stored) | ${lost} (${after.stored} stored) |`);

  for (const s of [...playerSockets, ...spectators, host]) s.close();
  const exited = new Promise((r) => child.once('exit', r));
  child.send({ type: 'stop' } satisfies ParentMessage);
  await exited;

  if (args['no-scoring']) return;
  await scorerComparison(recipes, 50);
  await scoringThroughput(P, recipes);
}

/** Recipe i mod 4's weights with one byte changed, so every i is a real forward pass. */
function distinctWeights(recipes: { weights: Uint8Array }[], i: number): Uint8Array {
  const w = recipes[i % recipes.length].weights.slice();
  const at = 4 * (Math.floor(i / recipes.length) % (w.length / 4));
  w[at] ^= 1 + (Math.floor(i / w.length) % 255);
  return w;
}

const SCORING_SECRET = { roundId: 'bench-scoring', taskId: 'xor' as const, trainSeed: 1, testSeed: 2, trainSize: 200, noise: 0.1 };

/**
 * One thread, no pool: the previous scorer (game/evaluate's log-probabilities, then the masks) vs
 * server/verify/scorer.ts on the same distinct weights, interleaved per score so both see the same
 * machine load, and game/'s js engine (EngineForward's batched probabilities, argmax) beside them.
 * Prints CPU ms per score per recipe and how many scores of scorer.ts agree exactly with evaluate's.
 */
async function scorerComparison(recipes: Recipe[], perRecipe: number): Promise<void> {
  await initBackend('wasm');
  const { test, publicMask } = await buildHiddenTest(SCORING_SECRET);
  const task = { inputDim: test.inputDim, classes: test.classes };
  const round4 = (v: number): number => Math.round(v * 10_000) / 10_000;
  const previous = (network: NetworkSpec, w: Float32Array): ReturnType<typeof scoresOf> => {
    const { correct } = evaluate(network, task, w, test);
    let pub = 0;
    let pubN = 0;
    let priv = 0;
    for (let i = 0; i < correct.length; i++) {
      if (publicMask[i]) {
        pubN++;
        pub += correct[i];
      } else priv += correct[i];
    }
    const privN = correct.length - pubN;
    return { publicScore: round4(pub / pubN), privateScore: round4(priv / privN), fullScore: round4((pub + priv) / correct.length) };
  };
  const cpuMs = (f: () => void): number => {
    const c0 = process.cpuUsage();
    f();
    const c = process.cpuUsage(c0);
    return (c.user + c.system) / 1000;
  };
  console.log('');
  console.log(`| one thread, ${test.n.toLocaleString('en')}-point test set, ${perRecipe} distinct weights per net | previous (evaluate) CPU ms/score | scorer.ts CPU ms/score | previous ÷ scorer.ts | scores equal | js engine CPU ms/score |`);
  console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
  const probs = new Float32Array(test.n * task.classes);
  const jsClasses = (network: NetworkSpec, w: Float32Array): number => {
    new EngineForward(network, task, w).run(test.x, test.n, { probs });
    let hits = 0;
    const c = task.classes;
    for (let i = 0; i < test.n; i++) {
      let best = 0;
      for (let k = 1; k < c; k++) if (probs[i * c + k] > probs[i * c + best]) best = k;
      hits += best === test.y[i] ? 1 : 0;
    }
    return hits;
  };
  for (const [r, recipe] of recipes.entries()) {
    let old = 0;
    let now = 0;
    let equal = 0;
    let js = 0;
    for (let k = 0; k < perRecipe + 3; k++) {
      const w = unpackWeights(distinctWeights(recipes, r + recipes.length * k));
      let a: ReturnType<typeof scoresOf> | undefined;
      let b: ReturnType<typeof scoresOf> | undefined;
      const tOld = cpuMs(() => (a = previous(recipe.network, w)));
      const tNew = cpuMs(() => (b = scoresOf(predictClasses(recipe.network, task, w, test), test, publicMask)));
      const tJs = cpuMs(() => jsClasses(recipe.network, w));
      if (k < 3) continue; // warm-up
      old += tOld;
      now += tNew;
      js += tJs;
      if (JSON.stringify(a) === JSON.stringify(b)) equal++;
    }
    const first = recipe.network.layers[0];
    const net = `${recipe.network.layers.length}×${'units' in first ? first.units : first.filters}`;
    console.log(`| ${net} tanh | ${(old / perRecipe).toFixed(2)} | ${(now / perRecipe).toFixed(2)} | ${(old / now).toFixed(2)}× | ${equal} of ${perRecipe} | ${(js / perRecipe).toFixed(2)} |`);
  }
}

/** `--scoring-only`: the recipes on the XOR warm-up's training set, then the scoring tables alone. */
async function scoringOnly(): Promise<void> {
  await initBackend('wasm');
  const data = await buildTrainSet({ taskId: 'xor', trainSeed: 1, trainSize: 200, noise: 0.1 });
  const recipes = await trainRecipes(data);
  await scorerComparison(recipes, 100);
  await scoringThroughput(args.players, recipes);
}

/**
 * The pool alone, after the server stopped: `count` scores on a 10,000-point hidden test set, all
 * queued at once. Distinct weights (each a recipe's with one byte changed, so every one is a real
 * forward pass), one score per worker message (the baseline) vs batches of up to 16 (issue 9);
 * then the bench's 4 recipes as submitted (byte-identical repeats, answered from each worker's
 * memo). Same run, same pool size.
 */
async function scoringThroughput(count: number, recipes: { network: NetworkSpec; weights: Uint8Array }[]): Promise<void> {
  const secret = SCORING_SECRET;
  const distinct = (i: number): Uint8Array => distinctWeights(recipes, i);
  const cases = [
    { name: 'distinct weights, batch 1', batch: 1, weights: distinct },
    { name: 'distinct weights, batch 16', batch: 16, weights: distinct },
    { name: 'the 4 recipes (repeats), batch 16', batch: 16, weights: (i: number) => recipes[i % recipes.length].weights },
  ];
  const rows: string[] = [];
  const rates: number[] = [];
  for (const c of cases) {
    const pool = createVerificationPool({ size: args.pool, scoreBatch: c.batch });
    // Warm each worker's cache of the hidden test set (built once per round per worker).
    await Promise.all(Array.from({ length: 4 }, (_, k) => pool.score(secret, recipes[(count + k) % recipes.length].network, distinct(count + k))));
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const wall: number[] = [];
    await Promise.all(
      Array.from({ length: count }, (_, i) =>
        pool.score(secret, recipes[i % recipes.length].network, c.weights(i)).then(() => wall.push(performance.now() - t0)),
      ),
    );
    const secs = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    rates.push(count / secs);
    rows.push(
      `| ${c.name} | ${secs.toFixed(1)} s | ${(count / secs).toFixed(0)}/s | ${ms(pct(wall, 50))} / ${ms(pct(wall, 99))} | ${((cpu.user + cpu.system) / 1000 / count).toFixed(2)} ms |`,
    );
    await pool.close();
  }
  console.log('');
  console.log(`| ${count} scores queued at once (pool ${args.pool ?? 'default'}, 10,000-point test set) | all scored | scores/s | done after p50 / p99 | process CPU per score (workers included) |`);
  console.log('| --- | ---: | ---: | ---: | ---: |');
  for (const r of rows) console.log(r);
  console.log(`| ratios | | batch 16 ÷ 1: ${(rates[1] / rates[0]).toFixed(2)}×; repeats ÷ distinct: ${(rates[2] / rates[1]).toFixed(1)}× | | |`);
}

const sleep = (msec: number): Promise<void> => new Promise((r) => setTimeout(r, msec));

const entry = args['server-child'] ? serverChild() : (args['scoring-only'] ? scoringOnly() : main()).then(() => process.exit(0));
entry.catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
