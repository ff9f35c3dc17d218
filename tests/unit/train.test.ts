import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../game/backend';
import { evaluate, predictGrid } from '../../game/evaluate';
import { initWeights } from '../../game/init';
import { weightManifest } from '../../game/manifest';
import { OPTIMIZERS } from '../../game/spec';
import { generateSynthetic } from '../../game/tasks/synthetic';
import { train, TrainInputError, type EpochProgress } from '../../game/train';
import { adam, mlp } from './fixtures/nets';

const circle = generateSynthetic('circle', { seed: 4, n: 25, noise: 0.05 });
const task = { inputDim: 2, classes: 2 };

beforeAll(async () => {
  await initBackend('cpu');
});

describe('train', () => {
  it('runs every epoch in ceil(n / batch) steps and reports each epoch once', async () => {
    const seen: Omit<EpochProgress, 'predictProbs' | 'predictGrid' | 'readWeights'>[] = [];
    let gridLabels = 0;
    let probsSum = 0;
    const manifest = weightManifest(mlp(2, 6, 'tanh'), task);
    const params = manifest[manifest.length - 1].offset + manifest[manifest.length - 1].size;
    const result = await train({
      network: mlp(2, 6, 'tanh'),
      training: adam(4),
      data: circle,
      onEpoch: async (p) => {
        const { predictProbs, predictGrid: grid, readWeights, ...rest } = p;
        seen.push(rest);
        gridLabels = (await grid({ xMin: -1.5, xMax: 1.5, yMin: -1.5, yMax: 1.5, res: 10 })).labels.length;
        const probs = await predictProbs(circle.x.subarray(0, 2), 1);
        probsSum = probs[0] + probs[1];
        expect(readWeights()).toHaveLength(params);
      },
    });
    expect(result.steps).toBe(4 * 3); // 25 rows in batches of 10, 10, 5
    expect(result.epochsRun).toBe(4);
    expect(result.cancelled).toBe(false);
    expect(seen.map((s) => s.epoch)).toEqual([1, 2, 3, 4]);
    expect(seen.map((s) => s.stepsDone)).toEqual([3, 6, 9, 12]);
    expect(seen.every((s) => s.stepsTotal === 12 && s.epochs === 4)).toBe(true);
    expect(seen.every((s) => Number.isFinite(s.loss) && s.accuracy >= 0 && s.accuracy <= 1)).toBe(true);
    expect(result.loss).toBe(seen[3].loss);
    expect(gridLabels).toBe(100);
    expect(probsSum).toBeCloseTo(1, 5);
    expect(seen[3].accuracy * 25).toBeCloseTo(Math.round(seen[3].accuracy * 25), 6); // a share of 25 rows
  });

  it('reports the epoch mean loss and accuracy over every row, also past 64 batches', async () => {
    // A learning rate far below float32 resolution leaves the weights at their initial values,
    // so the epoch's statistics must equal an evaluation of the initial weights.
    const data = generateSynthetic('moons', { seed: 8, n: 100, noise: 0.2 });
    const network = mlp(2, 5, 'tanh');
    const result = await train({ network, training: adam(1, { optimizer: 'sgd', learningRate: 1e-12, batchSize: 1 }), data });
    expect(result.steps).toBe(100);
    const initial = evaluate(network, task, initWeights(network, task, 7), data);
    expect(result.accuracy).toBe(initial.accuracy);
    expect(result.loss).toBeCloseTo(initial.loss, 5);
  });

  it('stops between batches when asked, returning the weights so far', async () => {
    let checks = 0;
    const result = await train({ network: mlp(1, 4, 'relu'), training: adam(10), data: circle, shouldStop: () => ++checks > 5 });
    expect(result.cancelled).toBe(true);
    expect(result.steps).toBe(5);
    expect(result.epochsRun).toBe(1);
    expect(result.weights.every(Number.isFinite)).toBe(true);
  });

  it('yields to the event loop between epochs', async () => {
    let ran = false;
    setImmediate(() => {
      ran = true;
    });
    const atEpoch: boolean[] = [];
    await train({ network: mlp(1, 4, 'relu'), training: adam(2), data: circle, onEpoch: () => void atEpoch.push(ran) });
    expect(atEpoch).toEqual([false, true]);
  });

  it.each(OPTIMIZERS)('%s lowers the loss on circle', async (optimizer) => {
    const data = generateSynthetic('circle', { seed: 5, n: 100, noise: 0.05 });
    const losses: number[] = [];
    await train({
      network: mlp(2, 8, 'tanh'),
      training: adam(15, { optimizer, learningRate: optimizer === 'adam' ? 0.02 : 0.2 }),
      data,
      onEpoch: (p) => void losses.push(p.loss),
    });
    expect(losses[14]).toBeLessThan(0.8 * losses[0]);
  });

  it('l2 shrinks the kernels', async () => {
    const norm = (w: Float32Array): number => {
      const e = weightManifest(mlp(1, 8, 'tanh'), task)[0];
      return w.subarray(e.offset, e.offset + e.size).reduce((s, v) => s + v * v, 0);
    };
    const plain = await train({ network: mlp(1, 8, 'tanh'), training: adam(10), data: circle });
    const decayed = await train({ network: mlp(1, 8, 'tanh'), training: adam(10, { l2: 0.05 }), data: circle });
    expect(norm(decayed.weights)).toBeLessThan(0.8 * norm(plain.weights));
  });

  it('rejects bad labels and groups that do not divide the widths with a typed error', async () => {
    const bad = { ...circle, y: circle.y.map((v) => v + 5) };
    await expect(train({ network: mlp(1, 4, 'relu'), training: adam(1), data: bad })).rejects.toBeInstanceOf(TrainInputError);
    const badGroups = { layers: [{ units: 4, activation: 'relu' as const, groups: 1 }, { units: 6, activation: 'relu' as const, groups: 4 }], shortcut: 'none' as const };
    await expect(train({ network: badGroups, training: adam(1), data: circle })).rejects.toBeInstanceOf(TrainInputError);
    const badFirst = { layers: [{ units: 4, activation: 'relu' as const, groups: 4 }], shortcut: 'none' as const }; // input width 2
    await expect(train({ network: badFirst, training: adam(1), data: circle })).rejects.toBeInstanceOf(TrainInputError);
  });
});

