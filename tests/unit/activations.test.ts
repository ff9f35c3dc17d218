import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { ACTIVATION_IMPLS } from '../../game/activations';
import { initBackend } from '../../game/backend';
import { ACTIVATIONS, SHORTCUTS } from '../../game/spec';
import { generateSynthetic } from '../../game/tasks/synthetic';
import { train } from '../../game/train';
import { refActivation } from './fixtures/reference-net';
import { adam, mlp } from './fixtures/nets';

const circle = generateSynthetic('circle', { seed: 3, n: 80, noise: 0.1 });

beforeAll(async () => {
  await initBackend('cpu');
});

describe('activation functions', () => {
  it.each(ACTIVATIONS)('%s matches its definition and stays finite at extreme inputs', (name) => {
    const z = [-60, -3, -0.5, 0, 0.25, 2, 60];
    const a = tf.tidy(() => Array.from(ACTIVATION_IMPLS[name].forward(tf.tensor1d(z)).a.dataSync()));
    a.forEach((v, i) => {
      expect(Number.isFinite(v)).toBe(true);
      const ref = refActivation(name, z[i]);
      expect(Math.abs(v - ref)).toBeLessThanOrEqual(1e-5 * Math.max(1, Math.abs(ref)));
    });
  });
});

describe('every activation and shortcut trains without NaN on circle', () => {
  const finite = (w: Float32Array): boolean => w.every((v) => Number.isFinite(v));

  it.each(ACTIVATIONS)('activation %s', async (activation) => {
    const r = await train({ network: mlp(3, 6, activation, 'residual'), training: adam(4, { learningRate: 0.05 }), data: circle });
    expect(Number.isFinite(r.loss)).toBe(true);
    expect(finite(r.weights)).toBe(true);
  });

  it.each(SHORTCUTS)('shortcut %s (with a projection and groups)', async (shortcut) => {
    const network = { layers: [{ units: 8, activation: 'elu' as const, groups: 1 }, { units: 4, activation: 'selu' as const, groups: 2 }, { units: 4, activation: 'tanh' as const, groups: 1 }], shortcut };
    const r = await train({ network, training: adam(4, { learningRate: 0.05 }), data: circle });
    expect(Number.isFinite(r.loss)).toBe(true);
    expect(finite(r.weights)).toBe(true);
  });
});
