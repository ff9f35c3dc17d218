/**
 * The js engine's conv layers against the float64 reference (tests/unit/fixtures/reference-net.ts,
 * written from PROTOCOL.md): probabilities, and every weight's gradient against central
 * differences, for every padding, stride, pool and grouping and both shortcut kinds.
 */
import { describe, expect, it } from 'vitest';
import { lossGradientJs } from '../../game/engine/gradient';
import { initWeights } from '../../game/init';
import { weightManifest } from '../../game/manifest';
import { networkSchema, type Loss, type NetworkSpec, type TaskShape } from '../../game/spec';
import { refGradient, refLogits } from './fixtures/reference-net';

const task: TaskShape = { inputDim: 6 * 6 * 2, classes: 3, image: { height: 6, width: 6, channels: 2 } };
const C = (o: Record<string, unknown>): Record<string, unknown> => ({ type: 'conv', filters: 4, kernel: 3, stride: 1, padding: 'same', activation: 'tanh', groups: 1, pool: 'none', ...o });
const D = (units: number, activation = 'tanh'): Record<string, unknown> => ({ units, activation });

function sample(n: number, seed: number): { x: Float32Array; y: Int32Array } {
  const x = new Float32Array(n * task.inputDim);
  const y = new Int32Array(n);
  let s = seed;
  const next = (): number => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
  for (let i = 0; i < x.length; i++) x[i] = 2 * next() - 1;
  for (let i = 0; i < n; i++) y[i] = i % task.classes;
  return { x, y };
}

function weightsFor(network: NetworkSpec): Float32Array {
  const w = initWeights(network, task, 5);
  for (const e of weightManifest(network, task)) {
    if (e.kind.endsWith('ias')) for (let k = e.offset; k < e.offset + e.size; k++) w[k] += 0.05 * ((k % 5) - 2);
  }
  return w;
}

const { x, y } = sample(4, 17);
const cases: [string, unknown[], 'none' | 'residual' | 'highway', Loss][] = [
  ['same, stride 1, no pool', [C({})], 'none', 'cross_entropy'],
  ['valid, stride 1, max pool', [C({ padding: 'valid', pool: 'max' })], 'none', 'cross_entropy'],
  ['same, stride 2, avg pool (odd 3×3 map drops a row)', [C({ stride: 2, pool: 'avg' })], 'none', 'mse'],
  ['valid, stride 2, kernel 5', [C({ kernel: 5, stride: 2, padding: 'valid', activation: 'gelu' })], 'none', 'cross_entropy'],
  ['kernel 1, same, relu', [C({ kernel: 1, activation: 'relu' })], 'none', 'cross_entropy'],
  ['groups 2 twice', [C({ groups: 2, activation: 'elu' }), C({ filters: 6, groups: 2 })], 'none', 'cross_entropy'],
  ['residual identity then max pool', [C({}), C({ pool: 'max' })], 'residual', 'cross_entropy'],
  ['residual 1×1 projection, stride 2, same', [C({}), C({ filters: 6, stride: 2 })], 'residual', 'mse'],
  ['residual 1×1 projection, valid (centre offset), groups 2', [C({}), C({ padding: 'valid', groups: 2 })], 'residual', 'cross_entropy'],
  ['highway identity, avg pool', [C({}), C({ pool: 'avg', activation: 'swish' })], 'highway', 'cross_entropy'],
  ['highway 1×1 projection, valid stride 2', [C({}), C({ filters: 2, padding: 'valid', stride: 2 })], 'highway', 'cross_entropy'],
  ['conv, pool, then dense with a dense–dense shortcut', [C({ pool: 'max' }), D(5), D(5)], 'highway', 'cross_entropy'],
  ['conv then dense with groups', [C({ stride: 2 }), D(6, 'sigmoid'), D(4)], 'residual', 'mse'],
];

describe('js engine conv gradients against the float64 reference', () => {
  it.each(cases)('%s', (_name, layers, shortcut, loss) => {
    const network = networkSchema.parse({ layers, shortcut });
    const weights = weightsFor(network);
    const { grad, probs } = lossGradientJs(network, task, weights, x, y, { l2: 0.01, loss });
    for (let r = 0; r < y.length; r++) {
      const logits = refLogits(network, task, weights, x.subarray(r * task.inputDim, (r + 1) * task.inputDim));
      const max = Math.max(...logits);
      const z = logits.reduce((s, v) => s + Math.exp(v - max), 0);
      logits.forEach((v, j) => expect(Math.abs(probs[r * 3 + j] - Math.exp(v - max) / z)).toBeLessThan(1e-12));
    }
    const ref = refGradient(network, task, weights, x, y, 0.01, loss);
    let worst = 0;
    ref.forEach((v, k) => {
      worst = Math.max(worst, Math.abs(grad[k] - v) / (1e-4 + Math.abs(v)));
    });
    expect(worst).toBeLessThan(1e-4);
  });
});
