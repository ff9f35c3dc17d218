import { describe, expect, it } from 'vitest';
import { EngineForward } from '../../game/engine/predict';
import { trainJs } from '../../game/engine/train';
import { headWeights, hiddenSpace, lineSeparation, pca2, projectionFor } from '../../game/hidden-space';
import { createRng } from '../../game/rng';
import type { NetworkSpec, TrainingSpec } from '../../game/spec';
import { generateSynthetic } from '../../game/tasks/synthetic';

/** n rows of d-dimensional Gaussian noise with the given standard deviation per column. */
function gaussian(n: number, sd: number[], seed: number): Float32Array {
  const rng = createRng(seed);
  const d = sd.length;
  const out = new Float32Array(n * d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      // Box–Muller from two uniforms of the seeded generator.
      const u = Math.max(1e-12, rng.next());
      const v = rng.next();
      out[i * d + j] = sd[j] * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
  }
  return out;
}

const bytes = (a: Float64Array): string => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('hex');

describe('hidden space: deterministic PCA', () => {
  it('finds the main directions of a spread-out cloud, orthonormal, with their variance shares', () => {
    // Variances 9, 4, 1, 0.25 on columns 2, 0, 3, 1: PCA must pick column 2 then column 0.
    const rows = gaussian(4000, [2, 0.5, 3, 1], 7);
    const p = pca2(rows, 4000, 4);
    const a1 = Array.from(p.axes.slice(0, 4));
    const a2 = Array.from(p.axes.slice(4, 8));
    expect(Math.abs(a1[2])).toBeGreaterThan(0.99);
    expect(Math.abs(a2[0])).toBeGreaterThan(0.99);
    const dot = a1.reduce((s, v, j) => s + v * a2[j], 0);
    expect(Math.abs(dot)).toBeLessThan(1e-9);
    expect(Math.hypot(...a1)).toBeCloseTo(1, 12);
    expect(Math.hypot(...a2)).toBeCloseTo(1, 12);
    expect(p.explained[0]).toBeGreaterThan(0.6);
    expect(p.explained[0]).toBeLessThan(0.7);
    expect(p.explained[1]).toBeGreaterThan(0.22);
    expect(p.explained[1]).toBeLessThan(0.32);
  });

  it('is deterministic to the byte and sign-fixed: the largest entry of each axis is positive', () => {
    const rows = gaussian(500, [1, 3, 2, 0.5, 1.5], 11);
    const a = pca2(rows, 500, 5);
    const b = pca2(Float32Array.from(rows), 500, 5);
    expect(bytes(a.axes)).toBe(bytes(b.axes));
    expect(bytes(a.mean)).toBe(bytes(b.mean));
    for (let p = 0; p < 2; p++) {
      const axis = Array.from(a.axes.slice(p * 5, p * 5 + 5));
      const big = axis.reduce((m, v) => (Math.abs(v) > Math.abs(m) ? v : m), 0);
      expect(big).toBeGreaterThan(0);
    }
    // Mirrored data has the same covariance, hence the same signed axes (no flip between frames).
    const mirrored = rows.map((v) => -v);
    expect(Array.from(pca2(mirrored, 500, 5).axes)).toEqual(Array.from(a.axes));
  });

  it('degenerate clouds still give two orthonormal axes (a line in 3-D, a single point)', () => {
    const line = new Float32Array(30);
    for (let i = 0; i < 10; i++) [line[3 * i], line[3 * i + 1], line[3 * i + 2]] = [i, 2 * i, 0];
    const p = pca2(line, 10, 3);
    expect(p.axes[0]).toBeCloseTo(1 / Math.sqrt(5), 9);
    expect(p.axes[1]).toBeCloseTo(2 / Math.sqrt(5), 9);
    expect(p.explained[0]).toBeCloseTo(1, 9);
    const a2 = Array.from(p.axes.slice(3));
    expect(Math.hypot(...a2)).toBeCloseTo(1, 9);
    expect(a2[0] * p.axes[0] + a2[1] * p.axes[1] + a2[2] * p.axes[2]).toBeCloseTo(0, 9);
    // In 2-D the second axis of a line is the perpendicular, signed by its first entry.
    const diagonal = pca2(new Float32Array([0, 0, 1, 1, 2, 2]), 3, 2);
    expect(Array.from(diagonal.axes).map((v) => Number(v.toFixed(9)))).toEqual([0.707106781, 0.707106781, 0.707106781, -0.707106781]);
    const point = pca2(new Float32Array([1, 1, 1, 1, 1, 1]), 2, 3);
    expect(Array.from(point.axes).every(Number.isFinite)).toBe(true);
    expect(point.explained).toEqual([0, 0]);
  });

  it('shows 2 units as they are and 1 unit on the horizontal axis', () => {
    const two = projectionFor(new Float32Array([3, 4, 5, 6]), 2, 2);
    expect(two.method).toBe('direct');
    expect(Array.from(two.axes)).toEqual([1, 0, 0, 1]);
    const one = hiddenSpace(new Float32Array([-1, 2]), 2, 1, { kernel: [1, -1], bias: [0, 0] }, 4);
    expect(Array.from(one.xy)).toEqual([-1, 0, 2, 0]);
    // Logits (h, −h): class 1 where −2h > 0, i.e. left of u = 0.
    expect(one.line).toEqual({ a: -2, b: 0, c: 0 });
    expect(() => pca2(new Float32Array(5), 2, 3)).toThrow(RangeError);
  });
});

