/**
 * Version 2's configuration space: each dimension of a submission as a forest feature. Numeric
 * dimensions live on the scale their values spread on (log for learning rate, width, batch size,
 * epochs, groups and l2; linear for depth and conv layers), so a partition cell's length on that
 * scale is its share of the space. Categorical dimensions keep their levels (sorted by name); a
 * cell's share there is the number of levels it holds over the number the round used.
 *
 * The space is the round's own: a numeric dimension spans [min, max] of its transformed values,
 * a categorical one the levels that occur. A dimension that does not vary is left out.
 */
import type { NetworkSpec, TrainingSpec } from '../spec';
import { isConvLayer } from '../spec';
import { summarizeNetwork } from '../summary';

export const FANOVA_DIMENSIONS = [
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
  'loss',
  'conv',
] as const;
export type FanovaDimension = (typeof FANOVA_DIMENSIONS)[number];

/** One submission as version 2 reads it; `loss` and `conv` are optional (older specs lack them). */
export interface FanovaRow {
  network: NetworkSpec;
  training: TrainingSpec;
  params: number;
  /** Accuracy on the whole hidden test set, in [0, 1]. */
  score: number;
}

export interface NumericFeature {
  kind: 'numeric';
  name: FanovaDimension;
  /** Transformed value per row. */
  x: Float64Array;
  /** Raw value per row (what the class chose). */
  raw: number[];
  lo: number;
  hi: number;
}

export interface CategoricalFeature {
  kind: 'categorical';
  name: FanovaDimension;
  /** Level index per row (into `levels`), stored as a float so trees read one array type. */
  x: Float64Array;
  /** The levels that occur, sorted by name; at most 31 (a cell's levels are a 32-bit mask). */
  levels: string[];
}

export type Feature = NumericFeature | CategoricalFeature;

/** l2 is often exactly 0; this offset puts 0 one decade below 1e-5 on the log scale. */
const L2_OFFSET = 1e-6;

type Raw = { kind: 'numeric'; value: number; transformed: number } | { kind: 'categorical'; value: string };

function optionalString(obj: object, key: string, fallback: string): string {
  const v: unknown = (obj as Record<string, unknown>)[key];
  return typeof v === 'string' ? v : fallback;
}

/** The number of conv layers (PROTOCOL.md `ConvLayer`, issue 12): 0 for a dense net. */
function convLayers(network: NetworkSpec): number {
  return network.layers.filter((l) => isConvLayer(l)).length;
}

function num(value: number, transformed: number): Raw {
  return { kind: 'numeric', value, transformed };
}

/** The value of one dimension for one row. */
export function rawValue(name: FanovaDimension, row: FanovaRow): Raw {
  const s = summarizeNetwork(row.network);
  const t = row.training;
  switch (name) {
    case 'depth':
      return num(s.depth, s.depth);
    case 'width':
      return num(s.width, Math.log2(s.width));
    case 'groups':
      return num(s.groups, Math.log2(s.groups));
    case 'activation':
      return { kind: 'categorical', value: s.activation };
    case 'shortcut':
      return { kind: 'categorical', value: s.shortcut };
    case 'optimizer':
      return { kind: 'categorical', value: t.optimizer };
    case 'loss':
      return { kind: 'categorical', value: optionalString(t, 'loss', 'cross-entropy') };
    case 'learningRate':
      return num(t.learningRate, Math.log10(t.learningRate));
    case 'batchSize':
      return num(t.batchSize, Math.log2(t.batchSize));
    case 'epochs':
      return num(t.epochs, Math.log2(t.epochs));
    case 'l2':
      return num(t.l2, Math.log10(t.l2 + L2_OFFSET));
    case 'conv':
      return num(convLayers(row.network), convLayers(row.network));
  }
}

/**
 * The features of every dimension that varies across `rows`, in `FANOVA_DIMENSIONS` order.
 * @example buildFeatures(rows).map((f) => f.name) // ['width', 'learningRate'] when only those vary
 */
export function buildFeatures(rows: readonly FanovaRow[]): Feature[] {
  const out: Feature[] = [];
  for (const name of FANOVA_DIMENSIONS) {
    const vals = rows.map((r) => rawValue(name, r));
    if (vals.length === 0) continue;
    if (vals[0].kind === 'numeric') {
      const x = new Float64Array(vals.length);
      const raw: number[] = [];
      let lo = Number.POSITIVE_INFINITY;
      let hi = Number.NEGATIVE_INFINITY;
      vals.forEach((v, i) => {
        const t = v.kind === 'numeric' ? v.transformed : 0;
        x[i] = t;
        raw.push(v.kind === 'numeric' ? v.value : 0);
        if (t < lo) lo = t;
        if (t > hi) hi = t;
      });
      if (hi > lo) out.push({ kind: 'numeric', name, x, raw, lo, hi });
    } else {
      const strs = vals.map((v) => String(v.value));
      const levels = [...new Set(strs)].sort();
      if (levels.length < 2 || levels.length > 31) continue;
      const index = new Map(levels.map((l, i) => [l, i]));
      out.push({ kind: 'categorical', name, x: Float64Array.from(strs, (s) => index.get(s) ?? 0), levels });
    }
  }
  return out;
}
