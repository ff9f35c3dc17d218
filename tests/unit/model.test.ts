import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../game/backend';
import { GATE_BIAS_INIT, initWeights } from '../../game/init';
import { weightManifest, paramCount } from '../../game/manifest';
import { createModel, forward, ModelInputError } from '../../game/model';
import { ACTIVATIONS, SHORTCUTS, type Activation, type Backend, type NetworkSpec, type Shortcut } from '../../game/spec';
import { l2GradientMask, lossGradient } from '../../game/train-step';
import { refGradient, refLogits } from './fixtures/reference-net';
import { sampleRows } from './fixtures/sample-rows';

const task = { inputDim: 4, classes: 3 };

/** A net that exercises groups, a projection (8 → 6) and an identity shortcut (6 → 6). */
function net(activation: Activation, shortcut: Shortcut): NetworkSpec {
  return {
    layers: [
      { units: 8, activation, groups: 2 },
      { units: 6, activation, groups: 2 },
      { units: 6, activation, groups: 1 },
    ],
    shortcut,
  };
}

function sample(n: number, seed: number): { x: Float32Array; y: Int32Array } {
  return sampleRows(n, seed, task);
}

beforeAll(async () => {
  await initBackend('cpu');
});

describe('weight layout', () => {
  it('model views follow weightManifest order, offsets and shapes', () => {
    const network = net('relu', 'highway');
    const manifest = weightManifest(network, task);
    const weights = Float32Array.from({ length: paramCount(network, task) }, (_, i) => i);
    const model = createModel(network, task, weights);
    try {
      expect(model.plan.manifest.map((e) => e.name)).toEqual(manifest.map((e) => e.name));
      expect(manifest.map((e) => e.name)).toContain('layer2/projection');
      expect(manifest.map((e) => e.name)).toContain('layer3/gate_bias');
      expect(model.params.size).toBe(weights.length);
      tf.tidy(() => {
        const views = model.views();
        expect(views).toHaveLength(manifest.length);
        manifest.forEach((e, i) => {
          expect(views[i].size).toBe(e.size);
          expect(Array.from(views[i].dataSync())).toEqual(Array.from(weights.subarray(e.offset, e.offset + e.size)));
        });
      });
      expect(model.readWeights()).toEqual(weights);
    } finally {
      model.dispose();
    }
  });

  it('rejects a weight vector of the wrong length with a typed error', () => {
    const network = net('tanh', 'none');
    expect(() => createModel(network, task, new Float32Array(3))).toThrow(ModelInputError);
  });
});

describe('initial weights', () => {
  it('are seeded, start highway gate biases at −2 and other biases at 0', () => {
    const network = net('tanh', 'highway');
    const a = initWeights(network, task, 5);
    expect(initWeights(network, task, 5)).toEqual(a);
    expect(initWeights(network, task, 6)).not.toEqual(a);
    for (const e of weightManifest(network, task)) {
      const values = Array.from(a.subarray(e.offset, e.offset + e.size));
      if (e.kind === 'gateBias') expect(values.every((v) => v === GATE_BIAS_INIT)).toBe(true);
      else if (e.kind === 'bias' || e.kind === 'headBias') expect(values.every((v) => v === 0)).toBe(true);
      else expect(values.some((v) => v !== 0)).toBe(true);
    }
  });

  it('uses He-uniform limits for the relu family and Glorot for the others (per-group fans)', () => {
    const maxAbs = (activation: Activation): number => {
      const network: NetworkSpec = { layers: [{ units: 64, activation, groups: 1 }], shortcut: 'none' };
      const t = { inputDim: 32, classes: 2 };
      const e = weightManifest(network, t)[0];
      return Math.max(...Array.from(initWeights(network, t, 1).subarray(e.offset, e.size)).map(Math.abs));
    };
    const he = Math.sqrt(6 / 32);
    const glorot = Math.sqrt(6 / (32 + 64));
    expect(maxAbs('relu')).toBeLessThanOrEqual(he);
    expect(maxAbs('relu')).toBeGreaterThan(0.9 * he);
    expect(maxAbs('tanh')).toBeLessThanOrEqual(glorot);
    expect(maxAbs('tanh')).toBeGreaterThan(0.9 * glorot);
    // Grouped: fan_in = 32/4, fan_out = 64/4.
    const grouped: NetworkSpec = { layers: [{ units: 64, activation: 'tanh', groups: 4 }], shortcut: 'none' };
    const t = { inputDim: 32, classes: 2 };
    const k = Array.from(initWeights(grouped, t, 1).subarray(0, 32 * 16)).map(Math.abs);
    expect(Math.max(...k)).toBeLessThanOrEqual(Math.sqrt(6 / (8 + 16)));
    expect(Math.max(...k)).toBeGreaterThan(0.9 * Math.sqrt(6 / (8 + 16)));
  });
});

