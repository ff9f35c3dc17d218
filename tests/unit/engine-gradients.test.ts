import { describe, expect, it } from 'vitest';
import { lossGradientJs } from '../../game/engine/gradient';
import { initWeights } from '../../game/init';
import { weightManifest } from '../../game/manifest';
import { ACTIVATIONS, type Activation, type Loss, type NetworkSpec, type Shortcut } from '../../game/spec';
import { refGradient, refLogits } from './fixtures/reference-net';
import { sampleRows } from './fixtures/sample-rows';

const task = { inputDim: 4, classes: 3 };

/** Groups on two layers, a projection (8 → 6) and an identity shortcut (6 → 6). */
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

function weightsFor(network: NetworkSpec): Float32Array {
  const w = initWeights(network, task, 21);
  // Non-zero biases so that bias and gate-bias gradients are exercised.
  for (const e of weightManifest(network, task)) {
    if (e.kind.endsWith('ias')) for (let k = e.offset; k < e.offset + e.size; k++) w[k] += 0.05 * ((k % 5) - 2);
  }
  return w;
}

const { x, y } = sample(6, 99);
const cases: [Activation, Shortcut, Loss][] = [
  ...ACTIVATIONS.flatMap((a): [Activation, Shortcut, Loss][] => [
    [a, 'none', 'cross_entropy'],
    [a, 'residual', 'mse'],
    [a, 'highway', 'cross_entropy'],
  ]),
  ['tanh', 'highway', 'mse'],
  ['sigmoid', 'residual', 'cross_entropy'],
];

describe('js engine gradients against the float64 reference', () => {
  it.each(cases)('%s, %s shortcut, %s loss, l2 0.01', (activation, shortcut, loss) => {
    const network = net(activation, shortcut);
    const weights = weightsFor(network);
    const { grad, probs } = lossGradientJs(network, task, weights, x, y, { l2: 0.01, loss });
    for (let r = 0; r < 6; r++) {
      const logits = refLogits(network, task, weights, x.subarray(r * 4, r * 4 + 4));
      const max = Math.max(...logits);
      const z = logits.reduce((s, v) => s + Math.exp(v - max), 0);
      logits.forEach((v, j) => expect(Math.abs(probs[r * 3 + j] - Math.exp(v - max) / z)).toBeLessThan(1e-12));
    }
    const ref = refGradient(network, task, weights, x, y, 0.01, loss);
    let worst = 0;
    ref.forEach((v, k) => {
      worst = Math.max(worst, Math.abs(grad[k] - v) / (1e-4 + Math.abs(v)));
    });
    // Central differences with step 1e-6 in float64 are good to about 1e-7 here.
    expect(worst).toBeLessThan(1e-4);
  });

  it('changes with l2 only on kernels, by 2·l2·W', () => {
    const network = net('tanh', 'highway');
    const weights = weightsFor(network);
    const a = lossGradientJs(network, task, weights, x, y, { l2: 0, loss: 'cross_entropy' }).grad;
    const b = lossGradientJs(network, task, weights, x, y, { l2: 0.5, loss: 'cross_entropy' }).grad;
    for (const e of weightManifest(network, task)) {
      const penalised = !e.kind.endsWith('ias');
      for (let k = e.offset; k < e.offset + e.size; k++) expect(b[k] - a[k]).toBeCloseTo(penalised ? weights[k] : 0, 12);
    }
  });
});
