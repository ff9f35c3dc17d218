import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { initBackend } from '../../game/backend';
import { evaluate, predictGrid } from '../../game/evaluate';
import { PLOT_DOMAIN_2D } from '../../game/tasks/catalog';
import { generateSynthetic } from '../../game/tasks/synthetic';
import { train } from '../../game/train';
import { adam, mlp } from './fixtures/nets';

const data = generateSynthetic('moons', { seed: 2, n: 60, noise: 0.1 });
const task = { inputDim: 2, classes: 2 };
const network = mlp(3, 8, 'swish', 'highway', 2);

describe.each(['cpu', 'wasm'] as const)('no tensor leaks on %s', (backend) => {
  it('after a full training with l2, the per-epoch preview, an evaluation and a grid', async () => {
    await initBackend(backend);
    const before = tf.memory().numTensors;
    const result = await train({
      network,
      training: adam(3, { l2: 0.001, optimizer: 'momentum', learningRate: 0.05 }),
      data,
      onEpoch: async (p) => {
        await p.predictGrid({ ...PLOT_DOMAIN_2D, res: 5 });
        await p.predictProbs(data.x, data.n);
      },
    });
    expect(result.epochsRun).toBe(3);
    expect(tf.memory().numTensors).toBe(before);
    evaluate(network, task, result.weights, data);
    predictGrid(network, task, result.weights, { ...PLOT_DOMAIN_2D, res: 10 });
    expect(tf.memory().numTensors).toBe(before);
  });

  it('after a cancelled training and after one whose callback throws', async () => {
    await initBackend(backend);
    const before = tf.memory().numTensors;
    let calls = 0;
    const cancelled = await train({ network, training: adam(5), data, shouldStop: () => ++calls > 8 });
    expect(cancelled.cancelled).toBe(true);
    expect(tf.memory().numTensors).toBe(before);
    const failing = train({
      network,
      training: adam(5, { optimizer: 'sgd' }),
      data,
      onEpoch: () => {
        throw new Error('UI went away');
      },
    });
    await expect(failing).rejects.toThrow('UI went away');
    expect(tf.memory().numTensors).toBe(before);
  });
});