describe('grouped layers', () => {
  it('are block-diagonal: changing one input group leaves the other groups unchanged', () => {
    const network: NetworkSpec = { layers: [{ units: 6, activation: 'tanh', groups: 2 }], shortcut: 'none' };
    const model = createModel(network, task, initWeights(network, task, 3));
    try {
      const out = (x: number[]): number[] =>
        tf.tidy(() => Array.from(forward(model.plan, model.views(), tf.tensor2d(x, [1, 4]), true).layers[0].act.a.dataSync()));
      const base = out([0.1, 0.2, 0.3, 0.4]);
      const changed = out([0.9, -0.7, 0.3, 0.4]); // input group 0 = features 0..1
      expect(changed.slice(3)).toEqual(base.slice(3)); // output group 1 untouched
      expect(changed.slice(0, 3)).not.toEqual(base.slice(0, 3));
    } finally {
      model.dispose();
    }
  });
});

describe('forward and backward against a float64 reference', () => {
  const { x, y } = sample(6, 11);
  const cases: [Activation, Shortcut][] = [
    ...ACTIVATIONS.map((a): [Activation, Shortcut] => [a, 'highway']),
    ...SHORTCUTS.filter((s) => s !== 'highway').map((s): [Activation, Shortcut] => ['tanh', s]),
    ['relu', 'residual'],
    ['sigmoid', 'none'],
  ];
  const variants: [Backend, boolean][] = [
    ['cpu', true],
    ['cpu', false],
    ['wasm', true],
  ];
  for (const [backend, fused] of variants) {
    it.each(cases)(`%s with %s shortcut (${backend}, fused ${fused})`, async (activation, shortcut) => {
      await initBackend(backend);
      const network = net(activation, shortcut);
      const weights = initWeights(network, task, 21);
      // Non-zero biases so that the bias gradients and the gate biases are exercised.
      for (const e of weightManifest(network, task)) {
        if (e.kind.endsWith('ias')) for (let k = e.offset; k < e.offset + e.size; k++) weights[k] += 0.05 * ((k % 5) - 2);
      }
      const l2 = 0.01;
      const model = createModel(network, task, weights, { fused });
      try {
        const { logits, grad } = tf.tidy(() => {
          const mask = l2GradientMask(model.plan, l2);
          const r = lossGradient(model, tf.tensor2d(x, [6, 4]), tf.cast(tf.oneHot(tf.tensor1d(y, 'int32'), 3), 'float32') as tf.Tensor2D, mask && tf.tensor1d(mask));
          return { logits: r.logits.dataSync().slice(), grad: r.grad.dataSync().slice() };
        });
        for (let r = 0; r < 6; r++) {
          const ref = refLogits(network, task, weights, x.subarray(r * 4, r * 4 + 4));
          ref.forEach((v, j) => expect(Math.abs(logits[r * 3 + j] - v)).toBeLessThan(1e-4));
        }
        const ref = refGradient(network, task, weights, x, y, l2);
        let worst = 0;
        ref.forEach((v, k) => {
          worst = Math.max(worst, Math.abs(grad[k] - v) / (1e-3 + Math.abs(v)));
        });
        expect(worst).toBeLessThan(2e-2);
      } finally {
        model.dispose();
      }
    });
  }
});
