/**
 * The exact functional ANOVA of one regression tree (Hutter, Hoos and Leyton-Brown, "An Efficient
 * Approach for Assessing Hyperparameter Importance", ICML 2014). A tree cuts the configuration
 * space into boxes (its leaves); the predictor is constant on each. With every box weighted by
 * its share of the space:
 * - mean f0 = Σ_l w_l·v_l and total variance V = Σ_l w_l·(v_l − f0)²;
 * - the marginal of dimension d at x averages the leaves over every other dimension:
 *   a_d(x) = Σ_{l ∋ x} (w_l / w_{l,d})·v_l, a step function on the tree's own cuts of d;
 * - its variance V_d = ∫ (a_d − f0)² over d's range, and d's importance is V_d / V;
 * - a pair's own share is (V_{ij} − V_i − V_j) / V, from the two-dimensional marginal.
 * Sums run over leaves in tree order and over segments left to right.
 */
import type { Feature } from './features';
import type { TreeNode } from './forest';

/** A leaf as a box: numeric [lo, hi] per numeric feature, a level mask per categorical one. */
interface Leaf {
  value: number;
  lo: Float64Array;
  hi: Float64Array;
  mask: Int32Array;
  /** Share of the space per dimension, and their product. */
  frac: Float64Array;
  weight: number;
}

/** A dimension cut into the pieces on which a tree's marginal is constant. */
interface Segments {
  /** Share of the dimension's range per piece (sums to 1). */
  len: Float64Array;
  /** For each leaf, the first and one-past-last piece it covers (numeric), or null (categorical: piece = level). */
  first: Int32Array | null;
  last: Int32Array | null;
  /** Numeric breakpoints in transformed units (pieces are [cuts[i], cuts[i+1]]). */
  cuts: Float64Array | null;
}

export interface TreeDecomposition {
  mean: number;
  variance: number;
  /** V_d per feature. */
  main: Float64Array;
  /** Marginal value per piece, per feature. */
  marginals: Float64Array[];
  segments: Segments[];
}

function popcount(m: number): number {
  let c = 0;
  for (let v = m >>> 0; v !== 0; v &= v - 1) c += 1;
  return c;
}

function leavesOf(nodes: readonly TreeNode[], features: readonly Feature[]): Leaf[] {
  const dims = features.length;
  const out: Leaf[] = [];
  const walk = (k: number, lo: Float64Array, hi: Float64Array, mask: Int32Array): void => {
    const node = nodes[k];
    if (node.feature < 0) {
      const frac = new Float64Array(dims);
      let weight = 1;
      for (let d = 0; d < dims; d++) {
        const f = features[d];
        frac[d] = f.kind === 'numeric' ? (hi[d] - lo[d]) / (f.hi - f.lo) : popcount(mask[d]) / f.levels.length;
        weight *= frac[d];
      }
      out.push({ value: node.value, lo, hi, mask, frac, weight });
      return;
    }
    const d = node.feature;
    const f = features[d];
    if (f.kind === 'numeric') {
      const lhi = hi.slice();
      lhi[d] = Math.min(hi[d], node.threshold);
      const rlo = lo.slice();
      rlo[d] = Math.max(lo[d], node.threshold);
      walk(node.left, lo, lhi, mask);
      walk(node.right, rlo, hi, mask);
    } else {
      const lm = mask.slice();
      lm[d] = mask[d] & node.leftMask;
      const rm = mask.slice();
      rm[d] = mask[d] & ~node.leftMask;
      walk(node.left, lo, hi, lm);
      walk(node.right, lo, hi, rm);
    }
  };
  const lo = Float64Array.from(features, (f) => (f.kind === 'numeric' ? f.lo : 0));
  const hi = Float64Array.from(features, (f) => (f.kind === 'numeric' ? f.hi : 0));
  const mask = Int32Array.from(features, (f) => (f.kind === 'categorical' ? (2 ** f.levels.length - 1) | 0 : 0));
  walk(0, lo, hi, mask);
  return out;
}

function segmentsOf(f: Feature, d: number, leaves: readonly Leaf[]): Segments {
  if (f.kind === 'categorical') {
    return { len: new Float64Array(f.levels.length).fill(1 / f.levels.length), first: null, last: null, cuts: null };
  }
  const set = new Set<number>([f.lo, f.hi]);
  for (const l of leaves) {
    set.add(l.lo[d]);
    set.add(l.hi[d]);
  }
  const cuts = Float64Array.from([...set].sort((a, b) => a - b));
  const pos = new Map<number, number>();
  cuts.forEach((c, i) => pos.set(c, i));
  const len = new Float64Array(cuts.length - 1);
  for (let i = 0; i < len.length; i++) len[i] = (cuts[i + 1] - cuts[i]) / (f.hi - f.lo);
  const first = Int32Array.from(leaves, (l) => pos.get(l.lo[d]) ?? 0);
  const last = Int32Array.from(leaves, (l) => pos.get(l.hi[d]) ?? 0);
  return { len, first, last, cuts };
}

