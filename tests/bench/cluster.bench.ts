/**
 * Cluster benchmark (`npm run bench:cluster [-- --players 2000 --window 10 --concurrency 50
 * --replay-wait 300 --only single|cluster]`): the same load against
 * (1) one server process on SQLite with its own verification thread, and (2) two web servers
 * (VERIFY_WORKERS=0) and two worker processes (one thread each) on one PostgreSQL and one Redis
 * (BENCH_DATABASE_URL / BENCH_REDIS_URL, else TEST_DATABASE_URL / TEST_REDIS_URL). The host,
 * players and spectator are raw-WebSocket clients (tests/bench/raw-socket.ts, helpers in
 * tests/bench/load.ts, as in `bench:server`) that decode only what is measured, so this process
 * can play 2,000 players. Players join `--concurrency` at a time, alternating servers; each submits
 * one trained XOR net within the window; the spectator watches from the last server, so in the
 * cluster half the boards cross servers, and reads `total` off each board (the k-th stored
 * submission is on the board once `total` reaches k). Then the host closes the round and the
 * bench waits (up to `--replay-wait` s) until the whole board (over HTTP) is replayed. Prints ack
 * and board p50/p99, replays/s and each process's CPU time for both, side by side, with ratios to
 * the single process (`--only` runs one half). `BENCH_PROF=<dir>` starts the web servers with
 * `--cpu-prof` into that folder (they are stopped with SIGTERM so the profiles get written).
 * Asserts nothing. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import type { RoundPublic } from '../../game/protocol';
import type { NetworkSpec, TrainingSpec } from '../../game/spec';
import { trainFor } from '../integration/support/harness';
import { freshPgDatabase } from '../integration/support/postgres';
import { flushRedis, killAll, startServerProcess, startWorkerProcess, type Child } from '../distributed/support/processes';
import { boardLatencies, must, pct, pooled, spectator } from './load';
import { RawSocket, type Answer } from './raw-socket';

const args = z
  .object({
    players: z.coerce.number().int().min(1).max(2000).default(200),
    window: z.coerce.number().min(1).max(120).default(10),
    concurrency: z.coerce.number().int().min(1).max(1000).default(50),
    'replay-wait': z.coerce.number().min(1).max(3600).default(300),
    only: z.enum(['single', 'cluster']).optional(),
  })
  .parse(
    parseArgs({
      options: { players: { type: 'string' }, window: { type: 'string' }, concurrency: { type: 'string' }, 'replay-wait': { type: 'string' }, only: { type: 'string' } },
    }).values,
  );
const PROF_DIR = process.env.BENCH_PROF || undefined;
const webOptions = PROF_DIR ? { nodeArgs: ['--cpu-prof', '--cpu-prof-dir', PROF_DIR] } : {};
const DATABASE = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL;
const REDIS = process.env.BENCH_REDIS_URL || process.env.TEST_REDIS_URL;

const NET: NetworkSpec = { layers: [{ units: 4, activation: 'tanh', groups: 1 }], shortcut: 'none' };
const training = (seed: number): TrainingSpec => ({ optimizer: 'adam', learningRate: 0.05, batchSize: 32, epochs: 20, l2: 0, seed });
const RULES = { trainSize: 200, noise: 0, durationSec: 3600, maxSubmissions: 1, auditTopK: 3, maxEpochs: 50 };

// Every simulated player connects from this one machine: the per-address limits (kept in Redis in
// the cluster, so shared by both servers) would refuse a class this size from one address.
const LOAD_ENV = { JOINS_PER_ADDRESS_PER_MINUTE: '100000', CONNECTS_PER_ADDRESS_PER_MINUTE: '100000', MAX_CONNECTIONS_PER_ADDRESS: '100000' };
const ACK_TIMEOUT_MS = 120_000;

type Figures = {
  joinSecs: number;
  ackP50: number;
  ackP99: number;
  boardP50: number;
  boardP99: number;
  errors: number;
  accepted: number;
  /**
   * Replays per second from the first submission to the last replay seen (open rounds replay in
   * the background, so some or all are done before close); `replayed` of `accepted` were done by
   * the end of `--replay-wait` after close, `replayedAtClose` when the host closed the round.
   */
  replaysPerSec: number;
  replayed: number;
  replayedAtClose: number;
  /** CPU seconds (user + system) of each process over the whole run, this load generator included. */
  cpu: { name: string; seconds: number }[];
};

