/**
 * The server's scorer (server/verify/scorer.ts) against game/evaluate's exact tfjs forward, on the
 * 10,000-point hidden test set: which path scores a net, how many rows' predicted class differs
 * (only rows whose class scores tie to float32 rounding may), and that a worker thread of the
 * verification pool gives the same scores as this process for the same submissions.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../game/backend';
import { evaluate } from '../../game/evaluate';
import { initWeights } from '../../game/init';
import { train } from '../../game/train';
import { buildHiddenTest, buildTrainSet } from '../../game/tasks/round-data';
import { packWeights } from '../../game/weights';
import type { NetworkSpec, TrainingSpec } from '../../game/spec';
import type { Dataset } from '../../game/tasks/dataset';
import { createVerificationPool, type RoundSecret, type VerificationPool } from '../../server/verify/pool';
import { predictClasses, scorePath, scoresOf } from '../../server/verify/scorer';
import type { HiddenTest } from '../../server/verify/round-data-cache';
import { nodeDatasetLoader } from '../../server/dataset-loader';

const round: RoundSecret = { roundId: 'r-scorer', taskId: 'spiral', trainSeed: 5, testSeed: 6, trainSize: 200, noise: 0.1 };
const task = { inputDim: 2, classes: 2 };
const dense = (units: number[], activation: NetworkSpec['layers'][number]['activation']): NetworkSpec => ({
  layers: units.map((u) => ({ units: u, activation, groups: 1 })),
  shortcut: 'none',
});
const NETS: { name: string; network: NetworkSpec; path: 'dense' | 'generic' }[] = [
  { name: '2×8 tanh', network: dense([8, 8], 'tanh'), path: 'dense' },
  { name: '3×16 tanh', network: dense([16, 16, 16], 'tanh'), path: 'dense' },
  { name: '2×12 relu', network: dense([12, 12], 'relu'), path: 'dense' },
  { name: '2×8 gelu', network: dense([8, 8], 'gelu'), path: 'dense' },
  { name: '2×8 sigmoid', network: dense([8, 8], 'sigmoid'), path: 'dense' },
  { name: '2×8 tanh, 2 groups', network: { layers: [{ units: 8, activation: 'tanh', groups: 1 }, { units: 8, activation: 'tanh', groups: 2 }], shortcut: 'none' }, path: 'generic' },
  { name: '3×8 tanh residual', network: { ...dense([8, 8, 8], 'tanh'), shortcut: 'residual' }, path: 'dense' },
  { name: '8, 12 tanh residual (projection)', network: { ...dense([8, 12], 'tanh'), shortcut: 'residual' }, path: 'dense' },
  { name: '2×8 relu highway', network: { ...dense([8, 8], 'relu'), shortcut: 'highway' }, path: 'dense' },
  { name: '3×8 tanh highway', network: { ...dense([8, 8, 8], 'tanh'), shortcut: 'highway' }, path: 'dense' },
];
const training: TrainingSpec = { optimizer: 'adam', learningRate: 0.03, batchSize: 32, epochs: 8, l2: 0, seed: 3 };

let hidden: HiddenTest;
let data: Dataset;
/** Per net: trained weights and freshly initialised ones (near-zero logits, many near-ties). */
const weightsOf = new Map<string, Float32Array[]>();

beforeAll(async () => {
  await initBackend('wasm');
  hidden = await buildHiddenTest(round);
  data = await buildTrainSet(round);
  for (const n of NETS) {
    const { weights } = await train({ network: n.network, training, data });
    weightsOf.set(n.name, [weights, initWeights(n.network, task, 9)]);
  }
}, 120_000);

/** The exact tfjs forward's predicted classes (first maximum of the log-probabilities). */
function exactClasses(network: NetworkSpec, weights: Float32Array): Uint8Array {
  return evaluate(network, task, weights, hidden.test).correct;
}

