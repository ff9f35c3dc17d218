/**
 * game/engine/feature-maps.ts: kernels regrouped filter-major from the protocol's [g, k, k, c/g, f/g]
 * layout, and each conv layer's feature maps for one picture, checked by hand on small pictures and
 * against the float64 reference net (tests/unit/fixtures/reference-net.ts) through the head.
 */
import { describe, expect, it } from 'vitest';
import { convKernels, featureMaps } from '../../game/engine/feature-maps';
import { weightManifest } from '../../game/manifest';
import { networkSchema, type TaskShape } from '../../game/spec';
import { cases, sample, task, weightsFor } from './fixtures/conv-cases';
import { refLogits } from './fixtures/reference-net';

const tiny: TaskShape = { inputDim: 16, classes: 2, image: { height: 4, width: 4, channels: 1 } };
const conv = (o: Record<string, unknown>) => networkSchema.parse({ layers: [{ type: 'conv', filters: 1, kernel: 3, stride: 1, padding: 'valid', activation: 'linear', groups: 1, pool: 'none', ...o }], shortcut: 'none' });
const entry = (network: ReturnType<typeof conv>, t: TaskShape, name: string) => weightManifest(network, t).find((e) => e.name === name)!;
const sizeOf = (network: ReturnType<typeof conv>, t: TaskShape) => {
  const m = weightManifest(network, t);
  return m[m.length - 1].offset + m[m.length - 1].size;
};
// A 4×4 picture with a vertical edge: left half 0, right half 1.
const edge = Float32Array.from([0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 1, 1]);

describe('featureMaps', () => {
  it('a centre-tap 3×3 kernel (valid) copies the inner 2×2 pixels, plus the bias', () => {
    const net = conv({});
    const w = new Float32Array(sizeOf(net, tiny));
    w[entry(net, tiny, 'layer1/kernel').offset + 4] = 1; // (y 1, x 1): the centre
    w[entry(net, tiny, 'layer1/bias').offset] = 0.5;
    const x = Float32Array.from({ length: 16 }, (_, i) => i);
    const [m] = featureMaps(net, tiny, w, x);
    expect([m.layer, m.height, m.width, m.channels]).toEqual([1, 2, 2, 1]);
    expect(Array.from(m.values)).toEqual([5.5, 6.5, 9.5, 10.5]);
  });

  it('a vertical-edge kernel with relu lights up where the edge is, and a max pool keeps the peak', () => {
    const net = conv({ padding: 'same', activation: 'relu', pool: 'max' });
    const w = new Float32Array(sizeOf(net, tiny));
    const k = entry(net, tiny, 'layer1/kernel').offset;
    for (let y = 0; y < 3; y++) {
      w[k + y * 3] = -1; // left column
      w[k + y * 3 + 2] = 1; // right column
    }
    const [m] = featureMaps(net, tiny, w, edge);
    // Before the pool (same padding): columns 1 and 2 see the edge (3 each row, 2 at the top and
    // bottom rows), column 3 sees 1s on its left and zero padding on its right (negative: 0).
    expect([m.height, m.width]).toEqual([2, 2]);
    expect(Array.from(m.values)).toEqual([3, 3, 3, 3]);
    // The same kernel without the pool (a bigger head, so its own weight vector).
    const unpooled = conv({ padding: 'same', activation: 'relu' });
    const w2 = new Float32Array(sizeOf(unpooled, tiny));
    w2.set(w.subarray(k, k + 10), entry(unpooled, tiny, 'layer1/kernel').offset);
    const flat = featureMaps(unpooled, tiny, w2, edge)[0];
    expect(Array.from(flat.values)).toEqual([0, 2, 2, 0, 0, 3, 3, 0, 0, 3, 3, 0, 0, 2, 2, 0]);
  });

  it('the last conv map through the head gives the float64 reference logits', () => {
    const { x } = sample(2, 3);
    const convOnly = cases.filter(([, layers]) => layers.every((l) => (l as { type?: string }).type === 'conv'));
    expect(convOnly.length).toBeGreaterThan(5);
    for (const [, layers, shortcut] of convOnly) {
      const network = networkSchema.parse({ layers, shortcut });
      const w = weightsFor(network);
      const row = x.subarray(0, task.inputDim);
      const maps = featureMaps(network, task, w, row);
      expect(maps.map((m) => m.layer)).toEqual(layers.map((_, i) => i + 1));
      const last = maps[maps.length - 1];
      const hk = entry(network, task, 'head/kernel');
      const hb = entry(network, task, 'head/bias');
      const d = last.values.length;
      const ref = refLogits(network, task, w, row);
      for (let j = 0; j < task.classes; j++) {
        let z = w[hb.offset + j];
        for (let i = 0; i < d; i++) z += last.values[i] * w[hk.offset + i * task.classes + j];
        // The map is float32-rounded for the page; the reference is float64.
        expect(Math.abs(z - ref[j])).toBeLessThan(1e-4);
      }
    }
  });

  it('rejects weights or an input of the wrong length', () => {
    const net = conv({});
    const w = new Float32Array(sizeOf(net, tiny));
    expect(() => featureMaps(net, tiny, w.subarray(1), edge)).toThrow(RangeError);
    expect(() => featureMaps(net, tiny, w, edge.subarray(1))).toThrow(RangeError);
    expect(() => convKernels(net, tiny, w.subarray(1))).toThrow(RangeError);
  });
});

describe('convKernels', () => {
  it('regroups [g, k, k, c/g, f/g] into [filter, y, x, channel] for every group', () => {
    const t: TaskShape = { inputDim: 4 * 4 * 4, classes: 2, image: { height: 4, width: 4, channels: 4 } };
    const net = networkSchema.parse({ layers: [{ type: 'conv', filters: 6, kernel: 3, stride: 1, padding: 'same', activation: 'relu', groups: 2, pool: 'none' }], shortcut: 'none' });
    const e = entry(net, t, 'layer1/kernel');
    expect(e.shape).toEqual([2, 3, 3, 2, 3]);
    const w = new Float32Array(sizeOf(net, t));
    // Filter f = g·3 + j, channel c, tap (y, x) gets 1000·f + 100·c + 10·y + x.
    for (let g = 0; g < 2; g++)
      for (let y = 0; y < 3; y++)
        for (let xx = 0; xx < 3; xx++)
          for (let c = 0; c < 2; c++) for (let j = 0; j < 3; j++) w[e.offset + (((g * 3 + y) * 3 + xx) * 2 + c) * 3 + j] = 1000 * (g * 3 + j) + 100 * c + 10 * y + xx;
    const [k] = convKernels(net, t, w);
    expect([k.layer, k.kernel, k.filters, k.groups, k.inChannels]).toEqual([1, 3, 6, 2, 2]);
    for (let f = 0; f < 6; f++)
      for (let y = 0; y < 3; y++)
        for (let xx = 0; xx < 3; xx++) for (let c = 0; c < 2; c++) expect(k.values[((f * 3 + y) * 3 + xx) * 2 + c]).toBe(1000 * f + 100 * c + 10 * y + xx);
  });

  it('skips dense layers and numbers conv layers by their place in the network', () => {
    const net = networkSchema.parse({ layers: [{ type: 'conv', filters: 2, kernel: 1, stride: 1, padding: 'same', activation: 'relu', groups: 1, pool: 'none' }, { units: 3, activation: 'relu' }], shortcut: 'none' });
    const ks = convKernels(net, tiny, new Float32Array(sizeOf(net, tiny)));
    expect(ks.map((k) => [k.layer, k.values.length])).toEqual([[1, 2]]);
  });
});
