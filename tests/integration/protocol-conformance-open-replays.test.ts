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
import type { LeaderboardUpdate, RoundPublic } from '../../game/protocol';
import type { NetworkSpec, TrainingSpec } from '../../game/spec';
import { trainFor } from './support/harness';

type Json = Record<string, unknown>;
const NET: NetworkSpec = { layers: [{ units: 4, activation: 'tanh', groups: 1 }], shortcut: 'none' };
const TRAINING: TrainingSpec = { optimizer: 'adam', learningRate: 0.05, batchSize: 32, epochs: 2, l2: 0, seed: 11 };
const RULES = { trainSize: 64, noise: 0, durationSec: 600, maxLayers: 2, maxUnits: 8, maxEpochs: 5, maxSubmissions: 2, auditTopK: 3 };

let srv: RunningServer;
let pool: VerificationPool;
let dir = '';
const sockets: Socket[] = [];

async function client(): Promise<Socket> {
  const s = io(srv.url, { auth: { protocol: 1 }, transports: ['websocket'], reconnection: false, forceNew: true });
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
  await srv?.close();
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
