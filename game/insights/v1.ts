/**
 * "Which dimension matters?": for each dimension of the class's submissions, the share of score
 * variance its main effect explains (fANOVA-style, one dimension at a time), and its best level.
 *
 * Version 1: importance = Σ_levels n_l·(mean_l − mean)² / Σ_rows (score − mean)², in [0, 1]; 0
 * with fewer than 2 rows or no variance. A numeric dimension with at most 6 distinct values uses
 * each value as a level; with more, its values are put into 6 equal-width bins on a log2 scale
 * (0 gets its own level, e.g. l2 = 0), labelled "min–max" of the values inside. Binning keeps a
 * dimension with a distinct value per row from explaining everything by construction.
 */
import type { NetworkSpec, TrainingSpec } from '../spec';
import { summarizeNetwork } from '../summary';

/** The fold this file implements; rounds stored under it keep it (see game/insights.ts). */
export const INSIGHTS_V1 = 1 as const;

export const INSIGHT_DIMENSIONS = [
  'depth',
  'width',
  'activation',
  'shortcut',
  'groups',
  'optimizer',
  'learningRate',
  'batchSize',
  'epochs',
  'l2',
  'params',
] as const;
export type InsightDimension = (typeof INSIGHT_DIMENSIONS)[number];

export interface InsightRow {
  network: NetworkSpec;
  training: TrainingSpec;
  params: number;
  /** Accuracy on the whole hidden test set. */
  score: number;
}

export interface Insight {
  name: InsightDimension;
  /** Share of score variance explained by this dimension's main effect, in [0, 1], 4 decimals. */
  importance: number;
  /** The level with the highest mean score: a value, a bin label such as "0.001–0.03", or null without rows. */
  best: string | number | null;
}

const MAX_LEVELS = 6;

type Value = string | number;

function valueOf(name: InsightDimension, row: InsightRow): Value {
  const s = summarizeNetwork(row.network);
  switch (name) {
    case 'depth':
    case 'width':
    case 'activation':
    case 'shortcut':
    case 'groups':
      return s[name];
    case 'params':
      return row.params;
    default:
      return row.training[name];
  }
}

function fmt(v: number): string {
  return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(2)));
}

/** Assigns each row a level key and a level label/value, deterministically. */
function levels(values: Value[]): { keys: string[]; label: Map<string, Value>; order: Map<string, number> } {
  const label = new Map<string, Value>();
  // Numeric position of each level (a bin's smallest value), so "2–5" sorts before "10–20".
  const order = new Map<string, number>();
  const numeric = values.every((v) => typeof v === 'number');
  const distinct = new Set(values.map(String));
  if (!numeric || distinct.size <= MAX_LEVELS) {
    const keys = values.map(String);
    values.forEach((v, i) => {
      label.set(keys[i], v);
      order.set(keys[i], typeof v === 'number' ? v : Number.POSITIVE_INFINITY);
    });
    return { keys, label, order };
  }
  const nums = values as number[];
  const logs = nums.filter((v) => v > 0).map(Math.log2);
  const lo = Math.min(...logs);
  const hi = Math.max(...logs);
  const width = (hi - lo) / MAX_LEVELS;
  const keys = nums.map((v) => {
    if (v <= 0) return 'zero';
    return `bin${width > 0 ? Math.min(MAX_LEVELS - 1, Math.floor((Math.log2(v) - lo) / width)) : 0}`;
  });
  const range = new Map<string, [number, number]>();
  nums.forEach((v, i) => {
    const r = range.get(keys[i]);
    range.set(keys[i], r ? [Math.min(r[0], v), Math.max(r[1], v)] : [v, v]);
  });
  for (const [k, [a, b]] of range) {
    label.set(k, a === b ? a : `${fmt(a)}–${fmt(b)}`);
    order.set(k, a);
  }
  return { keys, label, order };
}

function analyse(name: InsightDimension, rows: readonly InsightRow[]): Insight {
  if (rows.length === 0) return { name, importance: 0, best: null };
  const scores = rows.map((r) => r.score);
  const { keys, label, order } = levels(rows.map((r) => valueOf(name, r)));
  const mean = scores.reduce((a, b) => a + b, 0) / scores.length;
  const total = scores.reduce((a, s) => a + (s - mean) * (s - mean), 0);
  const groups = new Map<string, { sum: number; n: number }>();
  keys.forEach((k, i) => {
    const g = groups.get(k) ?? { sum: 0, n: 0 };
    g.sum += scores[i];
    g.n += 1;
    groups.set(k, g);
  });
  // Level order is fixed (numbers ascending, then text) so ties for "best" resolve the same way everywhere.
  const ordered = [...groups.entries()].sort((a, b) => {
    const na = order.get(a[0]) ?? 0;
    const nb = order.get(b[0]) ?? 0;
    if (na !== nb) return na < nb ? -1 : 1;
    return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0;
  });
  let between = 0;
  let bestKey = ordered[0][0];
  let bestMean = Number.NEGATIVE_INFINITY;
  for (const [k, g] of ordered) {
    const m = g.sum / g.n;
    between += g.n * (m - mean) * (m - mean);
    if (m > bestMean) {
      bestMean = m;
      bestKey = k;
    }
  }
  const importance = rows.length < 2 || total <= 1e-15 ? 0 : Math.min(1, Math.max(0, between / total));
  return { name, importance: Math.round(importance * 10_000) / 10_000, best: label.get(bestKey) ?? bestKey };
}

/**
 * Computes the importance and best level of every dimension, in `INSIGHT_DIMENSIONS` order. Pure
 * and deterministic (fixed summation and level order).
 * @example computeInsights(rows).find((d) => d.name === 'activation') // { name: 'activation', importance: 0.81, best: 'relu' }
 */
export function computeInsights(rows: readonly InsightRow[]): Insight[] {
  return INSIGHT_DIMENSIONS.map((name) => analyse(name, rows));
}
