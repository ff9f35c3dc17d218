/**
 * Cluster benchmark (`npm run bench:cluster [-- --players 200]`): the same load against
 * (1) one server process on SQLite with its own verification thread, and (2) two web servers
 * (VERIFY_WORKERS=0) and two worker processes (one thread each) on one PostgreSQL and one Redis
 * (BENCH_DATABASE_URL / BENCH_REDIS_URL, else TEST_DATABASE_URL / TEST_REDIS_URL). Every player
 * submits one trained XOR net within the window, through the servers in turn; the spectator
 * watches from the last server, so in the cluster most boards cross servers. Then the host closes
 * the round and every submission is replayed. Prints ack and board p50/p99 and replays/s for
 * both, side by side, with ratios to the single process. Asserts nothing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { io, type Socket } from 'socket.io-client';
import { z } from 'zod';
import type { LeaderboardUpdate, RoundPublic } from '../../game/protocol';
import type { NetworkSpec, TrainingSpec } from '../../game/spec';
import { trainFor } from '../integration/support/harness';
import { freshPgDatabase } from '../integration/support/postgres';
import { flushRedis, killAll, startServerProcess, startWorkerProcess } from '../distributed/support/processes';

const args = z
  .object({ players: z.coerce.number().int().min(1).max(2000).default(200), window: z.coerce.number().min(1).max(120).default(10) })
  .parse(parseArgs({ options: { players: { type: 'string' }, window: { type: 'string' } } }).values);
const DATABASE = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL;
const REDIS = process.env.BENCH_REDIS_URL || process.env.TEST_REDIS_URL;

const NET: NetworkSpec = { layers: [{ units: 4, activation: 'tanh', groups: 1 }], shortcut: 'none' };
const training = (seed: number): TrainingSpec => ({ optimizer: 'adam', learningRate: 0.05, batchSize: 32, epochs: 20, l2: 0, seed });
const RULES = { trainSize: 200, noise: 0, durationSec: 3600, maxSubmissions: 1, auditTopK: 3, maxEpochs: 50 };

// Every simulated player connects from this one machine: the per-address limits (kept in Redis in
// the cluster, so shared by both servers) would refuse a class this size from one address.
const LOAD_ENV = { JOINS_PER_ADDRESS_PER_MINUTE: '100000', CONNECTS_PER_ADDRESS_PER_MINUTE: '100000', MAX_CONNECTIONS_PER_ADDRESS: '100000' };

type Figures = { ackP50: number; ackP99: number; boardP50: number; boardP99: number; errors: number; replaysPerSec: number; accepted: number };

const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? Number.NaN : s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};

function client(url: string): Promise<Socket> {
  const s = io(url, { auth: { protocol: 1 }, transports: ['websocket'], reconnection: false, forceNew: true });
  return new Promise((resolve, reject) => {
    s.once('connect', () => resolve(s));
    s.once('connect_error', reject);
  });
}

async function ack<T>(s: Socket, event: string, payload: unknown): Promise<T> {
  const a = (await s.timeout(120_000).emitWithAck(event, payload)) as { ok: boolean; error?: { code: string; message: string } } & T;
  if (!a.ok) throw new Error(`${event}: ${a.error?.code} ${a.error?.message}`);
  return a;
}

async function run(urls: string[]): Promise<Figures> {
  const host = await client(urls[0]);
  const created = await ack<{ tournament: { code: string }; hostKey: string }>(host, 'tournament:create', { title: 'Bench' });
  const { code } = created.tournament;
  const { hostKey } = created;
  const draft = await ack<{ round: RoundPublic }>(host, 'round:create', { code, hostKey, taskId: 'xor', rules: RULES });
  const spectator = await client(urls[urls.length - 1]);
  await ack(spectator, 'spectate', { code });
  const players = await Promise.all(
    Array.from({ length: args.players }, async (_, i) => {
      const s = await client(urls[i % urls.length]);
      const j = await ack<{ playerToken: string; player: { id: string } }>(s, 'player:join', { code, nickname: `p${i}` });
      return { s, token: j.playerToken, id: j.player.id };
    }),
  );
  const { round } = await ack<{ round: RoundPublic }>(host, 'round:start', { code, hostKey, roundId: draft.round.id });
  // Eight distinct trained nets, shared round-robin: training is the browser's cost, not the server's.
  const nets = await Promise.all(Array.from({ length: 8 }, (_, k) => trainFor(round, NET, training(k + 1))));

  const sentAt = new Map<string, number>();
  const boardLatency: number[] = [];
  // The broadcast carries the top 50 only (BOARD_TOP): latencies are those of the entries that
  // reached it, and the end of the replays is read from the whole board over HTTP.
  spectator.on('leaderboard:update', (b: LeaderboardUpdate) => {
    const now = performance.now();
    for (const e of b.entries) {
      const t = sentAt.get(e.playerId);
      if (t !== undefined) {
        boardLatency.push(now - t);
        sentAt.delete(e.playerId);
      }
    }
  });

  const acks: number[] = [];
  let errors = 0;
  let expected = args.players;
  /** Resolves once the whole board lists `expected` entries, none of them pending. */
  const allReplayed = async (): Promise<void> => {
    for (;;) {
      const res = await fetch(`${urls[0]}/api/rounds/${round.id}/leaderboard`);
      const board = (await res.json()) as { entries: { audit: string }[] };
      if (board.entries.length >= expected && board.entries.every((e) => e.audit !== 'pending')) return;
      await new Promise((r) => setTimeout(r, 250));
    }
  };
  const gap = (args.window * 1000) / args.players;
  await Promise.all(
    players.map(async (p, i) => {
      await new Promise((r) => setTimeout(r, i * gap));
      const t = performance.now();
      sentAt.set(p.id, t);
      try {
        const a = (await p.s.timeout(120_000).emitWithAck('submission:create', {
          playerToken: p.token, roundId: round.id, network: NET, training: training((i % 8) + 1), backend: 'cpu', weights: nets[i % 8],
        })) as { ok: boolean };
        acks.push(performance.now() - t);
        if (!a.ok) errors++;
      } catch {
        // A lost connection (this process too busy parsing boards to answer pings) is an error, not a crash.
        errors++;
      }
    }),
  );
  expected = acks.length - errors;
  const closedAt = performance.now();
  await ack(host, 'round:close', { code, hostKey, roundId: round.id });
  await allReplayed();
  const replaySec = (performance.now() - closedAt) / 1000;
  for (const s of [host, spectator, ...players.map((p) => p.s)]) s.disconnect();
  return {
    ackP50: pct(acks, 50), ackP99: pct(acks, 99), boardP50: pct(boardLatency, 50), boardP99: pct(boardLatency, 99),
    errors, accepted: acks.length - errors, replaysPerSec: (acks.length - errors) / replaySec,
  };
}

