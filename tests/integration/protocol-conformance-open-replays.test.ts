/**
 * PROTOCOL.md's audit states while a round is open: `pending` "until it is replayed", and idle
 * workers replay what the close-time audit does not need first (DESIGN.md). With a real worker
 * pool, submissions of an open round settle to `verified` / `rejected` on the live board before
 * the close, and at close the entries already settled are not replayed a second time.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io, type Socket } from 'socket.io-client';
import { startServer, type RunningServer } from '../../server/main';
import { createVerificationPool, type VerificationPool } from '../../server/verify/pool';
import type { Verifier } from '../../server/verifier';
import type { LeaderboardUpdate, RoundPublic } from '../../game/protocol';
import type { NetworkSpec, TrainingSpec } from '../../game/spec';
import { trainFor } from './support/harness';

type Json = Record<string, unknown>;
const NET: NetworkSpec = { layers: [{ units: 4, activation: 'tanh', groups: 1 }], shortcut: 'none' };
const TRAINING: TrainingSpec = { optimizer: 'adam', learningRate: 0.05, batchSize: 32, epochs: 2, l2: 0, seed: 11 };
const RULES = { trainSize: 64, noise: 0, durationSec: 600, maxLayers: 2, maxUnits: 8, maxEpochs: 5, maxSubmissions: 2, auditTopK: 3 };

let srv: RunningServer;
let scripted: RunningServer;
let pool: VerificationPool;
let dir = '';
const sockets: Socket[] = [];

async function client(url = srv.url): Promise<Socket> {
  const s = io(url, { auth: { protocol: 1 }, transports: ['websocket'], reconnection: false, forceNew: true });
  sockets.push(s);
  await new Promise<void>((resolve, reject) => {
    s.once('connect', () => resolve());
    s.once('connect_error', reject);
  });
  return s;
}

async function ok<T = Json>(s: Socket, event: string, payload: unknown): Promise<T> {
  const ack = (await s.timeout(60_000).emitWithAck(event, payload)) as Json;
  if (ack.ok !== true) throw new Error(`${event}: ${JSON.stringify(ack)}`);
  return ack as T;
}

function boardWhere(s: Socket, pred: (b: LeaderboardUpdate) => boolean): Promise<LeaderboardUpdate> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no matching leaderboard:update')), 120_000);
    const on = (b: LeaderboardUpdate): void => {
      if (!pred(b)) return;
      clearTimeout(timer);
      s.off('leaderboard:update', on);
      resolve(b);
    };
    s.on('leaderboard:update', on);
  });
}

beforeAll(async () => {
  dir = mkdtempSync(joinPath(tmpdir(), 'tune-arena-open-replays-'));
  pool = createVerificationPool({ size: 1 });
  srv = await startServer({ port: 0, next: false, databaseUrl: joinPath(dir, 'open.db'), verifier: pool });
});

afterAll(async () => {
  for (const s of sockets.splice(0)) s.disconnect();
  script.releaseAll();
  await srv?.close();
  await scripted?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('replays while the round is open', () => {
  it('settles entries on the live board before the close, and does not replay them again at close', async () => {
    const host = await client();
    const created = await ok<{ tournament: { code: string }; hostKey: string }>(host, 'tournament:create', { title: 'Open replays' });
    const { code } = created.tournament;
    const { hostKey } = created;
    const draft = await ok<{ round: RoundPublic }>(host, 'round:create', { code, hostKey, taskId: 'xor', rules: RULES });
    const { round } = await ok<{ round: RoundPublic }>(host, 'round:start', { code, hostKey, roundId: draft.round.id });
    const spectator = await client();
    await ok(spectator, 'spectate', { code });

    const honest = await client();
    const h = await ok<{ playerToken: string; player: { id: string } }>(honest, 'player:join', { code, nickname: 'Honest' });
    const forger = await client();
    const f = await ok<{ playerToken: string; player: { id: string } }>(forger, 'player:join', { code, nickname: 'Forger' });

    const settledLive = boardWhere(
      spectator,
      (b) => !b.final && b.entries.length === 2 && b.entries.every((e) => e.audit !== 'pending'),
    );
    const weights = await trainFor(round, NET, TRAINING);
    const sub = (token: string, w: Uint8Array) => ({ playerToken: token, roundId: round.id, network: NET, training: TRAINING, backend: 'cpu', weights: w });
    const first = await ok<{ submission: { audit: string } }>(honest, 'submission:create', sub(h.playerToken, weights));
    expect(first.submission.audit).toBe('pending');
    const garbage = new Float32Array(weights.byteLength / 4).fill(0.25);
    await ok(forger, 'submission:create', sub(f.playerToken, new Uint8Array(garbage.buffer)));

    const live = await settledLive;
    expect(live.roundId).toBe(round.id);
    expect(live.entries.map((e) => [e.nickname, e.audit])).toEqual([
      ['Honest', 'verified'],
      ['Forger', 'rejected'],
    ]);
    const byName = new Map(live.entries.map((e) => [e.nickname, e]));
    expect(byName.get('Honest')?.audit).toBe('verified');
    expect(byName.get('Forger')?.audit).toBe('rejected');
    // A player whose every submission was rejected is ranked last.
    expect(byName.get('Forger')?.rank).toBe(2);
    const status = (await (await fetch(`${srv.url}/api/tournaments/${code}`)).json()) as { rounds: RoundPublic[] };
    expect(status.rounds[0].status).toBe('open');
    const replayedBeforeClose = pool.stats().replayed;
    expect(replayedBeforeClose).toBe(2);

    const finalBoard = boardWhere(spectator, (b) => b.final && b.roundId === round.id);
    await ok(host, 'round:close', { code, hostKey, roundId: round.id });
    const fin = await finalBoard;
    expect(fin.entries.map((e) => [e.nickname, e.rank, e.audit])).toEqual([
      ['Honest', 1, 'verified'],
      ['Forger', 2, 'rejected'],
    ]);
    expect(pool.stats().replayed).toBe(replayedBeforeClose);
  });
});

/**
 * A scripted verifier with two workers: scores wait while `scoreGate` is set, replays are held until
 * released (unless `autoRelease`), and every replay start records what else was running, so the
 * test can check the scheduling rules. Listeners turn starts into events to wait for.
 */
