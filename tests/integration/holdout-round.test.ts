/**
 * A real-data round end to end with `training.holdout` (issue 11): a real socket.io player trains
 * iris on the round's published rows with 20% held out, submits the recipe with its holdout, and
 * the close verifies it by a byte-identical cpu replay on the server. A second player submits the
 * same weights but drops the holdout from the recipe: its replay trains on every row and rejects it.
 * The recipe round-trips through the database with its holdout.
 */
import { describe, expect, it } from 'vitest';
import type { LeaderboardUpdate, RoundPublic } from '../../game/protocol';
import type { NetworkSpec, TrainingSpec } from '../../game/spec';
import { call, dbValue, hostWithOpenRound, joinAs, must, serveDuringSuite, trainFor, waitFor } from './support/harness';

const srv = serveDuringSuite();
const network: NetworkSpec = { layers: [{ units: 6, activation: 'tanh', groups: 1 }], shortcut: 'none' };
const training: TrainingSpec = { optimizer: 'adam', learningRate: 0.05, batchSize: 8, epochs: 6, l2: 0, seed: 12, holdout: 0.2 };

describe('holdout in a round', () => {
  it('verifies the recipe with its holdout and rejects the same weights declared without it', async () => {
    const { host, code, hostKey, round } = await hostWithOpenRound(srv.url, { trainSize: 80, noise: 0, durationSec: 600, maxSubmissions: 3, auditTopK: 3 }, 'iris');
    expect(round.trainRows).toHaveLength(80);
    const ada = await joinAs(srv.url, code, 'Ada');
    const bo = await joinAs(srv.url, code, 'Bo');
    const weights = await trainFor(round as RoundPublic, network, training);
    const honest = await call<{ submission: { id: string } }>(ada.socket, 'submission:create', { playerToken: ada.token, roundId: round.id, network, training, backend: 'cpu', weights });
    expect(honest.ok).toBe(true);
    const { holdout: _h, ...withoutHoldout } = training;
    const forged = await call(bo.socket, 'submission:create', { playerToken: bo.token, roundId: round.id, network, training: withoutHoldout, backend: 'cpu', weights });
    expect(forged.ok).toBe(true);

    // Outside (0, 0.5] the recipe is refused at the boundary, with a typed error and nothing stored.
    for (const holdout of [0.9, 0, -0.2, 'half']) {
      const bad = await call(bo.socket, 'submission:create', { playerToken: bo.token, roundId: round.id, network, training: { ...training, holdout }, backend: 'cpu', weights });
      expect(bad.ok ? 'accepted' : bad.error.code).toBe('BAD_REQUEST');
    }
    expect(dbValue(srv.dbFile, 'SELECT COUNT(*) FROM submissions WHERE round_id = ?', round.id)).toBe(2);
    const settled = waitFor<LeaderboardUpdate>(host, 'leaderboard:update', (u) => u.roundId === round.id && u.final && u.entries.length === 2 && u.entries.every((e) => e.audit !== 'pending'));
    await must(host, 'round:close', { code, hostKey, roundId: round.id });
    const board = await settled;
    const audit = Object.fromEntries(board.entries.map((e) => [e.nickname, e.audit]));
    expect(audit).toEqual({ Ada: 'verified', Bo: 'rejected' });
    const stored = JSON.parse(String(dbValue(srv.dbFile, 'SELECT training FROM submissions WHERE player_id = ?', ada.id))) as TrainingSpec;
    expect(stored.holdout).toBe(0.2);
  });
});
