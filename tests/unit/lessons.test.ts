/**
 * The classic lessons the presets teach must actually happen with this trainer (fixed seeds, cpu,
 * so each outcome is reproducible bit for bit).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../game/backend';
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

beforeAll(async () => {
  await initBackend('cpu');
});

describe('classic lessons', () => {
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
