/**
 * Scoring outside the tournament's queue, seen from the wire: submissions of one tournament are
 * scored at the same time, yet PROTOCOL.md still holds: "a rejected call changes nothing", a burst
 * at the limit lets exactly `maxSubmissions` through (and the workers score no more than that), and
 * a close or a kick that lands while a submission is being scored wins (ROUND_NOT_OPEN,
 * UNAUTHORIZED), with nothing written. The verifier is the real worker pool behind a gate the test
 * opens, so "while it is being scored" is an event, not a sleep.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io, type Socket } from 'socket.io-client';
import { startServer, type RunningServer } from '../../server/main';
import { createVerificationPool, type VerificationPool } from '../../server/verify/pool';
import type { RoundPublic } from '../../game/protocol';
import type { NetworkSpec, TrainingSpec } from '../../game/spec';
import { rowCounts } from './support/harness';
import { ScoreGate } from './support/score-gate';

type Json = Record<string, unknown>;
const NET: NetworkSpec = { layers: [{ units: 4, activation: 'tanh', groups: 1 }], shortcut: 'none' };
const TRAINING: TrainingSpec = { optimizer: 'adam', learningRate: 0.05, batchSize: 32, epochs: 2, l2: 0, seed: 5 };
const PARAMS = 2 * 4 + 4 + 4 * 2 + 2;
const RULES = { trainSize: 64, noise: 0, durationSec: 600, maxLayers: 2, maxUnits: 8, maxEpochs: 5, maxSubmissions: 2, auditTopK: 0 };

let srv: RunningServer;
let pool: VerificationPool;
let dbFile = '';
let dir = '';
const sockets: Socket[] = [];

const gate = new ScoreGate();

async function client(): Promise<Socket> {
  const s = io(srv.url, { auth: { protocol: 1 }, transports: ['websocket'], reconnection: false, forceNew: true });
  sockets.push(s);
  await new Promise<void>((resolve, reject) => {
    s.once('connect', () => resolve());
    s.once('connect_error', reject);
  });
  return s;
}

const call = (s: Socket, event: string, payload: unknown) => s.timeout(60_000).emitWithAck(event, payload) as Promise<Json>;
async function ok<T = Json>(s: Socket, event: string, payload: unknown): Promise<T> {
  const ack = await call(s, event, payload);
  if (ack.ok !== true) throw new Error(`${event}: ${JSON.stringify(ack)}`);
  return ack as T;
}
const codeOf = (ack: Json): string => (ack.ok === true ? 'OK' : String((ack.error as Json).code));

function weights(v: number): Uint8Array {
  return new Uint8Array(new Float32Array(PARAMS).fill(v).buffer);
}

async function openRound() {
  const host = await client();
  const created = await ok<{ tournament: { code: string }; hostKey: string }>(host, 'tournament:create', { title: 'Scoring' });
  const { code } = created.tournament;
  const { hostKey } = created;
  const draft = await ok<{ round: RoundPublic }>(host, 'round:create', { code, hostKey, taskId: 'xor', rules: RULES });
  const { round } = await ok<{ round: RoundPublic }>(host, 'round:start', { code, hostKey, roundId: draft.round.id });
  const player = async (nickname: string) => {
    const s = await client();
    const j = await ok<{ playerToken: string; player: { id: string } }>(s, 'player:join', { code, nickname });
    const submit = (w: Uint8Array) => call(s, 'submission:create', { playerToken: j.playerToken, roundId: round.id, network: NET, training: TRAINING, backend: 'cpu', weights: w });
    return { s, id: j.player.id, submit };
  };
  return { host, code, hostKey, round, player };
}

beforeAll(async () => {
  dir = mkdtempSync(joinPath(tmpdir(), 'tune-arena-scoring-'));
  dbFile = joinPath(dir, 'scoring.db');
  pool = createVerificationPool({ size: 1 });
  srv = await startServer({ port: 0, next: false, databaseUrl: dbFile, verifier: gate.wrap(pool) });
});

afterAll(async () => {
  gate.open();
  for (const s of sockets.splice(0)) s.disconnect();
  await srv?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('scoring outside the tournament queue', () => {
  it('scores one tournament\'s submissions at the same time', async () => {
    const t = await openRound();
    const [ada, bo, cy] = await Promise.all([t.player('Ada'), t.player('Bo'), t.player('Cy')]);
    gate.close();
    gate.peak = 0;
    const acks = [ada.submit(weights(0.1)), bo.submit(weights(0.2)), cy.submit(weights(0.3))];
    await gate.waiting(3);
    expect(gate.peak).toBe(3);
    gate.open();
    expect((await Promise.all(acks)).map(codeOf)).toEqual(['OK', 'OK', 'OK']);
  });

  it('lets exactly maxSubmissions of a burst through, and scores no more than that', async () => {
    const t = await openRound();
    const ada = await t.player('Ada');
    const before = rowCounts(dbFile).submissions;
    const scoredBefore = pool.stats().scored;
    const codes = (await Promise.all([0.1, 0.2, 0.3, 0.4, 0.5].map((v) => ada.submit(weights(v))))).map(codeOf);
    expect(codes.filter((c) => c === 'OK')).toHaveLength(2);
    expect(codes.filter((c) => c === 'RATE_LIMITED')).toHaveLength(3);
    expect(rowCounts(dbFile).submissions - before).toBe(2);
    expect(pool.stats().scored - scoredBefore).toBe(2);
  });

  it('answers ROUND_NOT_OPEN when the round closes while a submission is scored, writing nothing', async () => {
    const t = await openRound();
    const ada = await t.player('Ada');
    const before = rowCounts(dbFile);
    gate.close();
    const pending = ada.submit(weights(0.1));
    await gate.waiting(1);
    await ok(t.host, 'round:close', { code: t.code, hostKey: t.hostKey, roundId: t.round.id });
    gate.open();
    expect(codeOf(await pending)).toBe('ROUND_NOT_OPEN');
    expect(rowCounts(dbFile).submissions).toBe(before.submissions);
  });

  it('answers UNAUTHORIZED when the player is kicked while a submission is scored, writing nothing', async () => {
    const t = await openRound();
    const ada = await t.player('Ada');
    const before = rowCounts(dbFile);
    gate.close();
    const pending = ada.submit(weights(0.1));
    await gate.waiting(1);
    await ok(t.host, 'player:kick', { code: t.code, hostKey: t.hostKey, playerId: ada.id });
    gate.open();
    expect(codeOf(await pending)).toBe('UNAUTHORIZED');
    expect(rowCounts(dbFile).submissions).toBe(before.submissions);
  });
});
