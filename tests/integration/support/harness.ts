/**
 * Shared helpers of the server integration tests: a real server on a random port with a real
 * SQLite temp file, real socket.io clients, acks as promises, waiting for events (never sleeping),
 * row counts read straight from the database file, and tiny networks trained with game/ on cpu.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll } from 'vitest';
import { io, type Socket } from 'socket.io-client';
import { startServer, type RunningServer, type StartOptions } from '../../../server/main';
import type { Ack, RoundPublic } from '../../../game/protocol';
import type { NetworkSpec, TrainingSpec } from '../../../game/spec';
import { initBackend } from '../../../game/backend';
import { buildTrainSet } from '../../../game/tasks/round-data';
import { train } from '../../../game/train';
import { nodeDatasetLoader } from '../../../server/dataset-loader';

export interface TestServer extends RunningServer {
  dbFile: string;
  dir: string;
  stop(): Promise<void>;
}

/** Starts a protocol-only server (no Next) on port 0 over a fresh SQLite file. */
export async function startTestServer(opts: Partial<StartOptions> = {}): Promise<TestServer> {
  const dir = mkdtempSync(join(tmpdir(), 'tune-arena-it-'));
  const dbFile = join(dir, 'test.db');
  const srv = await startServer({ port: 0, next: false, databaseUrl: dbFile, poolSize: 1, ...opts });
  return {
    ...srv,
    dbFile,
    dir,
    async stop() {
      await srv.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Registers a server for the calling test file: started before its tests, stopped (with every
 * client the file opened) after them. The returned object reads through to the running server.
 * @example const srv = serveDuringSuite(); it('…', () => connect(srv.url));
 */
export function serveDuringSuite(opts: Partial<StartOptions> = {}): TestServer {
  let running: TestServer | null = null;
  beforeAll(async () => {
    running = await startTestServer(opts);
  });
  afterAll(async () => {
    disconnectAll();
    await running?.stop();
  });
  return new Proxy({} as TestServer, {
    get: (_target, key) => {
      if (!running) throw new Error('the suite server is not running yet (use it inside a test)');
      return Reflect.get(running, key);
    },
  });
}

const open: Socket[] = [];

/** A connected socket.io client speaking protocol 1 (or `auth` as given). */
export async function connect(url: string, auth: Record<string, unknown> = { protocol: 1 }): Promise<Socket> {
  const socket = io(url, { auth, transports: ['websocket'], reconnection: false, forceNew: true });
  open.push(socket);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (e) => reject(e));
  });
  return socket;
}

/** Disconnects every client this file opened. */
export function disconnectAll(): void {
  for (const s of open.splice(0)) s.disconnect();
}

/** Emits an event and resolves with its ack (rejects when none comes within 30 s). */
export function call<T = Record<string, unknown>>(socket: Socket, event: string, ...args: unknown[]): Promise<Ack<T>> {
  return socket.timeout(30_000).emitWithAck(event, ...args) as Promise<Ack<T>>;
}

/** Like `call`, but throws unless the ack is ok. */
export async function must<T = Record<string, unknown>>(socket: Socket, event: string, payload: unknown): Promise<{ ok: true } & T> {
  const ack = await call<T>(socket, event, payload);
  if (!ack.ok) throw new Error(`${event} failed: ${ack.error.code} ${ack.error.message}`);
  return ack;
}

/** Resolves with the first `event` payload that satisfies `pred`. */
export function waitFor<T>(socket: Socket, event: string, pred: (p: T) => boolean = () => true, timeoutMs = 120_000): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(event, handler);
      reject(new Error(`no matching ${event} within ${timeoutMs} ms`));
    }, timeoutMs);
    const handler = (p: T): void => {
      if (!pred(p)) return;
      clearTimeout(timer);
      socket.off(event, handler);
      resolve(p);
    };
    socket.on(event, handler);
  });
}

/** Row counts of every table, read from the database file itself. */
export function rowCounts(dbFile: string): Record<string, number> {
  const db = new Database(dbFile, { readonly: true, fileMustExist: true });
  try {
    const out: Record<string, number> = {};
    for (const t of ['tournaments', 'players', 'rounds', 'submissions', 'round_results']) {
      out[t] = (db.prepare(`SELECT COUNT(*) AS n FROM ${t}`).get() as { n: number }).n;
    }
    return out;
  } finally {
    db.close();
  }
}

/** One value of a column read from the database file (e.g. a round's test seed). */
export function dbValue(dbFile: string, sql: string, ...params: unknown[]): unknown {
  const db = new Database(dbFile, { readonly: true, fileMustExist: true });
  try {
    const row = db.prepare(sql).get(...params) as Record<string, unknown> | undefined;
    return row ? Object.values(row)[0] : undefined;
  } finally {
    db.close();
  }
}

export const TINY_NET: NetworkSpec = { layers: [{ units: 4, activation: 'tanh', groups: 1 }], shortcut: 'none' };
export const TINY_TRAINING: TrainingSpec = { optimizer: 'adam', learningRate: 0.05, batchSize: 32, epochs: 3, l2: 0, seed: 7 };
/** Rules small enough that a cpu training takes well under a second. */
export const TINY_RULES = { trainSize: 64, noise: 0, durationSec: 600, maxSubmissions: 3, auditTopK: 3 };

/** Trains a network on the round's training set with game/ on cpu, as a browser would. */
export async function trainFor(round: RoundPublic, network = TINY_NET, training = TINY_TRAINING): Promise<Uint8Array> {
  await initBackend('cpu');
  if (round.trainSeed === null) throw new Error('round not open');
  const data = await buildTrainSet(
    { taskId: round.rules.taskId, trainSeed: round.trainSeed, trainSize: round.rules.trainSize, noise: round.rules.noise, trainRows: round.trainRows },
    nodeDatasetLoader,
  );
  const r = await train({ network, training, data });
  return new Uint8Array(r.weights.buffer, r.weights.byteOffset, r.weights.byteLength).slice();
}

/** A host socket with a fresh tournament and one open round of `rules`. */
export async function hostWithOpenRound(url: string, rules: Record<string, unknown> = TINY_RULES, taskId = 'xor') {
  const host = await connect(url);
  const created = await must<{ tournament: { code: string }; hostKey: string }>(host, 'tournament:create', { title: 'IT' });
  const code = created.tournament.code;
  const hostKey = created.hostKey;
  const draft = await must<{ round: RoundPublic }>(host, 'round:create', { code, hostKey, taskId, rules });
  const opened = await must<{ round: RoundPublic }>(host, 'round:start', { code, hostKey, roundId: draft.round.id });
  return { host, code, hostKey, round: opened.round };
}

/** A player socket joined to `code`. */
export async function joinAs(url: string, code: string, nickname: string) {
  const socket = await connect(url);
  const j = await must<{ player: { id: string; nickname: string }; playerToken: string; round: RoundPublic | null }>(socket, 'player:join', {
    code,
    nickname,
  });
  return { socket, token: j.playerToken, id: j.player.id, round: j.round };
}
