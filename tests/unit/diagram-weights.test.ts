import { describe, expect, it } from 'vitest';
import { linkWeights } from '../../app/components/shared/network-diagram';
import type { NetworkSpec } from '../../game/spec';

describe('diagram link weights', () => {
  const net: NetworkSpec = { layers: [{ units: 4, activation: 'tanh', groups: 1 }, { units: 4, activation: 'tanh', groups: 2 }], shortcut: 'none' };
  const task = { inputDim: 2, classes: 2 };
  // Each weight holds its own flat index, so a link's value names the entry it was read from.
  const weights = Float32Array.from({ length: 34 }, (_, i) => i);

  it('reads kernels in the canonical order, within groups only', () => {
    const ws = linkWeights(net, task, weights, [2, 4, 4, 2], [2, 4, 4, 2]);
    expect(ws?.[0][1][2]).toBe(6);
    expect(ws?.[1][0][0]).toBe(12);
    expect(ws?.[1][1][1]).toBe(15);
    expect(ws?.[1][2][2]).toBe(16);
    expect(ws?.[1][0][2]).toBeNull();
    expect(ws?.[2][3][1]).toBe(31);
  });

  it('ignores weights of another network', () => {
    expect(linkWeights(net, task, new Float32Array(33), [2, 4, 4, 2], [2, 4, 4, 2])).toBeNull();
    expect(linkWeights(net, task, null, [2, 4, 4, 2], [2, 4, 4, 2])).toBeNull();
  });
});
