/**
 * The js engine's pictures on the float32 SIMD kernel (game/engine/grid-kernel): the committed
 * bytes are the assembled source, its tanh and σ are within their stated error of Math's, and the
 * grid and per-neuron pictures agree with the float64 engine for every activation, shortcut,
 * grouping and head size, also when nets of different sizes share the kernel's memory.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { assembleWat } from '../../scripts/assemble-wat';
import { GRID_KERNEL_BASE64 } from '../../game/engine/grid-kernel/grid-kernel-bytes';
import { gridKernel, gridKernelAvailable } from '../../game/engine/grid-kernel/kernel';
import { pictureForward } from '../../game/engine/grid-kernel/picture-forward';
import { SimdForward } from '../../game/engine/grid-kernel/simd-forward';
import { EngineForward } from '../../game/engine/predict';
import { initWeights } from '../../game/init';
import { ACTIVATIONS, type NetworkSpec } from '../../game/spec';
import { mlp } from './fixtures/nets';

const GRID = { xMin: -1.5, xMax: 1.5, yMin: -1.5, yMax: 1.5, res: 37 };

/** Max |a − b| over two equal-length arrays. */
function maxGap(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let gap = 0;
  for (let i = 0; i < a.length; i++) gap = Math.max(gap, Math.abs(a[i] - b[i]));
  return gap;
}

/** Checks the SIMD pictures against the float64 engine's; weights scaled up so units saturate. */
function expectSamePictures(network: NetworkSpec, classes: number, seed = 3): void {
  const task = { inputDim: 2, classes };
  const weights = initWeights(network, task, seed).map((w) => w * 2);
  const exact = new EngineForward(network, task, weights);
  const simd = new SimdForward(network, task, weights);
  const a = exact.hiddenGrid(GRID);
  const b = simd.hiddenGrid(GRID);
  expect(maxGap(a.probs, b.probs)).toBeLessThan(5e-5);
  a.layers.forEach((units, k) => expect(maxGap(units, b.layers[k])).toBeLessThan(1e-4 * (1 + Math.max(...units.map(Math.abs)))));
  const g = simd.grid(GRID);
  expect(Array.from(g.probs)).toEqual(Array.from(b.probs));
  const e = exact.grid(GRID);
  // Labels agree wherever the float64 margin between the top two classes is not within float32 noise.
  for (let i = 0; i < e.labels.length; i++) {
    const row = Array.from(e.probs.subarray(i * classes, (i + 1) * classes)).sort((x, y) => y - x);
    if (row[0] - row[1] > 1e-4) expect(g.labels[i]).toBe(e.labels[i]);
  }
}

describe('the SIMD grid kernel', () => {
  it('is the assembled grid-kernel.wat (run `npm run build:grid-kernel` after editing it)', async () => {
    const source = await readFile(path.resolve(__dirname, '../../game/engine/grid-kernel/grid-kernel.wat'), 'utf8');
    const bytes = await assembleWat('grid-kernel.wat', source);
    expect(Buffer.from(bytes).toString('base64')).toBe(GRID_KERNEL_BASE64);
    expect(bytes.length).toBeLessThan(4096); // Chromium compiles at most 4 KB synchronously on the main thread
  });

  it('runs here (Node 20 has WebAssembly SIMD)', () => {
    expect(gridKernelAvailable()).toBe(true);
  });

  it('has tanh within 3.3e-7 and σ within 2.3e-7 of Math over a dense sweep of [−20, 20]', () => {
    const n = 400_000;
    const k = gridKernel(n * 4 * 2);
    const f = new Float32Array(k.memory.buffer);
    const xs = Float32Array.from({ length: n }, (_, i) => -20 + (40 * i) / n);
    f.set(xs, 0);
    f.set(xs, n);
    k.squash(0, n, 1, 1, 0);
    k.squash(n * 4, n, 0.5, 0.5, 0.5);
    let tanhGap = 0;
    let sigmoidGap = 0;
    for (let i = 0; i < n; i++) {
      tanhGap = Math.max(tanhGap, Math.abs(f[i] - Math.tanh(xs[i])));
      sigmoidGap = Math.max(sigmoidGap, Math.abs(f[n + i] - 1 / (1 + Math.exp(-xs[i]))));
    }
    expect(tanhGap).toBeLessThan(3.3e-7);
    expect(sigmoidGap).toBeLessThan(2.3e-7);
    expect(tanhGap).toBeGreaterThan(0); // a float32 fit, not Math.tanh
  });

  it.each(ACTIVATIONS.map((a) => [a]))('draws %s nets as the float64 engine does, with 2 and 3 classes', (activation) => {
    expectSamePictures(mlp(2, 5, activation), 2);
    expectSamePictures(mlp(3, 6, activation), 3);
  });

  it('draws residual and highway nets, with projections, and grouped layers', () => {
    const widening: NetworkSpec = {
      layers: [
        { units: 6, activation: 'tanh', groups: 2 },
        { units: 12, activation: 'relu', groups: 3 },
        { units: 12, activation: 'gelu', groups: 4 },
        { units: 9, activation: 'sigmoid', groups: 1 },
      ],
      shortcut: 'residual',
    };
    expectSamePictures(widening, 2);
    expectSamePictures({ ...widening, shortcut: 'highway' }, 3);
    expectSamePictures(mlp(8, 16, 'sigmoid', 'residual'), 2);
    const grouped = mlp(3, 64, 'tanh', 'highway', 8);
    expectSamePictures({ ...grouped, layers: [{ ...grouped.layers[0], groups: 1 }, ...grouped.layers.slice(1)] }, 2);
  });

  it('gives each net its own pictures when nets of different sizes take turns in the shared memory', () => {
    const task = { inputDim: 2, classes: 2 };
    const big = mlp(3, 64, 'relu', 'residual');
    const small: NetworkSpec = { layers: [{ units: 4, activation: 'tanh', groups: 1 }, { units: 6, activation: 'tanh', groups: 1 }], shortcut: 'residual' };
    const bigDrawer = new SimdForward(big, task, initWeights(big, task, 1));
    const smallDrawer = new SimdForward(small, task, initWeights(small, task, 2));
    const alone = Array.from(smallDrawer.grid(GRID).probs);
    bigDrawer.grid(GRID);
    expect(Array.from(smallDrawer.grid(GRID).probs)).toEqual(alone);
    expect(maxGap(alone, new EngineForward(small, task, initWeights(small, task, 2)).grid(GRID).probs)).toBeLessThan(5e-5);
  });

  it('reads live float64 weights on every picture, and is what js nets draw with (the float64 engine for conv nets)', () => {
    const network = mlp(2, 8, 'tanh');
    const task = { inputDim: 2, classes: 2 };
    const live = Float64Array.from(initWeights(network, task, 5));
    const drawer = pictureForward(network, task, live);
    expect(drawer).toBeInstanceOf(SimdForward);
    const before = Array.from(drawer.grid(GRID).probs);
    for (let i = 0; i < live.length; i++) live[i] = -live[i];
    expect(Array.from(drawer.grid(GRID).probs)).not.toEqual(before);
    const conv: NetworkSpec = {
      layers: [{ type: 'conv', filters: 2, kernel: 3, stride: 1, padding: 'same', activation: 'relu', groups: 1, pool: 'none' }],
      shortcut: 'none',
    };
    expect(pictureForward(conv, { inputDim: 16, classes: 2, image: { height: 4, width: 4, channels: 1 } }, initWeights(conv, { inputDim: 16, classes: 2, image: { height: 4, width: 4, channels: 1 } }, 1))).toBeInstanceOf(EngineForward);
  });
});
