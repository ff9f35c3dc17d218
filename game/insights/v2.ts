/**
 * Version 2 of "which dimension matters": a seeded random-forest fANOVA (features.ts, forest.ts,
 * fanova.ts) turned into what the class reads.
 *
 * - `dimensions`: the ten core dimensions, and `loss` and `conv` where rows have them; those
 *   the round did not vary come last with importance 0.
 * - `importance`: V_d / V averaged over the trees with any variance, `spread` its standard
 *   deviation over those trees (the uncertainty the bars show).
 * - `curve`: the forest's marginal (predicted score, mean over trees) at each value the class
 *   tried (numeric: up to 24 of them, evenly picked from the sorted distinct values) or per level.
 *   `best` is the curve's highest point, so always a value someone submitted.
 * - `interaction`: the strongest pair's own share, among the pairs of the top 5 dimensions.
 * - `stability`: the share of trees (each one a bootstrap of the rows) whose own top dimension is
 *   the forest's top dimension.
 * - `fit`: the forest's out-of-bag R².
 * - `verdict`: 'too-few-submissions' under 8 rows; else 'clear' when fit ≥ 0.1 and stability ≥
 *   0.5 (CLEAR_WINNER); else 'no-clear-winner'. Pure noise fits nothing out of bag and scatters
 *   the per-tree winners, so it fails both.
 * - `params`: the parameter count beside the decomposition (it is derived from depth, width and
 *   groups, so inside it would take credit for them): its range and Spearman correlation with score.
 */
import { isConvLayer } from '../spec';
import type { Feature, FanovaDimension, FanovaRow } from './features';
import { buildFeatures, FANOVA_DIMENSIONS, rawValue } from './features';
import { decomposeTree, marginalAt, pairVariance } from './fanova';
import type { TreeDecomposition } from './fanova';
import { fitForest, FOREST_DEFAULTS, outOfBagR2 } from './forest';
import type { ForestOptions } from './forest';

export const INSIGHTS_V2 = 2 as const;
/** Below this many rows the verdict is 'too-few-submissions' (the bars still show). */
export const FEW_SUBMISSIONS = 8;
/** The thresholds of a 'clear' verdict: out-of-bag R² and bootstrap stability. */
export const CLEAR_WINNER = { fit: 0.1, stability: 0.5 } as const;
const MAX_CURVE_POINTS = 24;
const PAIR_CANDIDATES = 5;

export type Verdict = 'clear' | 'no-clear-winner' | 'too-few-submissions';

export interface CurvePoint {
  /** The dimension's value (a number, or a level such as 'relu'). */
  value: string | number;
  /** Predicted score in [0, 1], 4 decimals. */
  score: number;
}

export interface DimensionInsight {
  name: FanovaDimension;
  kind: 'numeric' | 'categorical';
  importance: number;
  spread: number;
  best: string | number | null;
  curve: CurvePoint[];
}

export interface InsightsV2 {
  version: 2;
  /** Dimensions that vary, by importance (descending; ties in FANOVA_DIMENSIONS order), then the constant ones. */
  dimensions: DimensionInsight[];
  interaction: { dimensions: [FanovaDimension, FanovaDimension]; importance: number } | null;
  stability: number;
  fit: number;
  verdict: Verdict;
  params: { min: number; max: number; correlation: number } | null;
}

const r4 = (v: number): number => (Number.isFinite(v) ? Math.round(v * 10_000) / 10_000 : 0);

function curvePoints(f: Feature): { value: string | number; x: number }[] {
  if (f.kind === 'categorical') return f.levels.map((l, i) => ({ value: l, x: i }));
  const seen = new Map<number, number>();
  f.raw.forEach((v, i) => {
    if (!seen.has(v)) seen.set(v, f.x[i]);
  });
  const all = [...seen.entries()].sort((a, b) => a[1] - b[1] || a[0] - b[0]).map(([value, x]) => ({ value, x }));
  if (all.length <= MAX_CURVE_POINTS) return all;
  return Array.from({ length: MAX_CURVE_POINTS }, (_, k) => all[Math.round((k * (all.length - 1)) / (MAX_CURVE_POINTS - 1))]);
}

function ranks(v: readonly number[]): number[] {
  const order = v.map((_, i) => i).sort((a, b) => v[a] - v[b] || a - b);
  const out = new Array<number>(v.length).fill(0);
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && v[order[j + 1]] === v[order[i]]) j += 1;
    for (let k = i; k <= j; k++) out[order[k]] = (i + j) / 2;
    i = j + 1;
  }
  return out;
}

function spearman(a: readonly number[], b: readonly number[]): number {
  const ra = ranks(a);
  const rb = ranks(b);
  const n = a.length;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += ra[i];
    mb += rb[i];
  }
  ma /= n;
  mb /= n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    sab += (ra[i] - ma) * (rb[i] - mb);
    saa += (ra[i] - ma) * (ra[i] - ma);
    sbb += (rb[i] - mb) * (rb[i] - mb);
  }
  return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : 0;
}

function paramsBeside(rows: readonly FanovaRow[]): InsightsV2['params'] {
  if (rows.length === 0) return null;
  const p = rows.map((r) => r.params);
  return { min: Math.min(...p), max: Math.max(...p), correlation: r4(spearman(p, rows.map((r) => r.score))) };
}

