/**
 * Which engine the builder trains a net on when the player leaves it on "auto", and why, by the
 * rule measured with `npm run bench:train` on this code (README "Benchmarks"):
 *
 *   work per step = batch size × parameters   (≈ multiply-adds of one forward pass of a batch)
 *   where a conv layer's weights count once per output pixel (`workParams`, training-work.ts):
 *   that is its multiply-adds per row, so dense and conv nets are compared on the same arithmetic
 *   work ≤ JS_MAX_WORK_PER_STEP → js    tfjs pays ~0.3 ms of dispatch per step whatever the size,
 *                                        which dominates small steps; js pays only the arithmetic
 *   work >  JS_MAX_WORK_PER_STEP → wasm  big matrix products: wasm's SIMD float32 kernels win
 *
 * Measured with the affine kernel (game/engine/affine-kernel: the dense products in WebAssembly
 * SIMD) by `npm run bench:crossover` (js ÷ wasm examples/s, Node CPU time, digits, relu, adam,
 * 3 Dec, two runs): 2×128 b64 (work ≈ 1.7M) 3.4–3.6×, 2×256 b32 (2.7M) 3.3–3.4×, 2×256 b128
 * (10.9M) 3.1–3.3×, 4×256 b256 (55M) 3.3–3.5×, 4×256 b1000 (217M) 2.3–2.4×, 8×256 b500 (240M)
 * 3.4–3.6×; in the Chromium page R3 (2×128 b64) 2.9–3.1×. js won at
 * every size measured, so the rule keeps js up to 250,000,000, just above the largest, and takes
 * wasm beyond, where nothing was measured (the limits allow about 4·10⁹). Before the kernel, on
 * the scalar loops, R3 was at parity (0.9–2×) and the threshold was 250,000.
 *
 * Conv nets (issue 12) have their own threshold, JS_MAX_CONV_WORK_PER_STEP: tfjs runs a
 * convolution as a gather (im2col) plus matMuls and a second gather for the input gradient
 * (game/model-conv.ts), about 15 kernels per conv layer per step, while the js engine loops over
 * the taps directly. Measured (Node, same run, `npm run bench:train`): C1 digits conv8 + dense32
 * b32 (work ≈ 306k) js 1.2× wasm, 5.7× cpu; C2 strokes 2×conv8 b32 (≈ 1.05M) js 2.8× wasm. wasm's
 * share grows with the size, so the rule keeps js up to 4,000,000 and takes wasm beyond.
 *
 * The decision-boundary grid (`gridEngine`), 100×100: plain float64 JavaScript could not match
 * tfjs wasm's SIMD there (N3 4×64 tanh: 68–177 ms against 28–60), so the js engine draws its
 * pictures with its own float32 SIMD kernel (game/engine/grid-kernel, 2 KB of WebAssembly, no
 * tfjs). Measured in one bench run (Chromium page, then Node; ms js / tfjs wasm): N1 ≈ parity,
 * N2 2.5 / 5.3, N3 16.5 / 28.2, N5 1.3 / 1.7; tfjs cpu is 10–20× slower than either. So every run
 * draws with the js kernel, wasm and cpu runs too (a picture reads the weights, whatever trained
 * them), except webgl, whose grid stays on the GPU it trains on.
 */
import { paramCount } from './manifest';
import { workParams } from './training-work';
import type { Backend, NetworkSpec, TaskShape } from './spec';
import { isConvLayer } from './spec';

export const JS_MAX_WORK_PER_STEP = 250_000_000;
/** The same threshold for nets with a conv layer (see above). */
export const JS_MAX_CONV_WORK_PER_STEP = 4_000_000;

/** What the builder shows: the engine "auto" picks, and the numbers behind it. */
export interface EngineChoice {
  backend: 'js' | 'wasm';
  /** batch × params (conv weights once per output pixel). */
  workPerStep: number;
  params: number;
  threshold: number;
}

/** A player's setting: "auto" (the rule) or an engine they chose. */
export type BackendChoice = 'auto' | Backend;
export const BACKEND_CHOICES: readonly BackendChoice[] = ['auto', 'js', 'wasm', 'webgl', 'cpu'];

/**
 * Applies the rule. Pure. A net whose groups do not divide its widths counts as 0 parameters (the
 * builder reports that error itself).
 * @example chooseEngine({ layers: [{ units: 4, activation: 'tanh', groups: 1 }], shortcut: 'none' }, { inputDim: 2, classes: 2 }, 10).backend // 'js'
 */
export function chooseEngine(network: NetworkSpec, task: TaskShape, batchSize: number): EngineChoice {
  let params = 0;
  let work = 0;
  try {
    params = paramCount(network, task);
    work = workParams(network, task);
  } catch {
    params = 0;
    work = 0;
  }
  const workPerStep = Math.max(1, batchSize) * work;
  const threshold = network.layers.some(isConvLayer) ? JS_MAX_CONV_WORK_PER_STEP : JS_MAX_WORK_PER_STEP;
  return { backend: workPerStep <= threshold ? 'js' : 'wasm', workPerStep, params, threshold };
}

/**
 * The engine a training job runs on: the player's explicit choice, or the rule's pick on "auto".
 * @example resolveBackend('auto', net, task, 10) // 'js'
 */
export function resolveBackend(choice: BackendChoice, network: NetworkSpec, task: TaskShape, batchSize: number): Backend {
  return choice === 'auto' ? chooseEngine(network, task, batchSize).backend : choice;
}

/**
 * The engine that draws a net's decision grid (see the rule above): 'js' is the js engine's SIMD
 * kernel (its float64 engine where WebAssembly SIMD is missing). It never switches tfjs's global
 * backend, which would change a cpu or wasm run's bits mid-training.
 * @example gridEngine('wasm') // 'js'; gridEngine('webgl') // 'webgl'
 */
export function gridEngine(trainedOn: Backend): Backend {
  return trainedOn === 'webgl' ? 'webgl' : 'js';
}
