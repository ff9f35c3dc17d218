/**
 * The tfjs path's conv layers (game/model-conv.ts: im2col gather + batched matMul, hand-written
 * backward) against the float64 reference, on cpu and wasm, for the same conv nets as the js
 * engine's test; and no tensor leaks.
 */
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { initBackend } from '../../game/backend';
import { createModel } from '../../game/model';
import { networkSchema, type Backend } from '../../game/spec';
import { l2GradientMask, lossGradient } from '../../game/train-step';
import { cases, sample, task, weightsFor } from './fixtures/conv-cases';
import { refGradient, refLogits } from './fixtures/reference-net';

const { x, y } = sample(4, 17);
const backends: Backend[] = ['cpu', 'wasm'];

describe.each(backends)('tfjs conv layers on %s against the float64 reference', (backend) => {
  it.each(cases)('%s', async (_name, layers, shortcut, loss) => {
    await initBackend(backend);
    const network = networkSchema.parse({ layers, shortcut });
    const weights = weightsFor(network);
    const l2 = 0.01;
    const before = tf.memory().numTensors;
    const model = createModel(network, task, weights);
    try {
      const { logits, grad } = tf.tidy(() => {
        const mask = l2GradientMask(model.plan, l2);
        const oneHot = tf.cast(tf.oneHot(tf.tensor1d(y, 'int32'), 3), 'float32') as tf.Tensor2D;
        const r = lossGradient(model, tf.tensor2d(x, [y.length, task.inputDim]), oneHot, mask && tf.tensor1d(mask), loss);
        return { logits: r.logits.dataSync().slice(), grad: r.grad.dataSync().slice() };
      });
      for (let r = 0; r < y.length; r++) {
        const ref = refLogits(network, task, weights, x.subarray(r * task.inputDim, (r + 1) * task.inputDim));
        ref.forEach((v, j) => expect(Math.abs(logits[r * 3 + j] - v)).toBeLessThan(1e-4));
      }
      const ref = refGradient(network, task, weights, x, y, l2, loss);
      let worst = 0;
      ref.forEach((v, k) => {
        worst = Math.max(worst, Math.abs(grad[k] - v) / (1e-3 + Math.abs(v)));
      });
      expect(worst).toBeLessThan(2e-2);
    } finally {
      model.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
  });
});