describe('evaluate and predictGrid', () => {
  it('scores the masked rows only, in one pass, and reports per-row correctness', async () => {
    const network = mlp(1, 8, 'tanh');
    const { weights } = await train({ network, training: adam(20), data: circle });
    const all = evaluate(network, task, weights, circle);
    expect(all.n).toBe(25);
    expect(all.accuracy).toBeCloseTo(all.correct.reduce((s, v) => s + v, 0) / 25, 10);
    const mask = new Uint8Array(25).map((_, i) => (i % 3 === 0 ? 1 : 0));
    const part = evaluate(network, task, weights, circle, mask);
    const expected = Array.from(all.correct).filter((_, i) => i % 3 === 0);
    expect(part.n).toBe(expected.length);
    expect(part.accuracy).toBeCloseTo(expected.reduce((s, v) => s + v, 0) / expected.length, 10);
    expect(Number.isFinite(part.loss) && part.loss > 0).toBe(true);
  });

  it('lays the grid out row by row from (xMin, yMin) and agrees with evaluate', async () => {
    const network = mlp(1, 8, 'tanh');
    const { weights } = await train({ network, training: adam(20), data: circle });
    const grid = { xMin: -1, xMax: 1, yMin: -2, yMax: 2, res: 4 };
    const g = predictGrid(network, task, weights, grid);
    expect(g.labels).toHaveLength(16);
    expect(g.probs).toHaveLength(32);
    // Cell (row 1, col 2) is centred at x = 0.25, y = −0.5.
    const point = { x: new Float32Array([0.25, -0.5]), y: new Int32Array([g.labels[1 * 4 + 2]]), n: 1, inputDim: 2, classes: 2 };
    expect(evaluate(network, task, weights, point).accuracy).toBe(1);
    expect(predictGrid(network, task, weights, { ...grid, res: 100 }).labels).toHaveLength(10_000);
  });
});

describe('train with pauses between steps', () => {
  it('awaits betweenSteps after every step, and other work done there leaves the weights bit-identical', async () => {
    const network = mlp(2, 6, 'tanh');
    const plain = await train({ network, training: adam(4), data: circle });
    let calls = 0;
    const paused = await train({
      network,
      training: adam(4),
      data: circle,
      // What the replay worker does here: score another network on its own tensors.
      betweenSteps: async () => {
        calls++;
        await Promise.resolve();
        evaluate(network, task, initWeights(network, task, calls), circle);
      },
    });
    expect(calls).toBe(plain.steps);
    expect(Buffer.from(paused.weights.buffer).equals(Buffer.from(plain.weights.buffer))).toBe(true);
  });
});
