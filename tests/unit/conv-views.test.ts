import { describe, expect, it } from 'vitest';
import { convFeatureMaps, convKernels } from '../../game/conv-views';
import { initWeights } from '../../game/init';
import { networkSchema } from '../../game/spec';
import { taskShape } from '../../game/tasks/catalog';
import { generateSynthetic } from '../../game/tasks/synthetic';

const task = taskShape('strokes');
const net = networkSchema.parse({
  layers: [
    { type: 'conv', filters: 2, kernel: 3, padding: 'same', activation: 'linear', pool: 'max' },
    { type: 'conv', filters: 4, kernel: 1, padding: 'same', activation: 'relu', groups: 2 },
  ],
  shortcut: 'none',
});

describe('conv views', () => {
  it('reads every kernel out of the flat weights as [channel][ky][kx]', () => {
    const w = initWeights(net, task, 3);
    const kernels = convKernels(net, task, w);
    expect(kernels.map((k) => [k.layer, k.filter, k.size, k.channels, k.firstChannel])).toEqual([
      [1, 0, 3, 1, 0], [1, 1, 3, 1, 0], [2, 0, 1, 1, 0], [2, 1, 1, 1, 0], [2, 2, 1, 1, 1], [2, 3, 1, 1, 1],
    ]);
    // layer 1 kernel [1, 3, 3, 1, 2]: filter 1's (ky 2, kx 0) is value ((2·3 + 0)·1 + 0)·2 + 1.
    expect(kernels[1].values[6]).toBe(w[13]);
    // layer 2 kernel [2, 1, 1, 1, 2] after 20 values: filter 3 is group 1, jo 1.
    expect(kernels[5].values[0]).toBe(w[20 + 3]);
  });

  it('gives a sample\'s feature maps: a linear 3×3 conv of the picture', () => {
    const w = new Float32Array(initWeights(net, task, 3).length);
    w[4 * 2 + 0] = 1; // layer 1, filter 0: the centre tap (ky 1, kx 1)
    const data = generateSynthetic('strokes', { seed: 1, n: 2, noise: 0.1 });
    const maps = convFeatureMaps(net, task, w, data.x, 1);
    expect(maps.map((m) => [m.layer, m.height, m.width, m.filters])).toEqual([[1, 12, 12, 2], [2, 6, 6, 4]]);
    for (let p = 0; p < 144; p++) expect(maps[0].maps[p]).toBe(data.x[144 + p]);
    for (let p = 0; p < 144; p++) expect(maps[0].maps[144 + p]).toBe(0);
  });
});
