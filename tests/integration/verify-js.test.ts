/**
 * A `js` submission is verified by a byte-exact replay on the js engine in the server's worker
 * pool (real worker threads); a tampered one, or js weights declared as another engine, are not.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trainJs } from '../../game/engine/train';
import type { NetworkSpec, TrainingSpec } from '../../game/spec';
import { buildTrainSet } from '../../game/tasks/round-data';
import { packWeights } from '../../game/weights';
import { createVerificationPool, type RoundSecret, type VerificationPool } from '../../server/verify/pool';

const round: RoundSecret = { roundId: 'r-verify-js', taskId: 'circle', trainSeed: 13, testSeed: 29, trainSize: 150, noise: 0.05 };
const network: NetworkSpec = {
  layers: [
    { units: 8, activation: 'gelu', groups: 1 },
    { units: 8, activation: 'tanh', groups: 2 },
  ],
  shortcut: 'highway',
};
const training: TrainingSpec = { optimizer: 'adam', learningRate: 0.03, batchSize: 10, epochs: 8, l2: 0.001, seed: 21, loss: 'mse' };

let pool: VerificationPool;
let genuine: Uint8Array;

beforeAll(async () => {
  pool = createVerificationPool({ size: 1 });
  const data = await buildTrainSet(round);
  genuine = packWeights((await trainJs({ network, training, data })).weights);
});

afterAll(async () => {
  await pool?.close();
});

describe('js submissions in the verification pool', () => {
  it('verifies a genuine js submission by a byte-identical replay on the js engine', async () => {
    const r = await pool.replay(round, { network, training, backend: 'js', weights: genuine }, 'high');
    expect(r.verdict).toBe('verified');
    expect(r.reason).toMatch(/replayed on js: weights byte-identical/);
    expect(r.replayScore).toBe((await pool.score(round, network, genuine)).privateScore);
    expect(r.replayScore).toBeGreaterThan(0.6);
  });

  it('rejects js weights with one value changed, and js weights declared as wasm', async () => {
    const tampered = genuine.slice();
    tampered[5] ^= 1;
    const bad = await pool.replay(round, { network, training, backend: 'js', weights: tampered }, 'high');
    expect(bad.verdict).toBe('rejected');
    expect(bad.reason).toMatch(/differ .* at 1 of/);
    const wrongEngine = await pool.replay(round, { network, training, backend: 'wasm', weights: genuine }, 'high');
    expect(wrongEngine.verdict).toBe('rejected');
  });
});
