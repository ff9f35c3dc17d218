import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../game/backend';
import { initWeights } from '../../game/init';
import { createModel } from '../../game/model';
import type { NetworkSpec } from '../../game/spec';
import { l2GradientMask, lossGradient } from '../../game/train-step';
import { refGradient } from './fixtures/reference-net';

const task = { inputDim: 4, classes: 3 };
const network: NetworkSpec = {
  layers: [
    { units: 8, activation: 'tanh', groups: 2 },
    { units: 6, activation: 'sigmoid', groups: 1 },
  ],
  shortcut: 'residual',
};

beforeAll(async () => {
  await initBackend('cpu');
});

describe('the tfjs path trains mse too', () => {
  it('its mse gradient matches the float64 reference', () => {
    const x = new Float32Array(24).map((_, i) => Math.sin(i * 1.7));
    const y = new Int32Array([0, 1, 2, 0, 1, 2]);
    const weights = initWeights(network, task, 3);
    const model = createModel(network, task, weights);
    try {
      const grad = tf.tidy(() => {
        const mask = l2GradientMask(model.plan, 0.01);
        const oneHot = tf.cast(tf.oneHot(tf.tensor1d(y, 'int32'), 3), 'float32') as tf.Tensor2D;
        return lossGradient(model, tf.tensor2d(x, [6, 4]), oneHot, mask && tf.tensor1d(mask), 'mse').grad.dataSync().slice();
      });
      const ref = refGradient(network, task, weights, x, y, 0.01, 'mse');
      const ce = refGradient(network, task, weights, x, y, 0.01, 'cross_entropy');
      let worst = 0;
      let differs = 0;
      ref.forEach((v, k) => {
        worst = Math.max(worst, Math.abs(grad[k] - v) / (1e-3 + Math.abs(v)));
        differs = Math.max(differs, Math.abs(ce[k] - v));
      });
      expect(worst).toBeLessThan(2e-2);
      expect(differs).toBeGreaterThan(1e-3); // the two losses really differ here
    } finally {
      model.dispose();
    }
  });
});
