/**
 * Server benchmark (`npm run bench:server [-- --players 200 --pool 1 --window 10]`). The real
 * server (socket.io, SQLite file, verification pool) runs in a child process, so its event loop
 * and RSS are its own; this process plays P players and one spectator. Every player submits one
 * genuinely trained network within the window; then the round closes and the pool replays every
 * submission. Prints figures; asserts nothing.
 *
 * Figures: ack latency, submit→leaderboard:update latency at the spectator, verification (score)
 * time, replay throughput after close, and the server process's RSS.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { io, type Socket } from 'socket.io-client';
import { z } from 'zod';
import { initBackend } from '../../game/backend';
import type { LeaderboardUpdate, RoundPublic } from '../../game/protocol';
import { createRng } from '../../game/rng';
import type { NetworkSpec, TrainingSpec } from '../../game/spec';
import { buildTrainSet } from '../../game/tasks/round-data';
import { train } from '../../game/train';
import { packWeights } from '../../game/weights';
import { startServer } from '../../server/main';
import { createVerificationPool, type Verifier } from '../../server/verify/pool';

const CHILD_FLAG = '--server-child';

const args = z
  .object({
    players: z.coerce.number().int().min(1).max(2000).default(200),
    pool: z.coerce.number().int().min(1).max(16).optional(),
    window: z.coerce.number().min(1).max(120).default(10),
    'server-child': z.boolean().optional(),
  })
  .parse(
    parseArgs({
      options: {
        players: { type: 'string' },
        pool: { type: 'string' },
        window: { type: 'string' },
        'server-child': { type: 'boolean' },
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
}

type ChildMessage = { type: 'ready'; url: string } | { type: 'report'; report: ServerReport };

// ---------------------------------------------------------------- server child

/** Wraps the pool to time every job as the round service sees it (queue wait included). */
function timedVerifier(inner: Verifier) {
  const r: Omit<ServerReport, 'now' | 'rssMiB' | 'workers'> = {
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
    close: () => inner.close(),
  };
  return { verifier, r };
}

async function serverChild(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'tune-arena-bench-'));
  const timed = timedVerifier(createVerificationPool({ size: args.pool }));
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
  process.on('message', (m: { type: 'report' } | { type: 'stop' }) => {
    if (m.type === 'report') {
      const report: ServerReport = {
        ...timed.r,
        now: performance.now(),
        rssMiB: process.memoryUsage().rss / 2 ** 20,
        workers: timed.verifier.stats().workers,
      };
      send({ type: 'report', report });
    } else {
      void server.close().finally(() => {
        rmSync(dir, { recursive: true, force: true });
        process.exit(0);
      });
    }
  });
  send({ type: 'ready', url: server.url });
}

// ---------------------------------------------------------------- clients (parent)

type Ack = { ok: true; [k: string]: unknown } | { ok: false; error: { code: string; message: string } };

function pct(xs: number[], p: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}
const fmt = (xs: number[]): string =>
  `p50 ${pct(xs, 50).toFixed(1)} ms, p99 ${pct(xs, 99).toFixed(1)} ms, max ${pct(xs, 100).toFixed(1)} ms (n=${xs.length})`;

async function call(socket: Socket, event: string, payload: unknown): Promise<Record<string, unknown>> {
  const ack = (await socket.timeout(60_000).emitWithAck(event, payload)) as Ack;
  if (!ack.ok) throw new Error(`${event}: ${ack.error.code} ${ack.error.message}`);
  return ack;
}

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

