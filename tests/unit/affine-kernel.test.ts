/**
 * The js engine's SIMD affine kernel (game/engine/affine-kernel): the committed bytes are the
 * assembled source, and every product it runs gives the same bits as affine.ts's loops, for odd
 * and even rows and widths, groups, with and without a bias, writing and adding the input
 * gradient; a whole network's gradient on the kernel arena is bit-identical to a plain one's.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { assembleWat } from '../../scripts/assemble-wat';
import { AFFINE_KERNEL_BASE64 } from '../../game/engine/affine-kernel/affine-kernel-bytes';
import { affineBackward, affineForward, type Accumulate } from '../../game/engine/affine';
import { activateTally, activationBackwardSq } from '../../game/engine/activations';
import { Arena } from '../../game/engine/arena';
import { tanh } from '../../game/engine/math';
import { EngineNetwork } from '../../game/engine/network';
import { initWeights } from '../../game/init';
import { datasetShape } from '../../game/train-types';
import { createRng } from '../../game/rng';
import { generateSynthetic } from '../../game/tasks/synthetic';
import { JS_CASES } from './fixtures/js-determinism-cases';

/** Fills a with values spread over several magnitudes, so sums round at every step. */
function fill(a: Float64Array, seed: number): Float64Array {
  const rng = createRng(seed);
  for (let i = 0; i < a.length; i++) a[i] = (rng.next() - 0.5) * 10 ** Math.floor(rng.next() * 6 - 3);
  return a;
}

function sameBits(a: Float64Array, b: Float64Array): boolean {
  return a.length === b.length && a.every((v, i) => Object.is(v, b[i]));
}

interface Case {
  rows: number;
  din: number;
  u: number;
  g: number;
}

/** One product on both arenas from the same inputs; returns z, grad and dh of each. */
function runBoth(c: Case, bias: boolean, dhMode: Accumulate | null, seed: number): Float64Array[][] {
  const { rows, din, u, g } = c;
  const params = (din / g) * u + u;
  return [Arena.plain(), Arena.withKernel(4 * (rows * din + rows * u) + 2 * params + 64 + din * Math.max(rows, u), { minWork: 0 })].map((arena) => {
    arena.scratch = arena.alloc(din * Math.max(rows, u));
    const h = fill(arena.alloc(rows * din), seed);
    const w = fill(arena.alloc(params), seed + 1);
    const dz = fill(arena.alloc(rows * u), seed + 2);
    const z = arena.alloc(rows * u);
    const grad = fill(arena.alloc(params), seed + 3);
    const dh = fill(arena.alloc(rows * din), seed + 4);
    const shape = { din, u, g };
    const bOff = bias ? (din / g) * u : -1;
    affineForward(arena, shape, h, w, 0, bOff, z, rows);
    affineBackward(arena, shape, h, dz, w, 0, bOff, grad, dhMode === null ? null : dh, dhMode ?? 'overwrite', rows);
    return [z, grad, dh];
  });
}

