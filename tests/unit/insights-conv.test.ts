/** The insights dimension `conv` (issue 12): the number of conv layers, listed where a round has conv nets. */
import { describe, expect, it } from 'vitest';
import { computeInsightsV2 } from '../../game/insights';
import type { FanovaRow } from '../../game/insights/features';
import { networkSchema, type TrainingSpec } from '../../game/spec';

const conv = { type: 'conv', filters: 4, kernel: 3, stride: 1, padding: 'same', activation: 'relu', groups: 1, pool: 'max' };
const training = (i: number): TrainingSpec => ({ optimizer: 'adam', learningRate: 0.001 * (1 + (i % 7)), batchSize: 32, epochs: 10, l2: 0, seed: i });

function rows(withConv: boolean): FanovaRow[] {
  return Array.from({ length: 40 }, (_, i) => {
    const k = withConv ? i % 3 : 0;
    // Three layers in all, so depth does not follow the conv count.
    const layers = [...Array.from({ length: k }, () => conv), ...Array.from({ length: 3 - k }, () => ({ units: 8 + (i % 2) * 8, activation: 'relu' }))];
    // The score follows the conv layers (and a little noise from the learning rate).
    return { network: networkSchema.parse({ layers, shortcut: 'none' }), training: training(i), params: 100, score: 0.4 + 0.25 * k + 0.01 * (i % 7) };
  });
}

describe('insights: conv', () => {
  it('lists conv, the number of conv layers, and finds it is what mattered', () => {
    const out = computeInsightsV2(rows(true));
    const dims = out.dimensions.map((d) => d.name);
    expect(dims).toContain('conv');
    expect(out.dimensions[0].name).toBe('conv');
    expect(out.dimensions.find((d) => d.name === 'conv')?.best).toBe(2);
  });

  it('leaves conv out of a round without conv nets', () => {
    expect(computeInsightsV2(rows(false)).dimensions.map((d) => d.name)).not.toContain('conv');
  });
});
