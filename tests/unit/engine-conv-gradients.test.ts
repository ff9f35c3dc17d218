/**
 * The js engine's conv layers against the float64 reference (tests/unit/fixtures/reference-net.ts,
 * written from PROTOCOL.md): probabilities, and every weight's gradient against central
 * differences, for every padding, stride, pool and grouping and both shortcut kinds.
 */
import { describe, expect, it } from 'vitest';
import { lossGradientJs } from '../../game/engine/gradient';
import { networkSchema } from '../../game/spec';
import { cases, sample, task, weightsFor } from './fixtures/conv-cases';
import { refGradient, refLogits } from './fixtures/reference-net';

const { x, y } = sample(4, 17);

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
