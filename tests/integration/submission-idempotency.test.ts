/**
 * Idempotent `submission:create` (the `submissionKey` addition in docs/protocol.md), seen from the
 * wire: a call repeated with the key of a stored submission answers that submission (same id, the
 * player's current rank) and writes nothing, even at `maxSubmissions`; the key with other weights
 * or configs is a CONFLICT; two concurrent calls with one key store one row and ack the same id;
 * calls without a key behave as before. The verifier is the real worker pool behind a gate the
 * test opens, so "while the first call is scored" is an event, not a sleep.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { createVerificationPool, type VerificationPool } from '../../server/verify/pool';
import type { RoundPublic, SubmissionPublic } from '../../game/protocol';
import type { NetworkSpec, TrainingSpec } from '../../game/spec';
import { call, connect, dbValue, disconnectAll, must, rowCounts, startTestServer, type TestServer } from './support/harness';
import { ScoreGate } from './support/score-gate';

type Json = Record<string, unknown>;
const NET: NetworkSpec = { layers: [{ units: 4, activation: 'tanh', groups: 1 }], shortcut: 'none' };
const TRAINING: TrainingSpec = { optimizer: 'adam', learningRate: 0.05, batchSize: 32, epochs: 2, l2: 0, seed: 5 };
const PARAMS = 2 * 4 + 4 + 4 * 2 + 2;
const rules = (maxSubmissions: number) => ({ trainSize: 64, noise: 0, durationSec: 600, maxLayers: 2, maxUnits: 8, maxEpochs: 5, maxSubmissions, auditTopK: 0 });

let srv: TestServer;
let pool: VerificationPool;

const gate = new ScoreGate();

const codeOf = (ack: Json): string => (ack.ok === true ? 'OK' : String((ack.error as Json).code));
const weights = (v: number): Uint8Array => new Uint8Array(new Float32Array(PARAMS).fill(v).buffer);
const submissionRows = (): number => rowCounts(srv.dbFile).submissions ?? 0;
type SubmitAck = Json & { submission?: SubmissionPublic; rank?: number };

async function openRound(maxSubmissions: number) {
  const host = await connect(srv.url);
  const created = await must<{ tournament: { code: string }; hostKey: string }>(host, 'tournament:create', { title: 'Keys' });
  const { code } = created.tournament;
  const { hostKey } = created;
  const draft = await must<{ round: RoundPublic }>(host, 'round:create', { code, hostKey, taskId: 'xor', rules: rules(maxSubmissions) });
  const { round } = await must<{ round: RoundPublic }>(host, 'round:start', { code, hostKey, roundId: draft.round.id });
  const player = async (nickname: string) => {
    const s: Socket = await connect(srv.url);
    const j = await must<{ playerToken: string; player: { id: string } }>(s, 'player:join', { code, nickname });
    const submit = (w: Uint8Array, extra: Json = {}): Promise<SubmitAck> =>
      call(s, 'submission:create', {
        playerToken: j.playerToken,
        roundId: round.id,
        network: NET,
        training: TRAINING,
        backend: 'cpu',
        weights: w,
        ...extra,
      }) as Promise<SubmitAck>;
    return { s, id: j.player.id, submit };
  };
  return { code, round, player };
}

beforeAll(async () => {
  pool = createVerificationPool({ size: 1 });
  srv = await startTestServer({ verifier: gate.wrap(pool) });
});

afterAll(async () => {
  gate.open();
  disconnectAll();
  await srv?.stop();
});

describe('submission:create with a submissionKey', () => {
  it('answers a repeated key with the stored submission and rank, writing nothing, even at the limit', async () => {
    const t = await openRound(1);
    const ada = await t.player('Ada');
    const first = await ada.submit(weights(0.1), { submissionKey: 'lost-ack_key-0001' });
    expect(codeOf(first)).toBe('OK');
    const rows = submissionRows();
    const scored = pool.stats().scored;

    const again = await ada.submit(weights(0.1), { submissionKey: 'lost-ack_key-0001', backend: 'wasm' });
    expect(codeOf(again)).toBe('OK');
    expect(again.submission?.id).toBe(first.submission?.id);
    expect(again.submission?.publicScore).toBe(first.submission?.publicScore);
    expect(again.submission?.createdAt).toBe(first.submission?.createdAt);
    expect(again.submission?.backend).toBe('cpu');
    expect(again.rank).toBe(first.rank);
    expect(submissionRows()).toBe(rows);
    expect(pool.stats().scored).toBe(scored);
    expect(dbValue(srv.dbFile, 'SELECT submission_key FROM submissions WHERE id = ?', first.submission?.id)).toBe('lost-ack_key-0001');

    // The limit is really reached: a new key is refused.
    expect(codeOf(await ada.submit(weights(0.1), { submissionKey: 'lost-ack_key-0002' }))).toBe('RATE_LIMITED');
    expect(submissionRows()).toBe(rows);
  });

  it('answers CONFLICT for the key with other weights or another config, changing nothing', async () => {
    const t = await openRound(2);
    const ada = await t.player('Ada');
    const first = await ada.submit(weights(0.1), { submissionKey: 'conflict-key-01' });
    expect(codeOf(first)).toBe('OK');
    const rows = submissionRows();

    const otherBytes = await ada.submit(weights(0.2), { submissionKey: 'conflict-key-01' });
    expect(codeOf(otherBytes)).toBe('CONFLICT');
    expect((otherBytes.error as Json).message).toBe('This submission key was already used for a different submission.');
    const otherTraining = await ada.submit(weights(0.1), { submissionKey: 'conflict-key-01', training: { ...TRAINING, seed: 6 } });
    expect(codeOf(otherTraining)).toBe('CONFLICT');
    expect(submissionRows()).toBe(rows);

    // A conflict used no submission: the second one is still free.
    expect(codeOf(await ada.submit(weights(0.2), { submissionKey: 'conflict-key-02' }))).toBe('OK');
    expect(submissionRows()).toBe(rows + 1);
  });

  it('stores one row for two concurrent calls with one key, and acks both with its id', async () => {
    const t = await openRound(1);
    const ada = await t.player('Ada');
    const rows = submissionRows();
    const scored = pool.stats().scored;
    gate.close();
    const a = ada.submit(weights(0.3), { submissionKey: 'concurrent-key-1' });
    await gate.waiting(1);
    // The first call holds the only submission of the round while it is scored.
    const b = ada.submit(weights(0.3), { submissionKey: 'concurrent-key-1' });
    // Same socket, handled in order: once this ack is back, the second call has been checked.
    await must(ada.s, 'spectate', { code: t.code });
    gate.open();
    const [ackA, ackB] = await Promise.all([a, b]);
    expect([codeOf(ackA), codeOf(ackB)]).toEqual(['OK', 'OK']);
    expect(ackB.submission?.id).toBe(ackA.submission?.id);
    expect(ackB.rank).toBe(ackA.rank);
    expect(submissionRows()).toBe(rows + 1);
    expect(pool.stats().scored - scored).toBe(1);
  });

  it('keeps keys per player: another player may use the same key', async () => {
    const t = await openRound(1);
    const [ada, bo] = await Promise.all([t.player('Ada'), t.player('Bo')]);
    const a = await ada.submit(weights(0.1), { submissionKey: 'shared-key-0001' });
    const b = await bo.submit(weights(0.1), { submissionKey: 'shared-key-0001' });
    expect([codeOf(a), codeOf(b)]).toEqual(['OK', 'OK']);
    expect(b.submission?.id).not.toBe(a.submission?.id);
    expect(b.submission?.playerId).toBe(bo.id);
  });

  it('refuses a malformed key with BAD_REQUEST, writing nothing', async () => {
    const t = await openRound(2);
    const ada = await t.player('Ada');
    const rows = submissionRows();
    for (const submissionKey of ['short', 'has/slash-1234', 'x'.repeat(65), 12345678]) {
      expect(codeOf(await ada.submit(weights(0.1), { submissionKey }))).toBe('BAD_REQUEST');
    }
    expect(submissionRows()).toBe(rows);
  });

  it('without a key, behaves as before: identical calls are separate submissions up to the limit', async () => {
    const t = await openRound(2);
    const ada = await t.player('Ada');
    const rows = submissionRows();
    const one = await ada.submit(weights(0.1));
    const two = await ada.submit(weights(0.1));
    expect([codeOf(one), codeOf(two)]).toEqual(['OK', 'OK']);
    expect(two.submission?.id).not.toBe(one.submission?.id);
    expect(codeOf(await ada.submit(weights(0.1)))).toBe('RATE_LIMITED');
    expect(submissionRows()).toBe(rows + 2);
    expect(dbValue(srv.dbFile, 'SELECT submission_key FROM submissions WHERE id = ?', one.submission?.id)).toBeNull();
  });
});
