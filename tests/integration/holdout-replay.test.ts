/**
 * `training.holdout` is part of the replay (issue 11): the server's worker pool retrains on the
 * same rows the player's browser kept, so a holdout submission verifies byte for byte, and the
 * same weights declared without the holdout (or with another share) do not.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trainJs } from '../../game/engine/train';
import type { NetworkSpec, TrainingSpec } from '../../game/spec';
import { buildTrainSet, roundTrainRows } from '../../game/tasks/round-data';
import { packWeights } from '../../game/weights';
import { nodeDatasetLoader } from '../../server/dataset-loader';
import { createVerificationPool, type RoundSecret, type VerificationPool } from '../../server/verify/pool';

const round: RoundSecret = { roundId: 'r-holdout', taskId: 'wine', trainSeed: 6, testSeed: 71, trainSize: 100, noise: 0 };
const network: NetworkSpec = { layers: [{ units: 8, activation: 'relu', groups: 1 }], shortcut: 'none' };
const training: TrainingSpec = { optimizer: 'adam', learningRate: 0.03, batchSize: 8, epochs: 10, l2: 0, seed: 17, holdout: 0.25 };

let pool: VerificationPool;
let weights: Uint8Array;

beforeAll(async () => {
  pool = createVerificationPool({ size: 1 });
  const trainRows = await roundTrainRows(round.taskId, round.testSeed, round.trainSize, nodeDatasetLoader);
  const data = await buildTrainSet({ ...round, trainRows }, nodeDatasetLoader);
  weights = packWeights((await trainJs({ network, training, data })).weights);
});

afterAll(async () => {
  await pool?.close();
});

describe('holdout replays', () => {
  it('verifies a submission trained with a 25% holdout by a byte-identical replay', async () => {
    const r = await pool.replay(round, { network, training, backend: 'js', weights }, 'high');
    expect(r.verdict).toBe('verified');
    expect(r.reason).toMatch(/byte-identical/);
    expect(r.replayScore).toBeGreaterThan(0.6);
  });

  it('rejects the same weights declared without the holdout, or with another share', async () => {
    const { holdout: _h, ...without } = training;
    const none = await pool.replay(round, { network, training: without, backend: 'js', weights }, 'high');
    expect(none.verdict).toBe('rejected');
    const other = await pool.replay(round, { network, training: { ...training, holdout: 0.3 }, backend: 'js', weights }, 'high');
    expect(other.verdict).toBe('rejected');
  });
});