describe('scorer', () => {
  it('picks its path from the spec alone: ungrouped dense nets (any shortcut) are fused, grouped ones and unknown layer kinds generic', () => {
    for (const n of NETS) expect(scorePath(n.network), n.name).toBe(n.path);
    const conv = { layers: [{ kind: 'conv', units: 8, activation: 'relu', groups: 1 }], shortcut: 'none' } as unknown as NetworkSpec;
    expect(scorePath(conv)).toBe('generic');
  });

  it('predicts the class game/evaluate predicts on every hidden row, but for at most 3 float32 near-ties per 10,000', async () => {
    await initBackend('wasm');
    const report: string[] = [];
    for (const n of NETS) {
      for (const [k, w] of weightsOf.get(n.name)!.entries()) {
        const correct = exactClasses(n.network, w);
        const predicted = predictClasses(n.network, task, w, hidden.test);
        let differ = 0;
        for (let i = 0; i < hidden.test.n; i++) if ((predicted[i] === hidden.test.y[i] ? 1 : 0) !== correct[i]) differ++;
        report.push(`${n.name} ${k === 0 ? 'trained' : 'init'}: ${differ}`);
        expect(differ, `${n.name} (${k === 0 ? 'trained' : 'initial'} weights)`).toBeLessThanOrEqual(3);
        const scores = scoresOf(predicted, hidden.test, hidden.publicMask);
        const exactFull = correct.reduce((a, c) => a + c, 0) / hidden.test.n;
        expect(Math.abs(scores.fullScore - exactFull)).toBeLessThanOrEqual(3 / hidden.test.n + 1e-4);
      }
    }
    // Rows whose hit/miss differs from the exact forward, per net: printed for the README.
    console.log(`scorer vs evaluate, differing rows of ${hidden.test.n}: ${report.join('; ')}`);
  });

  it('counts public, private and full accuracy in one pass, as evaluate does with the masks', async () => {
    await initBackend('wasm');
    const [w] = weightsOf.get('2×12 relu')!;
    const privateMask = hidden.publicMask.map((m) => 1 - m);
    const round4 = (v: number): number => Math.round(v * 10_000) / 10_000;
    // relu has no tanh: both paths compute the same fused ops, so the scores agree exactly.
    expect(scoresOf(predictClasses(dense([12, 12], 'relu'), task, w, hidden.test), hidden.test, hidden.publicMask)).toEqual({
      publicScore: round4(evaluate(dense([12, 12], 'relu'), task, w, hidden.test, hidden.publicMask).accuracy),
      privateScore: round4(evaluate(dense([12, 12], 'relu'), task, w, hidden.test, privateMask).accuracy),
      fullScore: round4(evaluate(dense([12, 12], 'relu'), task, w, hidden.test).accuracy),
    });
  });

  it('predicts the same classes as evaluate on a 10-class real data set (digits, 64 inputs)', async () => {
    await initBackend('wasm');
    const digits: RoundSecret = { roundId: 'r-scorer-digits', taskId: 'digits', trainSeed: 1, testSeed: 2, trainSize: 400, noise: 0 };
    const test = await buildHiddenTest(digits, nodeDatasetLoader);
    const shape = { inputDim: test.test.inputDim, classes: test.test.classes };
    expect(shape.classes).toBe(10);
    for (const network of [dense([32, 32], 'tanh'), { ...dense([32, 16], 'tanh'), shortcut: 'residual' as const }]) {
      const w = initWeights(network, shape, 4);
      const correct = evaluate(network, shape, w, test.test).correct;
      const predicted = predictClasses(network, shape, w, test.test);
      let differ = 0;
      for (let i = 0; i < test.test.n; i++) if ((predicted[i] === test.test.y[i] ? 1 : 0) !== correct[i]) differ++;
      expect(differ).toBeLessThanOrEqual(1);
    }
  });

  describe('in a verification worker', () => {
    let pool: VerificationPool;
    beforeAll(() => {
      pool = createVerificationPool({ size: 1 });
    });
    afterAll(async () => {
      await pool?.close();
    });

    it('gives the same scores as this process for the same submissions, on both paths', async () => {
      await initBackend('wasm');
      for (const n of NETS) {
        for (const w of weightsOf.get(n.name)!) {
          const here = scoresOf(predictClasses(n.network, task, w, hidden.test), hidden.test, hidden.publicMask);
          const { publicScore, privateScore, fullScore } = await pool.score(round, n.network, packWeights(w));
          expect({ publicScore, privateScore, fullScore }, n.name).toEqual(here);
        }
      }
    }, 120_000);
  });
});