describe('the SIMD affine kernel', () => {
  it('is the assembled affine-kernel.wat (run `npm run build:affine-kernel` after editing it)', async () => {
    const source = await readFile(path.resolve(__dirname, '../../game/engine/affine-kernel/affine-kernel.wat'), 'utf8');
    const bytes = await assembleWat('affine-kernel.wat', source);
    expect(Buffer.from(bytes).toString('base64')).toBe(AFFINE_KERNEL_BASE64);
    expect(bytes.length).toBeLessThan(4096);
  });

  it('runs here (Node 20 has WebAssembly SIMD), and a plain arena has none', () => {
    expect(Arena.withKernel(1000).kernel).not.toBeNull();
    expect(Arena.plain().kernel).toBeNull();
  });

  const cases: Case[] = [
    { rows: 10, din: 64, u: 64, g: 1 },
    { rows: 1, din: 2, u: 4, g: 1 },
    { rows: 3, din: 5, u: 7, g: 1 },
    { rows: 7, din: 4, u: 2, g: 1 },
    { rows: 16, din: 16, u: 16, g: 4 },
    { rows: 9, din: 12, u: 6, g: 3 },
    { rows: 5, din: 8, u: 10, g: 2 },
    { rows: 64, din: 64, u: 128, g: 1 },
  ];
  for (const c of cases) {
    for (const [bias, mode] of [[true, 'overwrite'], [false, 'add'], [true, null]] as const) {
      it(`gives affine.ts's bits: ${c.rows} rows, ${c.din}→${c.u}, ${c.g} groups, bias ${bias}, dh ${mode}`, () => {
        const [plain, kernel] = runBoth(c, bias, mode, c.rows * 31 + c.din);
        plain.forEach((a, i) => expect(sameBits(a, kernel[i])).toBe(true));
        // and the kernel computed something: outputs are not the initial zeros
        expect(kernel[0].some((v) => v !== 0)).toBe(true);
      });
    }
  }

  it('builds networks on a kernel arena', () => {
    const net = EngineNetwork.build(JS_CASES[0].network, { inputDim: 2, classes: 2 }, 16);
    expect(net.arena.kernel).not.toBeNull();
    expect(net.arena.holds(net.weights) && net.arena.holds(net.grad) && net.arena.holds(net.input)).toBe(true);
  });

  it('gives a whole network the same gradient bits as plain arrays, for every determinism case', () => {
    for (const jc of JS_CASES) {
      const data = generateSynthetic(jc.data.task, { seed: jc.data.seed, n: jc.data.n, noise: jc.data.noise });
      const task = datasetShape(data);
      const rows = Math.min(jc.training.batchSize, data.n);
      const w = initWeights(jc.network, task, 5);
      const order = Int32Array.from({ length: rows }, (_, i) => i);
      const grads = [new EngineNetwork(jc.network, task, rows), EngineNetwork.build(jc.network, task, rows)].map((net) => {
        net.weights.set(w);
        if (net.arena.kernel !== null) expect(net.arena.holds(net.lastHidden)).toBe(true);
        net.gather(data.x, null, 0, rows);
        net.forward(rows, net.weights);
        net.head.loss(jc.training.loss ?? 'cross_entropy', data.y, order, 0, rows, { loss: 0, correct: 0 });
        net.backward(rows, net.weights);
        return net.grad;
      });
      expect(sameBits(grads[0], grads[1]), jc.name).toBe(true);
      expect(grads[0].some((v) => v !== 0)).toBe(true);
    }
  });

  it("runs tanh with math.ts's bits, edge values included, and adds the same slope tally", () => {
    const arena = Arena.withKernel(4096);
    const k = arena.kernel;
    if (k === null) throw new Error('no kernel');
    const edges = [0, -0, NaN, Infinity, -Infinity, 0.7, -0.7, 0.6999999999999999, 20, -20, 20.5, -20.25, 40, 1e-300, 5e-324, 700, -1e300];
    const rng = createRng(11);
    const n = 1001; // odd: the last values go through the kernel's scratch
    const z = arena.alloc(n);
    const a = arena.alloc(n);
    for (let i = 0; i < n; i++) z[i] = i < edges.length ? edges[i] : (rng.next() - 0.5) * [3, 50, 1.6][i % 3];
    k.tanh_rows(z.byteOffset, a.byteOffset, -1, 1, n, 1, arena.expTable);
    expect(sameBits(a, z.map((v) => tanh(v)))).toBe(true);
    for (const u of [1, 2, 3, 5, 8]) {
      const rows = 7;
      const zz = fill(arena.alloc(rows * u), u);
      const aa = arena.alloc(rows * u);
      const slope = arena.alloc(u).fill(0.25);
      k.tanh_rows(zz.byteOffset, aa.byteOffset, slope.byteOffset, rows, u, 1, arena.expTable);
      const plain = new Float64Array(rows * u);
      const tally = { slope: new Float64Array(u).fill(0.25), active: new Float64Array(u) };
      activateTally('tanh', zz, plain, new Float64Array(rows * u), rows, u, tally, 1);
      expect(sameBits(aa, plain), `u ${u}`).toBe(true);
      expect(sameBits(slope, tally.slope), `u ${u}`).toBe(true);
    }
  });

  it("runs tanh's backward pass and its signal sum with activations.ts's bits", () => {
    const arena = Arena.withKernel(4096);
    const k = arena.kernel;
    if (k === null) throw new Error('no kernel');
    for (const n of [1, 2, 3, 4, 5, 6, 7, 80, 83]) {
      const a = fill(arena.alloc(n), n);
      for (let i = 0; i < n; i++) a[i] = tanh(a[i]);
      const da = fill(arena.alloc(n), n + 100);
      const dz = arena.alloc(n);
      const sq = k.tanh_back_sq(a.byteOffset, da.byteOffset, dz.byteOffset, n);
      const plain = new Float64Array(n);
      const plainSq = activationBackwardSq('tanh', new Float64Array(n), a, new Float64Array(n), da, plain, n);
      expect(sameBits(dz, plain), `n ${n}`).toBe(true);
      expect(Object.is(sq, plainSq), `n ${n}`).toBe(true);
    }
  });
});
