/**
 * Acceptance check 3 and 7 of issue #3: every event answers a malformed or forbidden payload with
 * its exact error code (PROTOCOL.md check order), and a rejected call changes no database row.
 * Also: maxSubmissions + 1 is RATE_LIMITED, joins per connection are limited, protocol mismatch
 * is refused at connect, and oversized messages never reach a handler.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { io } from 'socket.io-client';
import { paramCount } from '../../game/manifest';
import { MAX_PAYLOAD_BYTES, type RoundPublic } from '../../game/protocol';
import {
  TINY_NET,
  TINY_TRAINING,
  call,
  connect,
  disconnectAll,
  hostWithOpenRound,
  joinAs,
  must,
  rowCounts,
  startTestServer,
  type TestServer,
} from './support/harness';

const RULES = { trainSize: 64, noise: 0, durationSec: 600, maxSubmissions: 2, maxLayers: 2, auditTopK: 1 };
const XOR = { inputDim: 2, classes: 2 };

let srv: TestServer;
let host: Socket;
let code: string;
let hostKey: string;
let round: RoundPublic;
let draftId: string;
let player: { socket: Socket; token: string; id: string };
let otherHostKey: string;

const zeros = (n: number) => new Uint8Array(4 * n);
const validWeights = () => zeros(paramCount(TINY_NET, XOR));
function withValue(v: number): Uint8Array {
  const w = validWeights();
  new DataView(w.buffer).setFloat32(8, v, true);
  return w;
}
const submission = (over: Record<string, unknown> = {}) => ({
  playerToken: player.token,
  roundId: round.id,
  network: TINY_NET,
  training: TINY_TRAINING,
  backend: 'cpu',
  weights: validWeights(),
  ...over,
});

beforeAll(async () => {
  srv = await startTestServer();
  ({ host, code, hostKey, round } = await hostWithOpenRound(srv.url, RULES));
  const draft = await must<{ round: RoundPublic }>(host, 'round:create', { code, hostKey, taskId: 'xor', rules: RULES });
  draftId = draft.round.id;
  player = await joinAs(srv.url, code, 'Ada');
  const other = await must<{ hostKey: string }>(await connect(srv.url), 'tournament:create', { title: 'Other class' });
  otherHostKey = other.hostKey;
});

afterAll(async () => {
  disconnectAll();
  await srv?.stop();
});

type Case = [name: string, event: string, payload: () => unknown, code: string];

const cases: Case[] = [
  // tournament:create
  ['create: no payload', 'tournament:create', () => undefined, 'BAD_REQUEST'],
  ['create: garbage string', 'tournament:create', () => 'hello', 'BAD_REQUEST'],
  ['create: title wrong type', 'tournament:create', () => ({ title: 42 }), 'BAD_REQUEST'],
  ['create: title empty', 'tournament:create', () => ({ title: '   ' }), 'BAD_REQUEST'],
  ['create: title oversized', 'tournament:create', () => ({ title: 'x'.repeat(81) }), 'BAD_REQUEST'],
  // host:resume
  ['resume: code wrong type', 'host:resume', () => ({ code: 7, hostKey }), 'BAD_REQUEST'],
  ['resume: unknown code', 'host:resume', () => ({ code: 'ZZZZZZ', hostKey }), 'NOT_FOUND'],
  ['resume: missing key', 'host:resume', () => ({ code }), 'UNAUTHORIZED'],
  ['resume: other tournament key', 'host:resume', () => ({ code, hostKey: otherHostKey }), 'UNAUTHORIZED'],
  ['resume: oversized key', 'host:resume', () => ({ code, hostKey: 'k'.repeat(300) }), 'BAD_REQUEST'],
  // round:create
  ['round:create: unknown task', 'round:create', () => ({ code, hostKey, taskId: 'mnist' }), 'BAD_REQUEST'],
  ['round:create: rules wrong type', 'round:create', () => ({ code, hostKey, taskId: 'xor', rules: { durationSec: 'long' } }), 'BAD_REQUEST'],
  ['round:create: rules out of bounds', 'round:create', () => ({ code, hostKey, taskId: 'xor', rules: { maxUnits: 100_000 } }), 'BAD_REQUEST'],
  ['round:create: bad code', 'round:create', () => ({ code: 'ZZZZZZ', hostKey, taskId: 'xor' }), 'NOT_FOUND'],
  ['round:create: no key', 'round:create', () => ({ code, taskId: 'xor' }), 'UNAUTHORIZED'],
  ['round:create: unknown preset', 'round:create', () => ({ code, hostKey, taskId: 'xor', preset: 'nope' }), 'NOT_FOUND'],
  // round:start / round:close
  ['start: missing roundId', 'round:start', () => ({ code, hostKey }), 'BAD_REQUEST'],
  ['start: unknown round', 'round:start', () => ({ code, hostKey, roundId: 'no-such-round' }), 'NOT_FOUND'],
  ['start: already open', 'round:start', () => ({ code, hostKey, roundId: round.id }), 'CONFLICT'],
  ['start: second round while one is open', 'round:start', () => ({ code, hostKey, roundId: draftId }), 'CONFLICT'],
  ['close: a draft', 'round:close', () => ({ code, hostKey, roundId: draftId }), 'CONFLICT'],
  ['close: player token as key', 'round:close', () => ({ code, hostKey: player.token, roundId: round.id }), 'UNAUTHORIZED'],
  // player:kick
  ['kick: unknown player', 'player:kick', () => ({ code, hostKey, playerId: 'nobody' }), 'NOT_FOUND'],
  ['kick: playerId wrong type', 'player:kick', () => ({ code, hostKey, playerId: 5 }), 'BAD_REQUEST'],
  // player:join
  ['join: empty nickname', 'player:join', () => ({ code, nickname: '  ' }), 'BAD_REQUEST'],
  ['join: oversized nickname', 'player:join', () => ({ code, nickname: 'n'.repeat(25) }), 'BAD_REQUEST'],
  ['join: control characters', 'player:join', () => ({ code, nickname: 'a\u0007b' }), 'BAD_REQUEST'],
  ['join: bad code', 'player:join', () => ({ code: 'ZZZZZZ', nickname: 'Bo' }), 'NOT_FOUND'],
  ['join: unknown token', 'player:join', () => ({ code, playerToken: 'x'.repeat(22) }), 'UNAUTHORIZED'],
  ['join: nickname taken in another case', 'player:join', () => ({ code, nickname: 'ADA' }), 'NICKNAME_TAKEN'],
  // submission:create
  ['submit: garbage', 'submission:create', () => [1, 2, 3], 'BAD_REQUEST'],
  ['submit: network wrong type', 'submission:create', () => submission({ network: 'big' }), 'BAD_REQUEST'],
  ['submit: missing training', 'submission:create', () => submission({ training: undefined }), 'BAD_REQUEST'],
  ['submit: weights as JSON numbers', 'submission:create', () => submission({ weights: [0, 0, 0] }), 'BAD_REQUEST'],
  ['submit: unknown backend', 'submission:create', () => submission({ backend: 'tpu' }), 'BAD_REQUEST'],
  ['submit: 17 layers (schema bound)', 'submission:create', () => submission({ network: { layers: Array(17).fill(TINY_NET.layers[0]), shortcut: 'none' } }), 'BAD_REQUEST'],
  ['submit: no token', 'submission:create', () => submission({ playerToken: undefined }), 'UNAUTHORIZED'],
  ['submit: host key as token', 'submission:create', () => submission({ playerToken: hostKey }), 'UNAUTHORIZED'],
  ['submit: unknown round', 'submission:create', () => submission({ roundId: 'no-such-round' }), 'NOT_FOUND'],
  ['submit: draft round', 'submission:create', () => submission({ roundId: draftId }), 'ROUND_NOT_OPEN'],
  ['submit: over the rules, bad weights too', 'submission:create', () => submission({ network: { layers: Array(3).fill(TINY_NET.layers[0]), shortcut: 'none' }, weights: zeros(3) }), 'RULE_VIOLATION'],
  ['submit: groups do not divide', 'submission:create', () => submission({ network: { layers: [{ units: 4, activation: 'tanh', groups: 3 }], shortcut: 'none' } }), 'RULE_VIOLATION'],
  ['submit: wrong weight length', 'submission:create', () => submission({ weights: zeros(paramCount(TINY_NET, XOR) + 1) }), 'WEIGHTS_INVALID'],
  ['submit: NaN weight', 'submission:create', () => submission({ weights: withValue(Number.NaN) }), 'WEIGHTS_INVALID'],
  ['submit: Infinity weight', 'submission:create', () => submission({ weights: withValue(Number.POSITIVE_INFINITY) }), 'WEIGHTS_INVALID'],
  // spectate
  ['spectate: empty', 'spectate', () => ({}), 'BAD_REQUEST'],
  ['spectate: bad code', 'spectate', () => ({ code: 'ZZZZZZ' }), 'NOT_FOUND'],
];

describe('malformed payloads', () => {
  it.each(cases)('%s → %s answers %s and changes nothing', async (_name, event, payload, expected) => {
    const before = rowCounts(srv.dbFile);
    const value = payload();
    const ack = value === undefined ? await call(player.socket, event) : await call(player.socket, event, value);
    expect(ack.ok).toBe(false);
    if (!ack.ok) {
      expect(ack.error.code).toBe(expected);
      expect(ack.error.message.length).toBeGreaterThan(5);
    }
    expect(rowCounts(srv.dbFile)).toEqual(before);
  });
});

describe('limits', () => {
  it('accepts maxSubmissions and answers RATE_LIMITED for one more, changing nothing', async () => {
    for (let i = 0; i < RULES.maxSubmissions; i++) {
      const ack = await call<{ submission: { audit: string }; rank: number }>(player.socket, 'submission:create', submission());
      expect(ack.ok).toBe(true);
    }
    const before = rowCounts(srv.dbFile);
    const ack = await call(player.socket, 'submission:create', submission());
    expect(ack).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED' } });
    expect(rowCounts(srv.dbFile)).toEqual(before);
  });

  it('limits joins per connection', async () => {
    const s = await connect(srv.url);
    const codes: string[] = [];
    for (let i = 0; i < 11; i++) {
      const ack = await call(s, 'player:join', { code, nickname: `joiner${i}` });
      codes.push(ack.ok ? 'OK' : ack.error.code);
    }
    expect(codes.slice(0, 10).every((c) => c === 'OK')).toBe(true);
    expect(codes[10]).toBe('RATE_LIMITED');
  });

  it('refuses another protocol version at connect', async () => {
    const s = io(srv.url, { auth: { protocol: 2 }, transports: ['websocket'], reconnection: false, forceNew: true });
    const err = await new Promise<Error>((resolve) => s.once('connect_error', resolve));
    s.disconnect();
    expect(err.message).toBe('PROTOCOL_MISMATCH');
  });

  it('drops a connection whose message exceeds the payload cap, without touching the database', async () => {
    const s = await connect(srv.url);
    const before = rowCounts(srv.dbFile);
    const gone = new Promise<string>((resolve) => s.once('disconnect', resolve));
    s.emit('submission:create', submission({ weights: new Uint8Array(MAX_PAYLOAD_BYTES + 1024) }), () => undefined);
    expect(await gone).toBeTruthy();
    expect(rowCounts(srv.dbFile)).toEqual(before);
  });
});
