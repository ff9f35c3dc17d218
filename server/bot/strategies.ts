/**
 * How a bot picks its network and training for a round. Every pick is checked with the round's own
 * rules (`checkSubmission`), and shrunk until it passes, so a bot never burns a submission on a
 * RULE_VIOLATION. All draws go through game/rng, so a bot's picks are reproducible from its seed.
 */
import { maxEpochsForWork, trainingWorkBudget, workParams } from '../../game/training-work';
import { createRng, deriveSeed, permutation, type Rng } from '../../game/rng';
import { checkSubmission, convAllowed, type RoundRules } from '../../game/rules';
import type { Activation, NetworkSpec, Shortcut, TaskShape, TrainingSpec } from '../../game/spec';
import { layerWidth } from '../../game/spec';

type Rules = RoundRules;

export const STRATEGIES = ['random', 'baseline', 'sweep'] as const;
export type Strategy = (typeof STRATEGIES)[number];

export interface Pick {
  network: NetworkSpec;
  training: TrainingSpec;
  params: number;
}

export interface PickContext {
  rules: Rules;
  task: TaskShape;
  /** 0-based index of the bot in its group; sweep bot i takes grid point i. */
  botIndex: number;
  /** The group's base seed (CLI `--seed`). */
  seed: number;
  /** Distinguishes rounds (and repeated submissions) so a bot does not repeat itself. */
  salt: string;
}

// Activations a bot prefers when the round allows them, best first for small nets.
const PREFERRED: Activation[] = ['tanh', 'relu', 'gelu', 'swish', 'elu', 'leaky_relu', 'selu', 'softplus', 'sigmoid', 'linear'];
const WIDTHS = [4, 8, 16, 32];

function prefer(allowed: readonly Activation[]): Activation {
  return PREFERRED.find((a) => allowed.includes(a)) ?? allowed[0];
}

function shortcutOr(rules: Rules, wanted: Shortcut): Shortcut {
  return rules.allowedShortcuts.includes(wanted) ? wanted : rules.allowedShortcuts[0];
}

function epochsFor(rules: Rules, wanted: number): number {
  return Math.max(1, Math.min(rules.maxEpochs, wanted));
}

function batchFor(rules: Rules, wanted: number): number {
  return Math.max(1, Math.min(rules.trainSize, wanted));
}

/** Depth clamped into the round's [minLayers, maxLayers] ("Too deep to train" sets a minimum). */
function clampDepth(rules: Rules, depth: number): number {
  return Math.max(rules.minLayers ?? 1, Math.min(rules.maxLayers, depth));
}

function uniformNet(depth: number, units: number, activation: Activation, shortcut: Shortcut): NetworkSpec {
  return { layers: Array.from({ length: depth }, () => ({ units, activation, groups: 1 })), shortcut };
}

/**
 * Returns the first candidate that the round's rules accept, else shrinks the last one (fewer
 * layers, then fewer units) until one passes. Throws only if even a 1-unit single layer breaks
 * the rules, which no valid round does.
 */
function firstValid(candidates: Pick['network'][], training: TrainingSpec, ctx: PickContext): Pick {
  const tryOne = (network: NetworkSpec): Pick | null => {
    // Fewer epochs rather than a smaller net when the recipe would exceed the round's work budget.
    let fitted = training;
    try {
      const params = workParams(network, ctx.task);
      const most = maxEpochsForWork(params, ctx.rules.trainSize, training.batchSize, trainingWorkBudget(ctx.rules));
      fitted = { ...training, epochs: Math.min(training.epochs, most) };
    } catch {
      // A structurally invalid candidate: checkSubmission says so below.
    }
    const r = checkSubmission(network, fitted, ctx.rules, ctx.task);
    return r.ok ? { network: r.network, training: r.training, params: r.params } : null;
  };
  for (const c of candidates) {
    const ok = tryOne(c);
    if (ok) return ok;
  }
  const minDepth = ctx.rules.minLayers ?? 1;
  let net = candidates[candidates.length - 1];
  while (true) {
    const depth = net.layers.length;
    const units = Math.max(...net.layers.map(layerWidth));
    if (depth <= minDepth && units === 1) break;
    net =
      depth > minDepth
        ? { ...net, layers: net.layers.slice(0, depth - 1) }
        : uniformNet(depth, Math.max(1, Math.floor(units / 2)), net.layers[0].activation, net.shortcut);
    net = { ...net, layers: net.layers.map((l) => ({ ...l, groups: 1 })) };
    const ok = tryOne(net);
    if (ok) return ok;
  }
  throw new Error('no network fits this round\'s rules');
}

/**
 * Conv candidates for an image round that allows them (issue 12), best first: one or two conv
 * layers of 3×3 `same` kernels with a 2×2 max pool, then the softmax head (or a small dense layer).
 */
function convCandidates(ctx: PickContext, act: Activation, filters: number, shortcut: Shortcut): NetworkSpec[] {
  if (!ctx.task.image || !convAllowed(ctx.rules)) return [];
  const f = Math.max(1, Math.min(filters, ctx.rules.maxUnits));
  const conv = (pool: 'max' | 'none') => ({ type: 'conv' as const, filters: f, kernel: 3 as const, stride: 1 as const, padding: 'same' as const, activation: act, groups: 1, pool });
  const dense = { units: Math.min(16, ctx.rules.maxUnits), activation: act, groups: 1 };
  return [
    { layers: [conv('max'), conv('max')], shortcut },
    { layers: [conv('max'), dense], shortcut },
    { layers: [conv('max')], shortcut },
  ];
}