/** `p`, or an error answer after `ms` (a socket the server dropped never answers). */
function within(p: Promise<Answer>, ms: number): Promise<Answer> {
  return Promise.race([
    p,
    new Promise<Answer>((resolve) => setTimeout(() => resolve({ ok: false, error: { code: 'TIMEOUT', message: `no ack in ${ms} ms` } }), ms).unref()),
  ]);
}

/** Stops the children (the web servers with SIGTERM when profiling, so their profiles are written). */
async function stopAll(webs: Child[]): Promise<void> {
  if (PROF_DIR) await Promise.all(webs.map((w) => w.kill('SIGTERM')));
  await killAll();
}

/** The run's figures with every process's CPU time, read just before they are stopped. */
async function measured(urls: string[], children: Child[]): Promise<Figures> {
  const cpu0 = process.cpuUsage();
  const figures = await run(urls);
  const self = process.cpuUsage(cpu0);
  return {
    ...figures,
    cpu: [{ name: 'load generator', seconds: (self.user + self.system) / 1e6 }, ...children.map((c) => ({ name: c.name, seconds: c.cpuSeconds() }))],
  };
}

async function run(urls: string[]): Promise<Omit<Figures, 'cpu'>> {
  const host = await RawSocket.open(urls[0]);
  const created = await must(host, 'tournament:create', { title: 'Bench' });
  const { code } = created.tournament as { code: string };
  const hostKey = created.hostKey as string;
  const { round: draft } = (await must(host, 'round:create', { code, hostKey, taskId: 'xor', rules: RULES })) as { round: RoundPublic };
  const watcher = await spectator(urls[urls.length - 1], code);
  const players: { socket: RawSocket; token: string }[] = new Array(args.players);
  const t0 = performance.now();
  await pooled(args.players, args.concurrency, async (i) => {
    const socket = await RawSocket.open(urls[i % urls.length]);
    const j = await must(socket, 'player:join', { code, nickname: `p${i}` });
    players[i] = { socket, token: j.playerToken as string };
  });
  const joinSecs = (performance.now() - t0) / 1000;
  const { round } = (await must(host, 'round:start', { code, hostKey, roundId: draft.id })) as { round: RoundPublic };
  // Eight distinct trained nets, shared round-robin: training is the browser's cost, not the server's.
  const nets = await Promise.all(Array.from({ length: 8 }, (_, k) => trainFor(round, NET, training(k + 1))));

  /** How many of the whole board's entries (over HTTP: the broadcast carries the top 50) are replayed. */
  const replayedNow = async (): Promise<number> => {
    const res = await fetch(`${urls[0]}/api/rounds/${round.id}/leaderboard`);
    const board = (await res.json()) as { entries: { audit: string }[] };
    return board.entries.filter((e) => e.audit !== 'pending').length;
  };

  const sentAt: number[] = new Array(args.players);
  const acks: number[] = [];
  const ackOrder: number[] = [];
  let errors = 0;
  const gap = (args.window * 1000) / args.players;
  const submitStart = performance.now();
  await Promise.all(
    players.map(async (p, i) => {
      await new Promise((r) => setTimeout(r, i * gap));
      sentAt[i] = performance.now();
      const a = await within(
        p.socket.call(
          'submission:create',
          { playerToken: p.token, roundId: round.id, network: NET, training: training((i % 8) + 1), backend: 'cpu', weights: { _placeholder: true, num: 0 } },
          nets[i % 8],
        ),
        ACK_TIMEOUT_MS,
      );
      acks.push(performance.now() - sentAt[i]);
      if (a.ok) ackOrder.push(i);
      else errors++;
    }),
  );
  const accepted = ackOrder.length;
  // The board that carries every accepted submission, at the spectator (or 30 s).
  const deadline = performance.now() + 30_000;
  while ((watcher.seen.at(-1)?.total ?? 0) < accepted && performance.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  const board = boardLatencies([watcher.seen], ackOrder, sentAt);

  const before = await replayedNow();
  await must(host, 'round:close', { code, hostKey, roundId: round.id });
  const waitUntil = performance.now() + args['replay-wait'] * 1000;
  let replayed = before;
  let doneAt = performance.now();
  while (replayed < accepted && performance.now() < waitUntil) {
    await new Promise((r) => setTimeout(r, 250));
    const n = await replayedNow();
    if (n > replayed) doneAt = performance.now();
    replayed = n;
  }
  const replaySec = (doneAt - submitStart) / 1000;
  for (const s of [host, watcher.socket, ...players.map((p) => p.socket)]) s.close();
  return {
    joinSecs,
    ackP50: pct(acks, 50),
    ackP99: pct(acks, 99),
    boardP50: pct(board, 50),
    boardP99: pct(board, 99),
    errors,
    accepted,
    replaysPerSec: replayed / replaySec,
    replayed,
    replayedAtClose: before,
  };
}

async function single(): Promise<Figures> {
  const dir = mkdtempSync(join(tmpdir(), 'tune-arena-bench-'));
  try {
    const srv = await startServerProcess('server', { ...LOAD_ENV, DATABASE_URL: join(dir, 'bench.db'), VERIFY_POOL_SIZE: '1', REDIS_URL: '', VERIFY_WORKERS: '' }, webOptions);
    try {
      return await measured([srv.url], [srv]);
    } finally {
      await stopAll([srv]);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function cluster(): Promise<Figures> {
  if (!DATABASE || !REDIS) throw new Error('set BENCH_DATABASE_URL and BENCH_REDIS_URL (or the TEST_ ones)');
  const db = await freshPgDatabase(DATABASE);
  await flushRedis(REDIS);
  try {
    const env = { ...LOAD_ENV, DATABASE_URL: db.url, REDIS_URL: REDIS, VERIFY_WORKERS: '0' };
    const a = await startServerProcess('web-1', env, webOptions);
    const b = await startServerProcess('web-2', env, webOptions);
    const workers = await Promise.all([1, 2].map((n) => startWorkerProcess(`worker-${n}`, { REDIS_URL: REDIS, VERIFY_WORKERS: '1' })));
    try {
      return await measured([a.url, b.url], [a, b, ...workers]);
    } finally {
      await stopAll([a, b]);
    }
  } finally {
    await db.drop();
  }
}

const halves: { title: string; figures: Figures }[] = [];
if (args.only !== 'cluster') halves.push({ title: '1 process, SQLite, 1 thread', figures: await single() });
if (args.only !== 'single') halves.push({ title: '2 servers + 2 workers, PostgreSQL + Redis', figures: await cluster() });
const both = halves.length === 2;
const cells = (f: (x: Figures) => string): string => halves.map((h) => f(h.figures)).join(' | ');
const row = (name: string, f: (x: Figures) => number, unit: string, digits = 0): string =>
  `| ${name} | ${cells((x) => `${f(x).toFixed(digits)} ${unit}`)} |${both ? ` ${(f(halves[1].figures) / f(halves[0].figures)).toFixed(2)}× |` : ''}`;
const plain = (name: string, f: (x: Figures) => string): string => `| ${name} | ${cells(f)} |${both ? ' |' : ''}`;
const cpuOf = (x: Figures): string => x.cpu.map((c) => `${c.name} ${c.seconds.toFixed(1)} s`).join(', ');
const totalCpu = (x: Figures): number => x.cpu.filter((c) => c.name !== 'load generator').reduce((sum, c) => sum + c.seconds, 0);
console.log(
  `\n${args.players} players (raw-WebSocket load generator, ${args.concurrency} joins in flight), ${args.window} s window, XOR 1×4 tanh, one submission each, every one replayed (waiting up to ${args['replay-wait']} s)\n`,
);
console.log(`| measure | ${halves.map((h) => h.title).join(' | ')} |${both ? ' ratio |' : ''}`);
console.log(`| --- | ${halves.map(() => '---:').join(' | ')} |${both ? ' ---: |' : ''}`);
console.log(plain('accepted / errors', (x) => `${x.accepted} / ${x.errors}`));
console.log(row('joins (all players)', (x) => x.joinSecs, 's', 1));
console.log(row('ack p50', (x) => x.ackP50, 'ms'));
console.log(row('ack p99', (x) => x.ackP99, 'ms'));
console.log(row('submit → board at the spectator p50', (x) => x.boardP50, 'ms'));
console.log(row('submit → board at the spectator p99', (x) => x.boardP99, 'ms'));
console.log(row('replays/s, first submission → last replay', (x) => x.replaysPerSec, '/s', 1));
console.log(plain('replayed at close', (x) => `${x.replayedAtClose} of ${x.accepted}`));
console.log(plain('replayed by the end of the wait', (x) => `${x.replayed} of ${x.accepted}`));
console.log(row('CPU, server-side processes together', totalCpu, 's', 1));
console.log(plain('CPU per process', cpuOf));
process.exit(0);
