/**
 * Affine kernel benchmark (`npm run bench:affine`): µs of process CPU time per dense product of the
 * js engine, affine.ts's TypeScript loops (a plain arena, the baseline) beside the WebAssembly
 * f64x2 kernel (a kernel arena) in the same run, for the shapes of N1, N2, N3 and R3's layers:
 * forward (z = h·W + b) and backward (db, dW = hᵀ·dz, dh = dz·Wᵀ). Checks first that both give
 * the same bits. Then tanh layers' activation: activations.ts's loops (with the slope tally, and
 * the backward pass with its signal sum) beside the kernel's `tanh_rows` and `tanh_back_sq`.
 * Best of BENCH_RUNS (default 5) batches after a warm-up. Figures only.
 */
import { activateTally, activationBackwardSq } from '../../game/engine/activations';
import { affineBackward, affineForward } from '../../game/engine/affine';
import { Arena } from '../../game/engine/arena';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const CALLS = 2000;

const SHAPES = [
  { name: 'N1 2→4, batch 10', rows: 10, din: 2, u: 4 },
  { name: 'N2 2→8, batch 10', rows: 10, din: 2, u: 8 },
  { name: 'N2 8→8, batch 10', rows: 10, din: 8, u: 8 },
  { name: '4→16, batch 16', rows: 16, din: 4, u: 16 },
  { name: 'N5 16→16, batch 16', rows: 16, din: 16, u: 16 },
  { name: 'N3 64→64, batch 10', rows: 10, din: 64, u: 64 },
  { name: 'R3 128→128, batch 64', rows: 64, din: 128, u: 128 },
];

/** The buffers of one product on one arena, filled with the same values on every arena. */
function buffers(arena: Arena, rows: number, din: number, u: number): Record<'h' | 'w' | 'z' | 'dz' | 'grad' | 'dh', Float64Array> {
  arena.scratch = arena.alloc(din * Math.max(rows, u));
  const b = {
    h: arena.alloc(rows * din),
    w: arena.alloc(din * u + u),
    z: arena.alloc(rows * u),
    dz: arena.alloc(rows * u),
    grad: arena.alloc(din * u + u),
    dh: arena.alloc(rows * din),
  };
  for (const a of [b.h, b.w, b.dz]) for (let i = 0; i < a.length; i++) a[i] = Math.sin(i * 0.7 + a.length);
  return b;
}

/** Least CPU µs per call over RUNS batches of CALLS calls. */
function bestMicros(fn: () => void): number {
  for (let i = 0; i < CALLS; i++) fn();
  let min = Number.POSITIVE_INFINITY;
  for (let r = 0; r < RUNS; r++) {
    const c = process.cpuUsage();
    for (let i = 0; i < CALLS; i++) fn();
    const d = process.cpuUsage(c);
    min = Math.min(min, (d.user + d.system) / CALLS);
  }
  return min;
}

const rows: string[] = [];
for (const { name, rows: n, din, u } of SHAPES) {
  const shape = { din, u, g: 1 };
  const doubles = 4 * (n * din + n * u + din * u + u) + din * Math.max(n, u) + 64;
  const runs = [Arena.plain(), Arena.withKernel(doubles, { minWork: 0 })].map((arena) => {
    const b = buffers(arena, n, din, u);
    const fwd = (): void => affineForward(arena, shape, b.h, b.w, 0, din * u, b.z, n);
    const bwd = (): void => affineBackward(arena, shape, b.h, b.dz, b.w, 0, din * u, b.grad, b.dh, 'overwrite', n);
    fwd();
    bwd();
    return { b, fwd: bestMicros(fwd), bwd: bestMicros(bwd) };
  });
  const [loops, kernel] = runs;
  const same = (['z', 'grad', 'dh'] as const).every((k) => loops.b[k].every((v, i) => Object.is(v, kernel.b[k][i])));
  if (!same) throw new Error(`${name}: the kernel's bits differ from the loops'`);
  rows.push(
    `| ${name} | ${loops.fwd.toFixed(2)} / ${kernel.fwd.toFixed(2)} | ${(loops.fwd / kernel.fwd).toFixed(2)}× | ` +
      `${loops.bwd.toFixed(2)} / ${kernel.bwd.toFixed(2)} | ${(loops.bwd / kernel.bwd).toFixed(2)}× |`,
  );
}
process.stdout.write(
  `Dense products, CPU µs per call, affine.ts loops / WebAssembly kernel (same bits checked), best of ${RUNS}×${CALLS}\n\n` +
    '| product | forward µs | kernel speed-up | backward µs | kernel speed-up |\n| --- | ---: | ---: | ---: | ---: |\n' +
    `${rows.join('\n')}\n`,
);

const TANH_SHAPES = [
  { name: 'N2 10×8', rows: 10, u: 8 },
  { name: 'N3 10×64', rows: 10, u: 64 },
  { name: 'N4 250×8', rows: 250, u: 8 },
];
const tanhRows: string[] = [];
for (const { name, rows: n, u } of TANH_SHAPES) {
  const arena = Arena.withKernel(8 * n * u + 2 * u);
  const k = arena.kernel;
  if (k === null) throw new Error('no WebAssembly SIMD here');
  const [z, a, plainA, aux, da, dz, plainDz] = Array.from({ length: 7 }, () => arena.alloc(n * u));
  for (let i = 0; i < z.length; i++) {
    z[i] = 1.5 * Math.sin(i * 0.37); // both of tanh's paths, as a trained layer's z takes them
    da[i] = Math.sin(i * 0.11);
  }
  const slope = arena.alloc(u);
  const tally = { slope: new Float64Array(u), active: new Float64Array(u) };
  const loopsFwd = bestMicros(() => activateTally('tanh', z, plainA, aux, n, u, tally, 1));
  const kernelFwd = bestMicros(() => k.tanh_rows(z.byteOffset, a.byteOffset, slope.byteOffset, n, u, 1, arena.expTable));
  const loopsBwd = bestMicros(() => activationBackwardSq('tanh', z, plainA, aux, da, plainDz, n * u));
  const kernelBwd = bestMicros(() => k.tanh_back_sq(a.byteOffset, da.byteOffset, dz.byteOffset, n * u));
  if (!a.every((v, i) => Object.is(v, plainA[i])) || !dz.every((v, i) => Object.is(v, plainDz[i]))) {
    throw new Error(`${name}: the kernel's tanh bits differ from the loops'`);
  }
  tanhRows.push(
    `| ${name} | ${loopsFwd.toFixed(2)} / ${kernelFwd.toFixed(2)} | ${(loopsFwd / kernelFwd).toFixed(2)}× | ` +
      `${loopsBwd.toFixed(2)} / ${kernelBwd.toFixed(2)} | ${(loopsBwd / kernelBwd).toFixed(2)}× |`,
  );
}
process.stdout.write(
  `\ntanh layers, CPU µs per call, activations.ts loops / WebAssembly kernel (same bits checked), best of ${RUNS}×${CALLS}\n\n` +
    '| values | forward + tally µs | kernel speed-up | backward + signal sum µs | kernel speed-up |\n| --- | ---: | ---: | ---: | ---: |\n' +
    `${tanhRows.join('\n')}\n`,
);
