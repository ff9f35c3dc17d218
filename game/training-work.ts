/**
 * The training work a recipe declares, bounded by the round's rules (issue 8, finding 1: a legal
 * 8×16 gelu highway at batch 1 for 200 epochs, 80,000 steps, held the only replay worker for
 * 540 s). The server replays every submission, so what a player may declare is what the server
 * must be able to redo in seconds.
 *
 * The rule: work = steps × (parameters + 1,000), where parameters are `workParams` (conv weights
 * count once per output pixel), steps = epochs × ⌈trainSize / batchSize⌉.
 * A tfjs step costs a fixed overhead (about 1 ms, ≈ 1,000 parameter-updates) plus time that grows
 * with the parameters; measured on wasm here, one unit of work is about 1 µs (0.5 µs on large
 * dense layers). The default budget, 10,000,000, is about 10 s of replay at worst; "Digits" allows
 * 25,000,000 for its larger, more efficient matrices (about 12 s). Pure.
 */
import { layerShapes } from './conv-shape';
import { weightManifest } from './manifest';
import type { NetworkSpec, TaskShape, TrainingSpec } from './spec';
import { isConvLayer } from './spec';

/**
 * The parameter-equivalents of a network for the work rule: its parameter count, except that a
 * conv layer's weights count once per output pixel of its convolution (each is used there: a
 * conv layer's multiply-adds per row), so a net with few shared weights over a big picture is
 * not replayed for free. Equals `paramCount` for dense nets. Pure; throws as `weightManifest`.
 * @example workParams(convDigits, taskShape('digits')) // 80·64 + … for conv 8 3×3 same on 8×8
 */
export function workParams(network: NetworkSpec, task: TaskShape): number {
  const shapes = layerShapes(network, task);
  let total = 0;
  for (const e of weightManifest(network, task)) {
    const layer = e.layer > 0 ? network.layers[e.layer - 1] : null;
    const conv = layer && isConvLayer(layer) ? shapes[e.layer - 1].conv : null;
    total += conv && conv.kind === 'image' ? e.size * conv.height * conv.width : e.size;
  }
  return total;
}

/** Parameter-equivalents of the fixed cost of one optimiser step. */
export const STEP_OVERHEAD_PARAMS = 1_000;

/** The budget when a round's rules set none. */
export const DEFAULT_MAX_TRAINING_WORK = 10_000_000;

/**
 * Optimiser steps of a recipe: epochs × ⌈trainSize / batchSize⌉ (the last batch may be smaller).
 * @example trainingSteps(400, { batchSize: 1, epochs: 200 }) // 80000
 */
export function trainingSteps(trainSize: number, training: Pick<TrainingSpec, 'batchSize' | 'epochs'>): number {
  return training.epochs * Math.ceil(trainSize / Math.max(1, training.batchSize));
}

/**
 * The declared work of a recipe, in parameter-steps.
 * @example trainingWork(4_546, 400, { batchSize: 1, epochs: 200 }) // 443_680_000
 */
export function trainingWork(params: number, trainSize: number, training: Pick<TrainingSpec, 'batchSize' | 'epochs'>): number {
  return trainingSteps(trainSize, training) * (params + STEP_OVERHEAD_PARAMS);
}

/**
 * The round's budget: `rules.maxTrainingWork`, else the default.
 * @example trainingWorkBudget({}) // 10000000
 */
export function trainingWorkBudget(rules: { maxTrainingWork?: number }): number {
  return rules.maxTrainingWork ?? DEFAULT_MAX_TRAINING_WORK;
}

/**
 * The most epochs a recipe may declare within the budget (at least 1; a bot or the builder can
 * clamp to it). `params`: the network's `workParams`.
 * @example maxEpochsForWork(4_546, 400, 1, 10_000_000) // 4
 */
export function maxEpochsForWork(params: number, trainSize: number, batchSize: number, budget: number): number {
  const perEpoch = trainingWork(params, trainSize, { batchSize, epochs: 1 });
  return Math.max(1, Math.floor(budget / perEpoch));
}

/**
 * The most float32 values a conv net's im2col patches may hold in one tfjs training step (2^25,
 * 128 MiB): the server replays wasm and cpu submissions with exactly the declared batch.
 */
export const MAX_CONV_STEP_FLOATS = 2 ** 25;

/**
 * Values a conv net's training step holds per row: for each conv layer, output pixels × k·k·c (the
 * tfjs path's im2col window, game/model-conv.ts), output pixels × c for its 1×1 shortcut paths,
 * and 8 × output pixels × f for the feature maps both engines keep (z, activations, gradients…).
 * 0 for a dense net. Pure; throws as `layerShapes`.
 * @example convPatchFloats(c1Net, taskShape('digits')) // 64 · 9 + 8 · 64 · 8 = 4,672
 */
export function convPatchFloats(network: NetworkSpec, task: TaskShape): number {
  const shapes = layerShapes(network, task);
  let total = 0;
  network.layers.forEach((layer, i) => {
    const { input, conv } = shapes[i];
    if (!isConvLayer(layer) || input.kind !== 'image' || conv.kind !== 'image') return;
    const pixels = conv.height * conv.width;
    total += pixels * layer.kernel * layer.kernel * input.channels + 8 * pixels * layer.filters;
    if (i > 0 && network.shortcut !== 'none' && isConvLayer(network.layers[i - 1])) total += pixels * input.channels;
  });
  return total;
}