/** The runs of pieces [a, b) of one dimension that leaf `li` covers. */
function covers(seg: Segments, leaf: Leaf, li: number, d: number): [number, number][] {
  if (seg.first && seg.last) return [[seg.first[li], seg.last[li]]];
  const out: [number, number][] = [];
  for (let c = 0; c < seg.len.length; c++) if ((leaf.mask[d] >>> c) & 1) out.push([c, c + 1]);
  return out;
}

/**
 * Decomposes one tree. Pure.
 * @example const dec = decomposeTree(tree.nodes, features); dec.main[0] / dec.variance // importance of features[0]
 */
export function decomposeTree(nodes: readonly TreeNode[], features: readonly Feature[]): TreeDecomposition & { leaves: Leaf[] } {
  const leaves = leavesOf(nodes, features);
  let mean = 0;
  for (const l of leaves) mean += l.weight * l.value;
  let variance = 0;
  for (const l of leaves) variance += l.weight * (l.value - mean) * (l.value - mean);
  const main = new Float64Array(features.length);
  const marginals: Float64Array[] = [];
  const segments: Segments[] = [];
  features.forEach((f, d) => {
    const seg = segmentsOf(f, d, leaves);
    const diff = new Float64Array(seg.len.length + 1);
    leaves.forEach((l, li) => {
      const c = l.frac[d] > 0 ? (l.weight / l.frac[d]) * l.value : 0;
      if (seg.first && seg.last) {
        diff[seg.first[li]] += c;
        diff[seg.last[li]] -= c;
      } else {
        for (let k = 0; k < seg.len.length; k++) {
          if ((l.mask[d] >>> k) & 1) {
            diff[k] += c;
            diff[k + 1] -= c;
          }
        }
      }
    });
    const m = new Float64Array(seg.len.length);
    let run = 0;
    let v = 0;
    for (let i = 0; i < m.length; i++) {
      run += diff[i];
      m[i] = run;
      v += seg.len[i] * (run - mean) * (run - mean);
    }
    main[d] = v;
    marginals.push(m);
    segments.push(seg);
  });
  return { mean, variance, main, marginals, segments, leaves };
}

/** The tree's marginal of feature `d` at transformed value (numeric) or level index (categorical) `x`. */
export function marginalAt(dec: TreeDecomposition, d: number, x: number): number {
  const seg = dec.segments[d];
  if (!seg.cuts) return dec.marginals[d][x];
  let lo = 0;
  let hi = seg.len.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (seg.cuts[mid] <= x) lo = mid;
    else hi = mid - 1;
  }
  return dec.marginals[d][lo];
}

/** The pair's own variance V_ij − V_i − V_j (≥ 0 up to rounding) of one decomposed tree. */
export function pairVariance(dec: TreeDecomposition & { leaves: Leaf[] }, i: number, j: number): number {
  const si = dec.segments[i];
  const sj = dec.segments[j];
  const ni = si.len.length;
  const nj = sj.len.length;
  const diff = new Float64Array((ni + 1) * (nj + 1));
  dec.leaves.forEach((l, li) => {
    const fi = l.frac[i];
    const fj = l.frac[j];
    if (fi <= 0 || fj <= 0) return;
    const c = (l.weight / (fi * fj)) * l.value;
    for (const [a, b] of covers(si, l, li, i)) {
      for (const [p, q] of covers(sj, l, li, j)) {
        diff[a * (nj + 1) + p] += c;
        diff[a * (nj + 1) + q] -= c;
        diff[b * (nj + 1) + p] -= c;
        diff[b * (nj + 1) + q] += c;
      }
    }
  });
  // 2-D prefix sums turn the corner marks into the marginal on every cell.
  for (let a = 0; a <= ni; a++) for (let p = 1; p <= nj; p++) diff[a * (nj + 1) + p] += diff[a * (nj + 1) + p - 1];
  for (let a = 1; a <= ni; a++) for (let p = 0; p <= nj; p++) diff[a * (nj + 1) + p] += diff[(a - 1) * (nj + 1) + p];
  let v = 0;
  for (let a = 0; a < ni; a++) {
    for (let p = 0; p < nj; p++) {
      const m = diff[a * (nj + 1) + p] - dec.mean;
      v += si.len[a] * sj.len[p] * m * m;
    }
  }
  return v - dec.main[i] - dec.main[j];
}