describe('hidden space: the head on the plane', () => {
  it('XOR on 1×2 tanh: the last hidden layer untangles XOR until the head’s straight line separates it', async () => {
    const data = generateSynthetic('xor', { seed: 3, n: 200, noise: 0 });
    const network: NetworkSpec = { layers: [{ units: 2, activation: 'tanh', groups: 1 }], shortcut: 'none' };
    const training: TrainingSpec = { optimizer: 'adam', learningRate: 0.1, batchSize: 16, epochs: 100, l2: 0, seed: 1 };
    const r = await trainJs({ network, training, data });
    expect(r.accuracy).toBeGreaterThan(0.9);
    const task = { inputDim: 2, classes: 2 };
    const hidden = new EngineForward(network, task, r.weights).lastHidden(data.x, data.n);
    const space = hiddenSpace(hidden, data.n, 2, headWeights(network, task, r.weights), 20);
    expect(space.projection.method).toBe('direct');
    // In the input plane no line separates XOR (the best is about 3/4); in the hidden plane one does.
    expect(lineSeparation(space, data.y)).toBeGreaterThan(0.9);
    // The regions agree with the line on every cell centre away from it.
    const { bounds, regions, line } = space;
    if (!line) throw new Error('a 2-class head has a line');
    let agree = 0;
    for (let i = 0; i < regions.labels.length; i++) {
      const u = bounds.xMin + ((i % 20) + 0.5) * ((bounds.xMax - bounds.xMin) / 20);
      const v = bounds.yMin + (Math.floor(i / 20) + 0.5) * ((bounds.yMax - bounds.yMin) / 20);
      if ((line.a * u + line.b * v + line.c > 0 ? 1 : 0) === regions.labels[i]) agree++;
    }
    expect(agree).toBe(400);
    // The same net and rows give the same picture, byte for byte.
    const again = hiddenSpace(hidden, data.n, 2, headWeights(network, task, r.weights), 20);
    expect(Buffer.from(again.xy.buffer).equals(Buffer.from(space.xy.buffer))).toBe(true);
  });

  it('a wider last layer goes through PCA, and the line is where the head’s logits tie on that plane', () => {
    const rows = gaussian(300, [1, 2, 0.5], 5);
    const kernel = [1, -1, 0.5, 0.2, -0.3, 0.3];
    const bias = [0.1, -0.2];
    const s = hiddenSpace(rows, 300, 3, { kernel, bias }, 8);
    expect(s.projection.method).toBe('pca');
    const { mean, axes } = s.projection;
    if (!s.line) throw new Error('line expected');
    // A point of the plane on the line maps back to a hidden vector whose two logits are equal.
    const u = 0.37;
    const v = -(s.line.a * u + s.line.c) / s.line.b;
    const h = [0, 1, 2].map((j) => mean[j] + u * axes[j] + v * axes[3 + j]);
    const z0 = h[0] * kernel[0] + h[1] * kernel[2] + h[2] * kernel[4] + bias[0];
    const z1 = h[0] * kernel[1] + h[1] * kernel[3] + h[2] * kernel[5] + bias[1];
    expect(z1 - z0).toBeCloseTo(0, 9);
  });
});
