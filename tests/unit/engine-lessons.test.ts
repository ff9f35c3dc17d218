/**
 * The presets' lessons hold on the js engine, and its internals show why (issue 7, tests 4 and 5):
 * gradients vanish through 8 sigmoid layers and not with residual shortcuts, and relu at a huge
 * learning rate kills units.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../game/backend';
import type { EpochInternals } from '../../game/engine/internals';
import { evaluate } from '../../game/evaluate';
import type { NetworkSpec, TrainingSpec } from '../../game/spec';
import { generateSynthetic } from '../../game/tasks/synthetic';
import { train } from '../../game/train';
import { adam, mlp } from './fixtures/nets';

async function testAccuracy(task: string, network: NetworkSpec, training: TrainingSpec, n: number, noise: number): Promise<number> {
  const data = generateSynthetic(task, { seed: 1, n, noise });
  const fresh = generateSynthetic(task, { seed: 99, n: 2000, noise });
  const { weights } = await train({ network, training, data });
  return evaluate(network, { inputDim: 2, classes: data.classes }, weights, fresh).accuracy;
}

/** The internals reported after each epoch of one training run. */
async function internalsOf(network: NetworkSpec, training: TrainingSpec, task = 'circle'): Promise<EpochInternals[]> {
  const data = generateSynthetic(task, { seed: 1, n: 200, noise: 0.05 });
  const seen: EpochInternals[] = [];
  await train({
    network,
    training,
    data,
    onEpoch: (p) => {
      if (p.internals) seen.push(p.internals);
    },
  });
  return seen;
}

beforeAll(async () => {
  await initBackend('js');
});

describe('classic lessons on the js engine', () => {
  it('XOR: one linear hidden layer cannot learn it, one tanh layer of 8 can', async () => {
    const training = adam(40, { seed: 3 });
    const linear = await testAccuracy('xor', mlp(1, 8, 'linear'), training, 200, 0.1);
    const tanh = await testAccuracy('xor', mlp(1, 8, 'tanh'), training, 200, 0.1);
    expect(linear).toBeLessThanOrEqual(0.75);
    expect(tanh).toBeGreaterThanOrEqual(0.95);
  });

  it('spiral: 8 sigmoid layers fail without shortcuts and learn with residual ones', async () => {
    const training = adam(150, { seed: 4, learningRate: 0.05, batchSize: 32 });
    const plain = await testAccuracy('spiral', mlp(8, 8, 'sigmoid', 'none'), training, 300, 0.05);
    const residual = await testAccuracy('spiral', mlp(8, 8, 'sigmoid', 'residual'), training, 300, 0.05);
    expect(residual).toBeGreaterThanOrEqual(plain + 0.1);
    expect(residual).toBeGreaterThanOrEqual(0.8);
  });
});

describe('js engine internals', () => {
  const sgd: TrainingSpec = { optimizer: 'sgd', learningRate: 0.1, batchSize: 10, epochs: 1, l2: 0, seed: 5 };

  it('circle, 8 sigmoid layers, no shortcut: the first layer gradient is ≥ 100× smaller than the last', async () => {
    const [first] = await internalsOf(mlp(8, 8, 'sigmoid', 'none'), sgd);
    const norms = first.layers.map((l) => l.weightGradNorm);
    expect(norms).toHaveLength(8);
    expect(norms[0]).toBeGreaterThan(0);
    expect(norms[7] / norms[0]).toBeGreaterThanOrEqual(100);
    // The backward signal shrinks layer by layer on the way down.
    expect(first.layers[7].signalGradNorm / first.layers[0].signalGradNorm).toBeGreaterThanOrEqual(100);
    expect(first.layers.every((l) => l.dead === null && l.saturated !== null)).toBe(true);
  });

  it('with residual shortcuts the first and last layer gradients are within 10× of each other', async () => {
    const [first] = await internalsOf(mlp(8, 8, 'sigmoid', 'residual'), sgd);
    const ratio = first.layers[7].weightGradNorm / first.layers[0].weightGradNorm;
    expect(ratio).toBeLessThanOrEqual(10);
    expect(ratio).toBeGreaterThanOrEqual(0.1);
  });

  const total = (i: EpochInternals, key: 'dead' | 'saturated'): number => i.layers.reduce((s, l) => s + (l[key] ?? 0), 0);

  it('a relu net trained at learning rate 10 reports dead units, far more than at 0.01', async () => {
    const hot = await internalsOf(mlp(3, 16, 'relu'), { ...sgd, learningRate: 10, epochs: 3 });
    const calm = await internalsOf(mlp(3, 16, 'relu'), { ...sgd, learningRate: 0.01, epochs: 3 });
    // A few units of a fresh He-initialised relu net never fire on the circle; lr 10 kills most.
    expect(total(hot[2], 'dead')).toBeGreaterThanOrEqual(total(calm[2], 'dead') + 20);
    expect(total(calm[2], 'dead')).toBeLessThan(16);
    expect(calm[0].layers.every((l) => l.saturated === null && l.dead !== null)).toBe(true);
  });

  it('counts saturated tanh units once a huge learning rate has blown the weights up', async () => {
    const hot = await internalsOf(mlp(3, 16, 'tanh'), { ...sgd, learningRate: 5, epochs: 3 });
    const calm = await internalsOf(mlp(3, 16, 'tanh'), { ...sgd, learningRate: 0.001, epochs: 3 });
    expect(total(calm[2], 'saturated')).toBe(0);
    expect(total(hot[2], 'saturated')).toBeGreaterThanOrEqual(24);
  });

  it('hands out every hidden unit on a grid and the last hidden layer for given rows', async () => {
    const data = generateSynthetic('circle', { seed: 1, n: 60, noise: 0 });
    const net = mlp(2, 5, 'tanh', 'residual');
    let checked = false;
    await train({
      network: net,
      training: { ...sgd, epochs: 2 },
      data,
      onEpoch: async (p) => {
        if (!p.hiddenGrid || !p.lastHidden) throw new Error('js progress lacks internals');
        const grid = p.hiddenGrid({ xMin: -1, xMax: 1, yMin: -1, yMax: 1, res: 10 });
        expect(grid.layers.map((l) => l.length)).toEqual([500, 500]);
        expect(grid.layers[0].every((v) => v > -1 && v < 1)).toBe(true);
        const boundary = await p.predictGrid({ xMin: -1, xMax: 1, yMin: -1, yMax: 1, res: 10 });
        expect(Array.from(grid.probs)).toEqual(Array.from(boundary.probs));
        const last = p.lastHidden(data.x.subarray(0, 6), 3);
        expect(last).toHaveLength(15);
        const again = p.lastHidden(data.x.subarray(0, 2), 1);
        expect(Array.from(again)).toEqual(Array.from(last.subarray(0, 5)));
        checked = true;
      },
    });
    expect(checked).toBe(true);
  });
});