async function report(child: ChildProcess): Promise<ServerReport> {
  const reply = nextMessage(child, 'report');
  child.send({ type: 'report' });
  return (await reply).report;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function main(): Promise<void> {
  const P = args.players;
  const childArgs = [CHILD_FLAG, ...(args.pool ? ['--pool', String(args.pool)] : [])];
  const child = fork(fileURLToPath(import.meta.url), childArgs, { execArgv: ['--import', 'tsx'] });
  const { url } = await nextMessage(child, 'ready');
  const connect = (): Socket => io(url, { auth: { protocol: 1 }, transports: ['websocket'] });
  console.log(`server ${url} (child process), ${P} players, pool ${(await report(child)).workers} worker(s)`);

  const host = connect();
  const created = await call(host, 'tournament:create', { title: 'Server bench' });
  const code = (created.tournament as { code: string }).code;
  const hostKey = created.hostKey as string;
  const { round: draft } = (await call(host, 'round:create', {
    code,
    hostKey,
    taskId: 'xor',
    preset: 'xor-warmup',
    rules: { maxSubmissions: 50, durationSec: 1800 },
  })) as { round: RoundPublic };

  const t0 = performance.now();
  const players: { socket: Socket; id: string; token: string }[] = [];
  for (let i = 0; i < P; i++) {
    const socket = connect();
    const ack = await call(socket, 'player:join', { code, nickname: `p${i + 1}` });
    players.push({ socket, id: (ack.player as { id: string }).id, token: ack.playerToken as string });
  }
  console.log(`joined ${P} players in ${((performance.now() - t0) / 1000).toFixed(1)} s (one at a time)`);

  const spectator = connect();
  const pendingBoard = new Map<string, number>();
  const boardLatency: number[] = [];
  let boardUpdates = 0;
  spectator.on('leaderboard:update', (u: LeaderboardUpdate) => {
    boardUpdates++;
    const now = performance.now();
    for (const e of u.entries) {
      const sent = pendingBoard.get(e.playerId);
      if (sent !== undefined) {
        boardLatency.push(now - sent);
        pendingBoard.delete(e.playerId);
      }
    }
  });
  await call(spectator, 'spectate', { code });
  const { round } = (await call(host, 'round:start', { code, hostKey, roundId: draft.id })) as { round: RoundPublic };

  // A few genuinely trained recipes, so that the replays after close verify for real.
  await initBackend('wasm');
  const data = await buildTrainSet({
    taskId: round.rules.taskId,
    trainSeed: round.trainSeed ?? 0,
    trainSize: round.rules.trainSize,
    noise: round.rules.noise,
    trainRows: round.trainRows,
  });
  const recipes: { network: NetworkSpec; training: TrainingSpec; weights: Uint8Array }[] = [];
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

  // Each player submits once at a seeded random moment within the window.
  const rng = createRng(7);
  const ackLatency: number[] = [];
  const errors: string[] = [];
  const windowMs = args.window * 1000;
  const submitStart = performance.now();
  await Promise.all(
    players.map(
      (p, i) =>
        new Promise<void>((resolve) => {
          setTimeout(() => {
            const r = recipes[i % recipes.length];
            const sent = performance.now();
            pendingBoard.set(p.id, sent);
            p.socket
              .timeout(60_000)
              .emitWithAck('submission:create', {
                playerToken: p.token,
                roundId: round.id,
                network: r.network,
                training: r.training,
                backend: 'wasm',
                weights: r.weights,
              })
              .then((ack: Ack) => {
                ackLatency.push(performance.now() - sent);
                if (!ack.ok) errors.push(ack.error.code);
              })
              .catch((e: unknown) => errors.push(String(e)))
              .finally(resolve);
          }, rng.next() * windowMs);
        }),
    ),
  );
  const submitSecs = (performance.now() - submitStart) / 1000;
  const boardDeadline = performance.now() + 30_000;
  while (pendingBoard.size > 0 && performance.now() < boardDeadline) await sleep(50);

  const beforeClose = await report(child);
  await call(host, 'round:close', { code, hostKey, roundId: round.id });
  let after = await report(child);
  const replayDeadline = performance.now() + 600_000;
  while (after.replayDoneAt.length < P && performance.now() < replayDeadline) {
    await sleep(500);
    after = await report(child);
  }
  const closeAt = beforeClose.now;
  const afterClose = after.replayDoneAt.filter((t) => t >= closeAt);
  const replaySecs = (Math.max(...after.replayDoneAt) - closeAt) / 1000;

  console.log(`submissions: ${P - errors.length} accepted in ${submitSecs.toFixed(1)} s, ${errors.length} errors ${errors.slice(0, 3).join(' ')}`);
  console.log(`ack latency:                  ${fmt(ackLatency)}`);
  console.log(`submit → leaderboard:update:  ${fmt(boardLatency)} (${boardUpdates} updates, ${pendingBoard.size} never seen)`);
  console.log(`score (wall, queue included): ${fmt(after.scoreWall)}`);
  console.log(`score (worker compute):       ${fmt(after.scoreWork)}`);
  console.log(`replay (worker compute each): ${fmt(after.replayWork)}`);
  console.log(
    `replays: ${beforeClose.replayDoneAt.length} done while open, ${afterClose.length} after close in ` +
      `${replaySecs.toFixed(1)} s → ${(afterClose.length / Math.max(1e-3, replaySecs)).toFixed(1)} replays/s; ` +
      `verdicts ${JSON.stringify(after.verdicts)}`,
  );
  console.log(`server RSS (main + workers): ${beforeClose.rssMiB.toFixed(0)} MiB after submissions, ${after.rssMiB.toFixed(0)} MiB after audits`);

  for (const p of players) p.socket.disconnect();
  spectator.disconnect();
  host.disconnect();
  const exited = new Promise((r) => child.once('exit', r));
  child.send({ type: 'stop' });
  await exited;
}

const entry = args['server-child'] ? serverChild() : main().then(() => process.exit(0));
entry.catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
