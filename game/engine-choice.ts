/**
 * Which engine the builder trains a net on when the player leaves it on "auto", and why, by the
 * rule measured with `npm run bench:train` on this code (README "Benchmarks"):
 *
 *   work per step = batch size × parameters   (≈ multiply-adds of one forward pass of a batch)
 *   work ≤ JS_MAX_WORK_PER_STEP → js    tfjs pays ~0.3 ms of dispatch per step whatever the size,
 *                                        which dominates small steps; js pays only the arithmetic
 *   work >  JS_MAX_WORK_PER_STEP → wasm  big matrix products: wasm's SIMD float32 kernels win
 *
 * Measured (Node, same run): N3 4×64 b10 (≈127k) js 2.0× wasm; N4 6×8 b250 (≈107k) js 0.84–0.97×
 * wasm; R3 digits 2×128 b64 (≈1.7M) js ≈ 1.0× wasm. The crossover lies near 10⁵–10⁶; the rule
 * picks js up to 250,000, which covers every preset's net.
 *
 * The decision-boundary grid (`gridEngine`), measured in one Chromium page (100×100 grid, best of
 * 6 and of 20 in two runs, js ÷ wasm time): tanh nets up to a few hundred parameters draw as fast or
 * faster on js ([4, 2] tanh 0.76–0.92, 6×8 tanh 0.84–0.89, 1×4 tanh 1.18: tfjs wasm's tanh is a slow
 * per-element kernel), everything else faster on wasm's SIMD kernels (3×16 tanh 1.1–1.2, 2×32 tanh
 * 1.6, 4×64 tanh 3.8; relu, sigmoid and gelu nets 1.4–4.7, even at 114 parameters). js is 1–5×
 * faster than tfjs cpu for every net. So a grid runs on js
 * for a small all-tanh net (JS_GRID_MAX_PARAMS) whatever it trained on, else on wasm when the net
 * trains there or wasm is already loaded in the worker, else on js: a js run never loads tfjs just
 * to draw a picture. webgl draws its own; a cpu run uses js (it must not switch tfjs's backend).
 */
import { paramCount } from './manifest';
import type { Backend, NetworkSpec, TaskShape } from './spec';

export const JS_MAX_WORK_PER_STEP = 250_000;

/** What the builder shows: the engine "auto" picks, and the numbers behind it. */
export interface EngineChoice {
  backend: 'js' | 'wasm';
  /** batch × params. */
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
  try {
    params = paramCount(network, task);
  } catch {
    params = 0;
  }
  const workPerStep = Math.max(1, batchSize) * params;
  return { backend: workPerStep <= JS_MAX_WORK_PER_STEP ? 'js' : 'wasm', workPerStep, params, threshold: JS_MAX_WORK_PER_STEP };
}

/**
 * The engine a training job runs on: the player's explicit choice, or the rule's pick on "auto".
 * @example resolveBackend('auto', net, task, 10) // 'js'
 */
export function resolveBackend(choice: BackendChoice, network: NetworkSpec, task: TaskShape, batchSize: number): Backend {
  return choice === 'auto' ? chooseEngine(network, task, batchSize).backend : choice;
}

/** Largest all-tanh net (parameters) whose grid js draws faster than tfjs wasm (see above). */
export const JS_GRID_MAX_PARAMS = 500;

/**
 * Whether js draws this net's grid faster than tfjs wasm: every hidden layer tanh and at most
 * JS_GRID_MAX_PARAMS parameters. Pure.
 * @example jsDrawsGridFaster({ layers: [{ units: 4, activation: 'tanh', groups: 1 }], shortcut: 'none' }, { inputDim: 2, classes: 2 }) // true
 */
export function jsDrawsGridFaster(network: NetworkSpec, task: TaskShape): boolean {
  if (!network.layers.every((l) => l.activation === 'tanh')) return false;
  let params = 0;
  try {
    params = paramCount(network, task);
  } catch {
    return false;
  }
  return params <= JS_GRID_MAX_PARAMS;
}

/**
 * The engine that draws a net's decision grid (see the rule above). Without `net`, the rule for
 * a net js does not draw faster.
 * @example gridEngine('js', new Set()) // 'js'; gridEngine('js', new Set(['wasm'])) // 'wasm'
 */
export function gridEngine(trainedOn: Backend, loaded: ReadonlySet<Backend>, net?: { network: NetworkSpec; task: TaskShape }): Backend {
  if (trainedOn === 'webgl') return trainedOn;
  // A cpu run must not switch tfjs's global backend mid-training (it would change the bits).
  if (trainedOn === 'cpu') return 'js';
  if (net && jsDrawsGridFaster(net.network, net.task)) return 'js';
  if (trainedOn === 'wasm') return 'wasm';
  return loaded.has('wasm') ? 'wasm' : 'js';
}