async function single(): Promise<Figures> {
  const dir = mkdtempSync(join(tmpdir(), 'tune-arena-bench-'));
  try {
    const srv = await startServerProcess('sqlite', { ...LOAD_ENV, DATABASE_URL: join(dir, 'bench.db'), VERIFY_POOL_SIZE: '1', REDIS_URL: '', VERIFY_WORKERS: '' });
    try {
      return await run([srv.url]);
    } finally {
      await killAll();
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
    const a = await startServerProcess('web-1', env);
    const b = await startServerProcess('web-2', env);
    await Promise.all([1, 2].map((n) => startWorkerProcess(`worker-${n}`, { REDIS_URL: REDIS, VERIFY_WORKERS: '1' })));
    try {
      return await run([a.url, b.url]);
    } finally {
      await killAll();
    }
  } finally {
    await db.drop();
  }
}

const one = await single();
const two = await cluster();
const row = (name: string, f: (x: Figures) => number, unit: string, digits = 0): string =>
  `| ${name} | ${f(one).toFixed(digits)} ${unit} | ${f(two).toFixed(digits)} ${unit} | ${(f(two) / f(one)).toFixed(2)}× |`;
console.log(`\n${args.players} players, ${args.window} s window, XOR 1×4 tanh, one submission each, every one replayed after close\n`);
console.log('| measure | 1 process, SQLite, 1 thread | 2 servers + 2 workers, PostgreSQL + Redis | ratio |');
console.log('| --- | ---: | ---: | ---: |');
console.log(`| accepted / errors | ${one.accepted} / ${one.errors} | ${two.accepted} / ${two.errors} | |`);
console.log(row('ack p50', (x) => x.ackP50, 'ms'));
console.log(row('ack p99', (x) => x.ackP99, 'ms'));
console.log(row('submit → board at the spectator p50', (x) => x.boardP50, 'ms'));
console.log(row('submit → board at the spectator p99', (x) => x.boardP99, 'ms'));
console.log(row('replays/s after close', (x) => x.replaysPerSec, '/s', 1));
process.exit(0);
