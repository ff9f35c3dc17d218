/**
 * Acceptance check 2 of issue #3: the server trusts no claim. Random weights claiming 100% get the
 * server's own score and fail the audit; a trained vector with one value changed is rejected; weights
 * trained for more epochs than declared are rejected; the honest control is verified.
 */
import { describe, expect, it } from 'vitest';
import type { LeaderboardUpdate, RoundPublic } from '../../game/protocol';
import { createRng } from '../../game/rng';
import { paramCount } from '../../game/manifest';
import {
  TINY_NET,
  TINY_TRAINING,
  call,
  dbValue,
  hostWithOpenRound,
  joinAs,
  must,
  serveDuringSuite,
  trainFor,
  waitFor,
} from './support/harness';

const RULES = { trainSize: 64, noise: 0, durationSec: 600, maxSubmissions: 2, auditTopK: 4, maxEpochs: 10 };

const srv = serveDuringSuite();

describe('forged submissions', () => {
  it('are scored by the server and rejected at audit, while the honest one is verified', async () => {
    const { host, code, hostKey, round } = await hostWithOpenRound(srv.url, RULES);
    const spectator = await joinAs(srv.url, code, 'watcher');
    const submit = async (nickname: string, weights: Uint8Array, claimed?: { trainLoss: number; trainAccuracy: number }) => {
      const p = await joinAs(srv.url, code, nickname);
      const ack = await call<{ submission: { id: string; publicScore: number; audit: string } }>(p.socket, 'submission:create', {
        playerToken: p.token,
        roundId: round.id,
        network: TINY_NET,
        training: TINY_TRAINING,
        backend: 'cpu',
        weights,
        claimed,
      });
      if (!ack.ok) throw new Error(`${nickname}: ${ack.error.code}`);
      return ack.submission;
    };

    const rng = createRng(99);
    const random = new Float32Array(paramCount(TINY_NET, { inputDim: 2, classes: 2 })).map(() => rng.uniform(-3, 3));
    const liar = await submit('liar', new Uint8Array(random.buffer), { trainLoss: 0, trainAccuracy: 1 });
    expect(liar.publicScore).toBeGreaterThanOrEqual(0);
    expect(liar.publicScore).toBeLessThan(1);
    expect(dbValue(srv.dbFile, 'SELECT public_score FROM submissions WHERE id = ?', liar.id)).toBe(liar.publicScore);

    const honestBytes = await trainFor(round);
    const honest = await submit('honest', honestBytes);

    const tampered = honestBytes.slice();
    const view = new DataView(tampered.buffer);
    view.setFloat32(12, view.getFloat32(12, true) + 1e-3, true);
    const tamper = await submit('tamper', tampered);

    const longer = await trainFor(round as RoundPublic, TINY_NET, { ...TINY_TRAINING, epochs: TINY_TRAINING.epochs + 2 });
    const overtrained = await submit('overtrained', longer);

    const settled = waitFor<LeaderboardUpdate>(
      spectator.socket,
      'leaderboard:update',
      (u) => u.final && u.entries.length === 4 && u.entries.every((e) => e.audit !== 'pending'),
    );
    await must(host, 'round:close', { code, hostKey, roundId: round.id });
    const board = await settled;

    const audit = (id: string) => dbValue(srv.dbFile, 'SELECT audit FROM submissions WHERE id = ?', id);
    expect(audit(honest.id)).toBe('verified');
    expect(audit(liar.id)).toBe('rejected');
    expect(audit(tamper.id)).toBe('rejected');
    expect(audit(overtrained.id)).toBe('rejected');
    expect(board.entries[0]).toMatchObject({ nickname: 'honest', audit: 'verified', rank: 1 });
    expect(board.entries.slice(1).every((e) => e.audit === 'rejected' && e.privateScore === null)).toBe(true);
    expect(JSON.parse(String(dbValue(srv.dbFile, 'SELECT claimed FROM submissions WHERE id = ?', liar.id)))).toEqual({ trainLoss: 0, trainAccuracy: 1 });
  });
});
