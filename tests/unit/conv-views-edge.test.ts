/**
 * game/conv-views.ts as the kernel and feature-map views use it: a hand-made vertical-edge kernel
 * lights up exactly along a picture's edge, and grouped kernels come out filter by filter with the
 * right input channels.
 */
import { describe, expect, it } from 'vitest';
import { convFeatureMaps, convKernels } from '../../game/conv-views';
import { weightManifest } from '../../game/manifest';
import { networkSchema, type NetworkSpec, type TaskShape } from '../../game/spec';

const tiny: TaskShape = { inputDim: 16, classes: 2, image: { height: 4, width: 4, channels: 1 } };
const entry = (network: NetworkSpec, t: TaskShape, name: string) => weightManifest(network, t).find((e) => e.name === name)!;
const sizeOf = (network: NetworkSpec, t: TaskShape) => {
  const m = weightManifest(network, t);
  return m[m.length - 1].offset + m[m.length - 1].size;
};

describe('conv views on hand-made kernels', () => {
  it('a vertical-edge kernel (same padding, relu) lights up on both sides of the edge and nowhere else', () => {
    const net = networkSchema.parse({ layers: [{ type: 'conv', filters: 1, kernel: 3, padding: 'same', activation: 'relu', pool: 'max' }], shortcut: 'none' });
    const w = new Float32Array(sizeOf(net, tiny));
    const k = entry(net, tiny, 'layer1/kernel').offset;
    for (let y = 0; y < 3; y++) {
      w[k + y * 3] = -1; // left column
      w[k + y * 3 + 2] = 1; // right column
    }
    // Left half 0, right half 1.
    const x = Float32Array.from([0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 1, 1]);
    const [m] = convFeatureMaps(net, tiny, w, x, 0);
    expect([m.height, m.width, m.filters]).toEqual([4, 4, 1]);
    // Columns 1 and 2 see the edge (3 per row, 2 on the top and bottom rows, where the zero padding
    // cuts a row off); column 3 sees ones on its left and padding on its right: negative, so 0.
    expect(Array.from(m.maps)).toEqual([0, 2, 2, 0, 0, 3, 3, 0, 0, 3, 3, 0, 0, 2, 2, 0]);
    expect(Array.from(convKernels(net, tiny, w)[0].values)).toEqual([-1, 0, 1, -1, 0, 1, -1, 0, 1]);
  });

  it('grouped kernels: filter f = g·(f/g) + j reads the channels of group g', () => {
    const t: TaskShape = { inputDim: 4 * 4 * 4, classes: 2, image: { height: 4, width: 4, channels: 4 } };
    const net = networkSchema.parse({ layers: [{ type: 'conv', filters: 6, kernel: 3, padding: 'same', activation: 'relu', groups: 2 }], shortcut: 'none' });
    const e = entry(net, t, 'layer1/kernel');
    expect(e.shape).toEqual([2, 3, 3, 2, 3]);
    const w = new Float32Array(sizeOf(net, t));
    // Filter f = g·3 + j, channel c, tap (y, x) gets 1000·f + 100·c + 10·y + x.
    for (let g = 0; g < 2; g++)
      for (let y = 0; y < 3; y++)
        for (let xx = 0; xx < 3; xx++)
          for (let c = 0; c < 2; c++) for (let j = 0; j < 3; j++) w[e.offset + (((g * 3 + y) * 3 + xx) * 2 + c) * 3 + j] = 1000 * (g * 3 + j) + 100 * c + 10 * y + xx;
    const ks = convKernels(net, t, w);
    expect(ks.map((k) => [k.filter, k.channels, k.firstChannel])).toEqual([[0, 2, 0], [1, 2, 0], [2, 2, 0], [3, 2, 2], [4, 2, 2], [5, 2, 2]]);
    for (const k of ks)
      for (let c = 0; c < 2; c++)
        for (let y = 0; y < 3; y++) for (let xx = 0; xx < 3; xx++) expect(k.values[(c * 3 + y) * 3 + xx]).toBe(1000 * k.filter + 100 * c + 10 * y + xx);
  });
});
