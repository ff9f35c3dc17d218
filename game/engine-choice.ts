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
 * Measured after the js engine's speed work (issue 7; js ÷ wasm examples/s, Node and Chromium page,
 * ranges over runs on a shared machine): N3 4×64 b10 (≈128k) 3.5–6×; N4 6×8 b250 (≈100k) 1.6–8×;
 * R3 digits 2×128 b64 (≈1.6M) 0.9–2× in all but one run (4.1×). So the crossover now lies at or a
 * little above R3's 10⁶; the rule keeps js up to 250,000 (every preset's net), and R3-sized nets,
 * where the two are within the noise of each other, stay on wasm.
 *
 * Conv nets (issue 12) have their own threshold, JS_MAX_CONV_WORK_PER_STEP: tfjs runs a
 * convolution as a gather (im2col) plus matMuls and a second gather for the input gradient
 * (game/model-conv.ts), about 15 kernels per conv layer per step, while the js engine loops over
 * the taps directly. Measured (Node, same run, `npm run bench:train`): C1 digits conv8 + dense32
 * b32 (work ≈ 306k) js 1.2× wasm, 5.7× cpu; C2 strokes 2×conv8 b32 (≈ 1.05M) js 2.8× wasm. wasm's
 * share grows with the size, so the rule keeps js up to 4,000,000 and takes wasm beyond.
 *
 * The decision-boundary grid (`gridEngine`), 100×100, after the js engine's speed work: tfjs wasm's
 * SIMD kernels are 3–5× faster than js for N3 (4×64 tanh) and the relu nets; for the small tanh nets
 * (N1, N2) the two are at parity (js ÷ wasm time 0.8–1.2 best of 20, 1.0–2.5 mean of 10 in the
 * bench page under load: tfjs wasm's tanh is a slow per-element kernel, js allocates per call). js
 * is 2–5× faster than tfjs cpu for every net. So the grid runs on wasm or webgl when the net trains
 * there; a js run uses wasm when it is already loaded in the worker, and js otherwise (it never
 * loads tfjs just to draw a picture); a cpu run uses js.
 */
import { paramCount } from './manifest';
import { workParams } from './training-work';
import type { Backend, NetworkSpec, TaskShape } from './spec';
import { isConvLayer } from './spec';

export const JS_MAX_WORK_PER_STEP = 250_000;
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
 * The engine that draws a net's decision grid (see the rule above).
 * @example gridEngine('js', new Set()) // 'js'; gridEngine('js', new Set(['wasm'])) // 'wasm'
 */
export function gridEngine(trainedOn: Backend, loaded: ReadonlySet<Backend>): Backend {
  if (trainedOn === 'wasm' || trainedOn === 'webgl') return trainedOn;
  // A cpu run must not switch tfjs's global backend mid-training (it would change the bits).
  if (trainedOn === 'cpu') return 'js';
  return loaded.has('wasm') ? 'wasm' : 'js';
}
