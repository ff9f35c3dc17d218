import { describe, expect, it } from 'vitest';
import type { NetworkSpec } from '../../game/spec';
import { paramCount, weightManifest } from '../../game/manifest';

const task2 = { inputDim: 2, classes: 2 };
const net = (shortcut: NetworkSpec['shortcut'], units = [16, 16, 16], groups = 1): NetworkSpec => ({
  layers: units.map((u) => ({ units: u, activation: 'relu', groups })),
  shortcut,
});

describe('paramCount (PROTOCOL.md examples)', () => {
  it('input 2, 16/16/16 relu, residual, K = 2 gives 626', () => {
    expect(paramCount(net('residual'), task2)).toBe(626);
  });
  it('the same with highway gives 1,170', () => {
    expect(paramCount(net('highway'), task2)).toBe(1170);
  });
  it('none equals residual when widths match (identity shortcuts have no weights)', () => {
    expect(paramCount(net('none'), task2)).toBe(626);
  });
  it('counts a grouped layer as a block-diagonal dense: d_in·u/g kernel values', () => {
    // Layer 2: 16 → 32 in 4 groups: 16·32/4 = 128 kernel + 32 bias.
    const grouped: NetworkSpec = {
      layers: [
        { units: 16, activation: 'relu', groups: 1 },
        { units: 32, activation: 'relu', groups: 4 },
      ],
      shortcut: 'none',
    };
    expect(paramCount(grouped, task2)).toBe(2 * 16 + 16 + 128 + 32 + 32 * 2 + 2);
    const m = weightManifest(grouped, task2);
    expect(m[2]).toMatchObject({ name: 'layer2/kernel', shape: [4, 4, 8], size: 128 });
  });
  it('a residual with a width change adds a projection without bias', () => {
    expect(paramCount(net('residual', [8, 4]), task2)).toBe(2 * 8 + 8 + (8 * 4 + 4) + 8 * 4 + (4 * 2 + 2));
  });
});

describe('weightManifest order', () => {
  it('lists kernel, bias, projection, gate kernel, gate bias per layer, then the head, with running offsets', () => {
    const m = weightManifest(net('highway', [4, 3]), { inputDim: 2, classes: 3 });
    expect(m.map((e) => e.name)).toEqual([
      'layer1/kernel',
      'layer1/bias',
      'layer2/kernel',
      'layer2/bias',
      'layer2/projection',
      'layer2/gate_kernel',
      'layer2/gate_bias',
      'head/kernel',
      'head/bias',
    ]);
    expect(m.map((e) => e.shape)).toEqual([[1, 2, 4], [4], [1, 4, 3], [3], [4, 3], [4, 3], [3], [3, 3], [3]]);
    let offset = 0;
    for (const e of m) {
      expect(e.offset).toBe(offset);
      expect(e.size).toBe(e.shape.reduce((a, b) => a * b, 1));
      offset += e.size;
    }
    expect(offset).toBe(paramCount(net('highway', [4, 3]), { inputDim: 2, classes: 3 }));
    expect(m.map((e) => e.offset)).toEqual([0, 8, 12, 24, 27, 39, 51, 54, 63]);
  });
});
