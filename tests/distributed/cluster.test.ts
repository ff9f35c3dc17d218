/**
 * Past one machine, with real processes: two web servers (no local verification threads) and two
 * verification workers, on one PostgreSQL and one Redis. One round shows every failure the issue
 * names, in order:
 * - boards cross servers: host and a player on server A, a player and the spectator on server B;
 *   submissions through either server reach every board, in order, and progress reported through
 *   B reaches the host on A;
 * - a worker is SIGKILLed mid-replay: the job runs again on the other worker;
 * - server A (the round's owner, with sockets) is SIGKILLed while the round is open: B takes the
 *   round over and closes it at the same `endsAt`; A's clients reconnect to B and resume with
 *   their tokens; the round turns final;
 * - nothing acknowledged is lost or duplicated.
 * Runs when TEST_DATABASE_URL and TEST_REDIS_URL name a PostgreSQL and a Redis (.ci/run starts both).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { io, type Socket } from 'socket.io-client';
import type { LeaderboardUpdate, RoundPublic, SubmissionPublic } from '../../game/protocol';
import type { NetworkSpec, TrainingSpec } from '../../game/spec';
import { call, connect, disconnectAll, must, trainFor, waitFor } from '../integration/support/harness';
import { freshPgDatabase } from '../integration/support/postgres';
import { flushRedis, killAll, startServerProcess, startWorkerProcess, type Child } from './support/processes';

const DATABASE = process.env.TEST_DATABASE_URL ?? '';
const REDIS = process.env.TEST_REDIS_URL ?? '';

// Long enough for every step before the owner's death to finish on a loaded 2-core machine (75 s was not).
const DURATION_SEC = 120;
const RULES = { trainSize: 300, noise: 0.1, durationSec: DURATION_SEC, maxLayers: 2, maxUnits: 16, maxEpochs: 200, maxSubmissions: 3, auditTopK: 3, maxTrainingWork: 20_000_000 }; // the slow recipe below declares about 10.3M units of work
const REAL_NET: NetworkSpec = { layers: [{ units: 4, activation: 'tanh', groups: 1 }], shortcut: 'none' };
const REAL_TRAINING: TrainingSpec = { optimizer: 'adam', learningRate: 0.05, batchSize: 32, epochs: 3, l2: 0, seed: 7 };
// A declared recipe whose replay takes seconds: long enough to kill its worker in the middle.
const SLOW_NET: NetworkSpec = { layers: [{ units: 16, activation: 'tanh', groups: 1 }, { units: 16, activation: 'tanh', groups: 1 }], shortcut: 'none' };
const SLOW_TRAINING: TrainingSpec = { optimizer: 'adam', learningRate: 0.01, batchSize: 8, epochs: 200, l2: 0, seed: 3 };
const SLOW_PARAMS = 2 * 16 + 16 + 16 * 16 + 16 + 16 * 2 + 2;

let database: Awaited<ReturnType<typeof freshPgDatabase>>;
let serverA: Child & { url: string };
let serverB: Child & { url: string };
const workers: Child[] = [];
const failover: Socket[] = [];

/** A client that, like one behind a load balancer, reconnects to `next` once `first` is gone. */
async function connectFailover(first: string, next: string): Promise<Socket> {
  const socket = io(first, { auth: { protocol: 1 }, transports: ['websocket'], reconnectionDelay: 100, reconnectionDelayMax: 500, forceNew: true });
  failover.push(socket);
  socket.on('disconnect', () => {
    (socket.io as unknown as { uri: string }).uri = next;
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return socket;
}

const reconnected = (s: Socket): Promise<void> => new Promise((resolve) => s.io.once('reconnect', () => resolve()));

beforeAll(async () => {
  database = await freshPgDatabase(DATABASE);
  await flushRedis(REDIS);
  const common = { DATABASE_URL: database.url, REDIS_URL: REDIS, VERIFY_WORKERS: '0', LEASE_TTL_MS: '3000', VERIFY_LOCK_MS: '3000' };
  // Sequentially: both would apply the migrations at once otherwise (they would wait on the lock, which is fine, but slower on 2 cores).
  serverA = await startServerProcess('server-a', common);
  serverB = await startServerProcess('server-b', common);
  const workerEnv = { REDIS_URL: REDIS, VERIFY_WORKERS: '1', VERIFY_LOCK_MS: '3000' };
  workers.push(...(await Promise.all([startWorkerProcess('worker-1', workerEnv), startWorkerProcess('worker-2', workerEnv)])));
});

afterAll(async () => {
  for (const s of failover.splice(0)) s.disconnect();
  disconnectAll();
  await killAll();
  await database?.drop();
});

describe('two servers, two workers, one PostgreSQL, one Redis', () => {
  it('keeps every board in order across servers and survives a worker, the owner and a socket server dying', async () => {
    const t0 = Date.now();
    const mark = (what: string): void => void (process.env.TEST_CLUSTER_VERBOSE && process.stderr.write(`[test] ${what} at ${Date.now() - t0} ms\n`));
    // --- Host and Ada on A (they will fail over to B); Bo and the spectator on B.
    const host = await connectFailover(serverA.url, serverB.url);
    const created = await must<{ tournament: { code: string }; hostKey: string }>(host, 'tournament:create', { title: 'Cluster' });
    const { code } = created.tournament;
    const { hostKey } = created;
    const draft = await must<{ round: RoundPublic }>(host, 'round:create', { code, hostKey, taskId: 'spiral', rules: RULES });

    const ada = await connectFailover(serverA.url, serverB.url);
    const adaJoin = await must<{ playerToken: string; player: { id: string } }>(ada, 'player:join', { code, nickname: 'Ada' });
    const bo = await connect(serverB.url);
    const boJoin = await must<{ playerToken: string; player: { id: string } }>(bo, 'player:join', { code, nickname: 'Bo' });
    const spectator = await connect(serverB.url);
    await must(spectator, 'spectate', { code });

    const boards: Record<string, LeaderboardUpdate[]> = { host: [], spectator: [], bo: [] };
    host.on('leaderboard:update', (b: LeaderboardUpdate) => boards.host.push(b));
    spectator.on('leaderboard:update', (b: LeaderboardUpdate) => boards.spectator.push(b));
    bo.on('leaderboard:update', (b: LeaderboardUpdate) => boards.bo.push(b));

    const opening = waitFor<RoundPublic>(spectator, 'round:update', (r) => r.status === 'open');
    const { round } = await must<{ round: RoundPublic }>(host, 'round:start', { code, hostKey, roundId: draft.round.id });
    // The round opened on A reaches B's spectator through the Redis adapter.
    expect((await opening).endsAt).toBe(round.endsAt);
    const endsAt = round.endsAt;
    if (endsAt === null) throw new Error('an open round has an endsAt');

    // Progress reported through B reaches the host on A (the race view merges each server's lists).
    const progressOnA = waitFor<{ roundId: string; players: { playerId: string; epoch: number }[] }>(
      host, 'progress:update', (u) => u.roundId === round.id && u.players.some((p) => p.playerId === boJoin.player.id && p.epoch === 3),
    );
    bo.emit('training:progress', { playerToken: boJoin.playerToken, roundId: round.id, epoch: 3, loss: 0.5, accuracy: 0.75 });
    await progressOnA;

    // --- Submissions through both servers. Ada's are real; Bo's declare a slow recipe (its replay
    // takes seconds) with weights that will not match it.
    const acked: SubmissionPublic[] = [];
    const submit = async (s: Socket, token: string, network: NetworkSpec, training: TrainingSpec, weights: Uint8Array, submissionKey: string) => {
      const ack = await call<{ submission: SubmissionPublic; rank: number }>(s, 'submission:create', {
        playerToken: token, roundId: round.id, network, training, backend: 'cpu', weights, submissionKey,
      });
      if (!ack.ok) throw new Error(`submission failed: ${ack.error.code} ${ack.error.message}`);
      acked.push(ack.submission);
      return ack;
    };
    mark('const adaWeights = await train');
    const adaWeights = await trainFor(round, REAL_NET, REAL_TRAINING);
    const slowWeights = new Uint8Array(new Float32Array(SLOW_PARAMS).fill(0.01).buffer);

    mark('const first = await submit(');
    const first = await submit(ada, adaJoin.playerToken, REAL_NET, REAL_TRAINING, adaWeights, 'ada-key-00001');
    const onBoardB = waitFor<LeaderboardUpdate>(spectator, 'leaderboard:update', (b) => b.entries.some((e) => e.playerId === adaJoin.player.id));
    await onBoardB;
    mark('await submit(bo,');
    // Listening before the submit: the two-entry board may arrive before Bo's ack does.
    const twoOnA = waitFor<LeaderboardUpdate>(host, 'leaderboard:update', (b) => b.entries.length === 2);
    const twoOnB = waitFor<LeaderboardUpdate>(spectator, 'leaderboard:update', (b) => b.entries.length === 2);
    await submit(bo, boJoin.playerToken, SLOW_NET, SLOW_TRAINING, slowWeights, 'bo-key-000001');
    await Promise.all([twoOnA, twoOnB]);
    mark('expect(first.rank).toBe(1);');
    expect(first.rank).toBe(1);

    // --- A worker dies mid-replay: the idle workers replay open rounds' submissions, Bo's slowly.
    const slowJob = await Promise.race(
      workers.map((w) => w.waitForLine(/job replay-\w+ replay started/).then((line) => ({ w, id: /job (replay-\w+)/.exec(line)?.[1] ?? '' }))),
    );
    // Which replay started first depends on the queue; kill whichever worker runs a replay now.
    mark("await slowJob.w.kill('SIGKILL'");
    await slowJob.w.kill('SIGKILL');
    const survivor = workers.find((w) => w !== slowJob.w);
    if (!survivor) throw new Error('two workers');
    // Waited for below: its lock lapses first, and the round must still be open for the next step.
    const rerun = survivor.waitForLine(new RegExp(`job ${slowJob.id} replay started`), 180_000);

    // --- The owner (A) dies while the round is open, with the host's and Ada's sockets.
    expect(Date.now()).toBeLessThan(Date.parse(endsAt));
    const hostBack = reconnected(host);
    const adaBack = reconnected(ada);
    mark("await serverA.kill('SIGKILL');");
    await serverA.kill('SIGKILL');
    await Promise.all([hostBack, adaBack]);
    // Resumed on B with their tokens: the same player, the same host, the same round.
    const resumed = await must<{ player: { id: string }; round: RoundPublic | null }>(ada, 'player:join', { code, playerToken: adaJoin.playerToken });
    expect(resumed.player.id).toBe(adaJoin.player.id);
    expect(resumed.round?.id).toBe(round.id);
    const hostResumed = await must<{ rounds: RoundPublic[] }>(host, 'host:resume', { code, hostKey });
    expect(hostResumed.rounds.find((r) => r.id === round.id)?.status).toBe('open');

    // Ada retries her first submission on B (an ack she might have missed): the stored one answers.
    const retry = await call<{ submission: SubmissionPublic }>(ada, 'submission:create', {
      playerToken: adaJoin.playerToken, roundId: round.id, network: REAL_NET, training: REAL_TRAINING, backend: 'cpu', weights: adaWeights, submissionKey: 'ada-key-00001',
    });
    expect(retry.ok && retry.submission.id).toBe(first.submission.id);

    // The killed worker's job ran again on the other one.
    await rerun;

    // --- B takes the round over and closes it at the stored endsAt, then it turns final.
    mark('const closed = await waitFor');
    const closed = await waitFor<RoundPublic>(spectator, 'round:update', (r) => r.id === round.id && r.status === 'closed', 120_000);
    expect(closed.endsAt).toBe(endsAt);
    const final = await waitFor<RoundPublic>(host, 'round:update', (r) => r.id === round.id && r.status === 'final', 180_000);
    expect(final.endsAt).toBe(endsAt);
    const finalBoard = await waitFor<LeaderboardUpdate>(spectator, 'leaderboard:update', (b) => b.final, 60_000);
    expect(finalBoard.entries.map((e) => e.playerId).sort()).toEqual([adaJoin.player.id, boJoin.player.id].sort());

    // --- Nothing lost, nothing duplicated; the close happened at endsAt, not before.
    const db = new pg.Client({ connectionString: database.url });
    await db.connect();
    try {
      const rows = await db.query<{ id: string; audit: string }>('SELECT id, audit FROM submissions WHERE round_id = $1 ORDER BY seq', [round.id]);
      expect(rows.rows.map((r) => r.id).sort()).toEqual(acked.map((s) => s.id).sort());
      expect(new Set(rows.rows.map((r) => r.id)).size).toBe(rows.rows.length);
      const r = await db.query<{ closed_at: string; ends_at: string; status: string }>('SELECT closed_at, ends_at, status FROM rounds WHERE id = $1', [round.id]);
      expect(r.rows[0]?.status).toBe('final');
      expect(r.rows[0]?.ends_at).toBe(endsAt);
      expect(Date.parse(r.rows[0]?.closed_at ?? '')).toBeGreaterThanOrEqual(Date.parse(endsAt));
      const results = await db.query('SELECT player_id FROM round_results WHERE round_id = $1', [round.id]);
      expect(results.rowCount).toBe(2);
    } finally {
      await db.end();
    }

    // Every board each client saw grew in order: no board ever lost an entry it had shown.
    for (const seen of Object.values(boards)) {
      const live = seen.filter((b) => b.roundId === round.id && !b.final);
      for (let i = 1; i < live.length; i++) expect(live[i].entries.length).toBeGreaterThanOrEqual(live[i - 1].entries.length);
    }
  });
});