function baseline(ctx: PickContext, rng: Rng): Pick {
  const { rules } = ctx;
  const act = prefer(rules.allowedActivations);
  const depth = clampDepth(rules, 2);
  const training: TrainingSpec = {
    optimizer: 'adam',
    learningRate: 0.03,
    batchSize: batchFor(rules, 32),
    epochs: epochsFor(rules, 40),
    l2: 0,
    seed: rng.uint32(),
  };
  const units = Math.min(16, rules.maxUnits);
  const relu = rules.allowedActivations.includes('relu') ? 'relu' : act;
  return firstValid(
    [...convCandidates(ctx, relu, 8, shortcutOr(rules, 'none')), uniformNet(depth, units, act, shortcutOr(rules, 'none')), uniformNet(depth, Math.min(8, units), act, shortcutOr(rules, 'none'))],
    training,
    ctx,
  );
}

function divisorsUpTo(n: number, max: number): number[] {
  const out: number[] = [];
  for (let d = 1; d <= Math.min(n, max); d++) if (n % d === 0) out.push(d);
  return out;
}

function randomPick(ctx: PickContext, rng: Rng): Pick {
  const { rules, task } = ctx;
  const pickOf = <T>(xs: readonly T[]): T => xs[rng.int(xs.length)];
  const candidates: NetworkSpec[] = [];
  for (let attempt = 0; attempt < 6; attempt++) {
    const lo = clampDepth(rules, 1);
    const depth = lo + rng.int(clampDepth(rules, Math.max(lo, 4)) - lo + 1);
    const widths = WIDTHS.filter((w) => w <= rules.maxUnits);
    const units = widths.length ? pickOf(widths) : rules.maxUnits;
    const activation = pickOf(rules.allowedActivations);
    const shortcut = pickOf(rules.allowedShortcuts);
    let prev = task.inputDim;
    const layers = Array.from({ length: depth }, () => {
      // Groups must divide the layer's input and output widths (and stay within the rules).
      const options = divisorsUpTo(units, rules.maxGroups).filter((g) => prev % g === 0);
      const groups = rng.next() < 0.3 ? pickOf(options) : 1;
      prev = units;
      return { units, activation, groups };
    });
    candidates.push({ layers, shortcut });
  }
  // Image rounds: half the random bots put conv layers first.
  // (Only there: the random stream of other rounds stays as it was.)
  if (task.image && convAllowed(rules) && rng.next() < 0.5) candidates.unshift(...convCandidates(ctx, pickOf(rules.allowedActivations), pickOf([4, 8, 16]), pickOf(rules.allowedShortcuts)));
  const optimizer = pickOf(['adam', 'adam', 'momentum', 'sgd'] as const);
  const lr = optimizer === 'adam' ? 0.003 * 10 ** rng.uniform(0, 1.3) : 0.03 * 10 ** rng.uniform(0, 1);
  const training: TrainingSpec = {
    optimizer,
    learningRate: Number(lr.toPrecision(3)),
    batchSize: batchFor(rules, pickOf([16, 32, 64])),
    epochs: epochsFor(rules, 10 + rng.int(41)),
    l2: pickOf([0, 0, 0.0001, 0.001]),
    seed: rng.uint32(),
  };
  return firstValid(candidates, training, ctx);
}

/**
 * The sweep grid, filtered by the round's rules, in a fixed shuffled order so that any first few
 * bots already spread over every dimension.
 */
export function sweepGrid(rules: Rules, seed: number): NetworkSpec[] {
  const acts = PREFERRED.filter((a) => rules.allowedActivations.includes(a)).slice(0, 3);
  const grid: NetworkSpec[] = [];
  const lo = clampDepth(rules, 1);
  const depths = [...new Set([lo, lo + 1, lo + 2, lo + 3].map((d) => clampDepth(rules, d)))];
  for (const depth of depths) {
    for (const units of [4, 8, 16].filter((u) => u <= rules.maxUnits)) {
      for (const act of acts) {
        for (const shortcut of rules.allowedShortcuts) {
          // Shortcuts only change nets of depth 2 or more: skip duplicates of depth 1.
          if (depth === 1 && shortcut !== rules.allowedShortcuts[0]) continue;
          grid.push(uniformNet(depth, units, act, shortcut));
        }
      }
    }
  }
  if (grid.length === 0) grid.push(uniformNet(lo, Math.min(4, rules.maxUnits), acts[0] ?? rules.allowedActivations[0], rules.allowedShortcuts[0]));
  const order = permutation(grid.length, createRng(deriveSeed(seed, 'sweep')));
  return Array.from(order, (k) => grid[k]);
}

function sweep(ctx: PickContext, rng: Rng): Pick {
  const grid = sweepGrid(ctx.rules, ctx.seed);
  const net = grid[ctx.botIndex % grid.length];
  // Fixed training, so the scores differ only by architecture: that is what the insights explain.
  const training: TrainingSpec = {
    optimizer: 'adam',
    learningRate: 0.02,
    batchSize: batchFor(ctx.rules, 32),
    epochs: epochsFor(ctx.rules, 40),
    l2: 0,
    seed: rng.uint32(),
  };
  return firstValid([net], training, ctx);
}

/**
 * Picks a network and training for one submission, within the round's rules.
 * Pure: the same context gives the same pick.
 * @example pickSubmission('baseline', { rules, task: { inputDim: 2, classes: 2 }, botIndex: 0, seed: 1, salt: 'round-1' })
 */
export function pickSubmission(strategy: Strategy, ctx: PickContext): Pick {
  const rng = createRng(deriveSeed(ctx.seed, `bot:${ctx.botIndex}:${strategy}:${ctx.salt}`));
  if (strategy === 'baseline') return baseline(ctx, rng);
  if (strategy === 'sweep') return sweep(ctx, rng);
  return randomPick(ctx, rng);
}