const script = {
  scores: 0,
  replays: 0,
  autoRelease: false,
  scoreGate: null as Promise<void> | null,
  openScores: (): void => undefined,
  heldReplays: [] as (() => void)[],
  starts: [] as { scores: number; replays: number }[],
  onScore: [] as (() => void)[],
  onReplay: [] as (() => void)[],
  releaseAll(): void {
    this.openScores();
    for (const go of this.heldReplays.splice(0)) go();
  },
};
const nextScore = () => new Promise<void>((f) => script.onScore.push(f));
const replaysStarted = (n: number) =>
  new Promise<void>((f) => {
    const check = (): void => {
      if (script.starts.length >= n) f();
      else script.onReplay.push(check);
    };
    check();
  });

const scriptedVerifier: Verifier = {
  async score() {
    script.scores++;
    for (const f of script.onScore.splice(0)) f();
    try {
      if (script.scoreGate) await script.scoreGate;
      return { publicScore: 0.5, privateScore: 0.5, fullScore: 0.5, ms: 1 };
    } finally {
      script.scores--;
    }
  },
  async replay() {
    script.replays++;
    script.starts.push({ scores: script.scores, replays: script.replays });
    for (const f of script.onReplay.splice(0)) f();
    try {
      if (!script.autoRelease) await new Promise<void>((go) => script.heldReplays.push(go));
      return { verdict: 'verified', reason: null, replayScore: 0.5, ms: 1 };
    } finally {
      script.replays--;
    }
  },
  // Scores are not reported as busy: only the service's own rule ("no replay while a score is in
  // flight") can then hold a replay back in step 3 below.
  stats: () => ({ workers: 2, busy: script.replays, queued: 0 }),
  async close() {},
};

describe('open-round replays leave scoring alone', () => {
  it('never start while a score runs, keep one of two workers free, and scores pass them by', async () => {
    scripted = await startServer({ port: 0, next: false, databaseUrl: joinPath(dir, 'scripted.db'), verifier: scriptedVerifier });
    const url = scripted.url;
    const host = await client(url);
    const created = await ok<{ tournament: { code: string }; hostKey: string }>(host, 'tournament:create', { title: 'Scripted' });
    const { code } = created.tournament;
    const { hostKey } = created;
    const draft = await ok<{ round: RoundPublic }>(host, 'round:create', { code, hostKey, taskId: 'xor', rules: { ...RULES, maxSubmissions: 3 } });
    const { round } = await ok<{ round: RoundPublic }>(host, 'round:start', { code, hostKey, roundId: draft.round.id });
    const spectator = await client(url);
    await ok(spectator, 'spectate', { code });
    const ada = await client(url);
    const a = await ok<{ playerToken: string }>(ada, 'player:join', { code, nickname: 'Ada' });
    const w = new Uint8Array(4 * (2 * 4 + 4 + 4 * 2 + 2));
    const submit = () => ok(ada, 'submission:create', { playerToken: a.playerToken, roundId: round.id, network: NET, training: TRAINING, backend: 'cpu', weights: w });

    // 1. Once submission 1 is scored, an idle worker replays it (held here).
    await submit();
    await replaysStarted(1);
    // 2. With that replay holding one worker, submission 2 is scored on the other and answered; its
    //    replay does not start, since it would leave no worker for scores.
    await submit();
    expect(script.heldReplays).toHaveLength(1);
    expect(script.starts).toHaveLength(1);
    // 3. While submission 3 is being scored, finishing replay 1 frees a worker, yet nothing starts.
    script.scoreGate = new Promise<void>((go) => (script.openScores = go));
    const scored = nextScore();
    const third = submit();
    await scored;
    const verified = boardWhere(spectator, (b) => b.entries[0]?.audit === 'verified');
    for (const go of script.heldReplays.splice(0)) go();
    await verified;
    expect(script.starts).toHaveLength(1);
    // 4. Once the score is done, submissions 2 and 3 are replayed one at a time.
    script.autoRelease = true;
    script.scoreGate = null;
    script.openScores();
    await third;
    await replaysStarted(3);
    expect(script.starts).toEqual([
      { scores: 0, replays: 1 },
      { scores: 0, replays: 1 },
      { scores: 0, replays: 1 },
    ]);
  });
});