/** Dimensions the round did not vary: importance 0, their one value as best. Optional ones only where a row has them. */
function constantDimensions(rows: readonly FanovaRow[], features: readonly Feature[]): DimensionInsight[] {
  const varying = new Set(features.map((f) => f.name));
  let mean = 0;
  for (const r of rows) mean += r.score;
  mean = rows.length > 0 ? mean / rows.length : 0;
  const out: DimensionInsight[] = [];
  for (const name of FANOVA_DIMENSIONS) {
    if (varying.has(name)) continue;
    if (name === 'loss' && !rows.some((r) => 'loss' in r.training)) continue;
    if (name === 'conv' && !rows.some((r) => r.network.layers.some(isConvLayer))) continue;
    const v = rows.length > 0 ? rawValue(name, rows[0]) : null;
    const value = v === null ? null : v.value;
    out.push({
      name,
      kind: v?.kind ?? 'numeric',
      importance: 0,
      spread: 0,
      best: value,
      curve: value === null ? [] : [{ value, score: r4(mean) }],
    });
  }
  return out;
}

/**
 * Version 2's insights over the rows (non-rejected submissions, scored on the whole hidden test
 * set). Pure and deterministic: same rows in the same order, same result, byte for byte once
 * serialized. About 0.3 s for 1,000 rows in Node.
 * @example computeInsightsV2(rows).dimensions[0] // { name: 'width', importance: 0.61, spread: 0.08, best: 64, curve: [...] }
 */
export function computeInsightsV2(rows: readonly FanovaRow[], opts: ForestOptions = FOREST_DEFAULTS): InsightsV2 {
  const features = rows.length >= 2 ? buildFeatures(rows) : [];
  const y = Float64Array.from(rows, (r) => r.score);
  const trees = features.length > 0 ? fitForest(features, y, opts) : [];
  const decs: TreeDecomposition[] = [];
  // Trees with any variance: a constant tree has no shares to give.
  const live: ReturnType<typeof decomposeTree>[] = [];
  for (const t of trees) {
    const dec = decomposeTree(t.nodes, features);
    if (dec.variance > 1e-12) live.push(dec);
    decs.push(dec);
  }
  const dims = features.map((f, d) => {
    const shares = live.map((dec) => dec.main[d] / dec.variance);
    let mean = 0;
    for (const s of shares) mean += s;
    mean = shares.length > 0 ? mean / shares.length : 0;
    let sq = 0;
    for (const s of shares) sq += (s - mean) * (s - mean);
    const spread = shares.length > 1 ? Math.sqrt(sq / (shares.length - 1)) : 0;
    const points = curvePoints(f);
    const curve = points.map((p) => {
      let s = 0;
      for (const dec of decs) s += marginalAt(dec, d, p.x);
      return { value: p.value, score: r4(decs.length > 0 ? s / decs.length : 0) };
    });
    let best: string | number | null = null;
    let bestScore = Number.NEGATIVE_INFINITY;
    for (const p of curve) {
      if (p.score > bestScore) {
        bestScore = p.score;
        best = p.value;
      }
    }
    return { d, out: { name: f.name, kind: f.kind, importance: r4(Math.min(1, Math.max(0, mean))), spread: r4(spread), best, curve } };
  });
  const order = [...dims].sort((a, b) => b.out.importance - a.out.importance || a.d - b.d);
  const top = order.length > 0 && order[0].out.importance > 0 ? order[0].d : -1;
  let agree = 0;
  for (const dec of live) {
    let arg = -1;
    for (let d = 0; d < features.length; d++) if (arg < 0 || dec.main[d] > dec.main[arg]) arg = d;
    if (arg === top) agree += 1;
  }
  const stability = live.length > 0 && top >= 0 ? agree / live.length : 0;
  let interaction: InsightsV2['interaction'] = null;
  const cand = order.slice(0, PAIR_CANDIDATES).map((o) => o.d).sort((a, b) => a - b);
  for (let a = 0; a < cand.length; a++) {
    for (let b = a + 1; b < cand.length; b++) {
      let s = 0;
      for (const dec of live) s += Math.max(0, pairVariance(dec, cand[a], cand[b])) / dec.variance;
      const imp = r4(live.length > 0 ? s / live.length : 0);
      if (imp > 0 && (interaction === null || imp > interaction.importance)) {
        interaction = { dimensions: [features[cand[a]].name, features[cand[b]].name], importance: imp };
      }
    }
  }
  const fit = trees.length > 0 ? outOfBagR2(trees, features, y) : Number.NaN;
  const verdict: Verdict =
    rows.length < FEW_SUBMISSIONS ? 'too-few-submissions' : fit >= CLEAR_WINNER.fit && stability >= CLEAR_WINNER.stability ? 'clear' : 'no-clear-winner';
  return {
    version: INSIGHTS_V2,
    dimensions: [...order.map((o) => o.out), ...constantDimensions(rows, features)],
    interaction,
    stability: r4(stability),
    fit: r4(fit),
    verdict,
    params: paramsBeside(rows),
  };
}
