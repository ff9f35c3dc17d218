/**
 * A seeded random-forest regressor over insight features: bootstrap trees grown by greatest
 * squared-error reduction, numeric splits at the midpoint between two neighbouring values,
 * categorical splits as the best prefix of the levels ordered by mean score (Breiman's exact
 * optimum for regression). Every feature is tried at every node (randomness is the bootstrap
 * only), ties go to the earlier feature and the earlier position, and every sum runs in index
 * order, so the same rows and seed give the same trees on every run.
 */
import { createRng } from '../rng';
import type { Feature } from './features';

export interface ForestOptions {
  trees: number;
  minLeaf: number;
  maxDepth: number;
  seed: number;
}

/** Version 2's settings (issue 10; the ones compared with Optuna's fANOVA). */
export const FOREST_DEFAULTS: ForestOptions = { trees: 32, minLeaf: 2, maxDepth: 12, seed: 0x1a5e2014 };

/** A node: a leaf when `feature` is −1. */
export interface TreeNode {
  feature: number;
  /** Numeric: rows with x ≤ threshold go left. */
  threshold: number;
  /** Categorical: bit k set when level k goes left (levels absent from the node go with the larger side). */
  leftMask: number;
  left: number;
  right: number;
  /** Mean score of the node's bootstrap rows. */
  value: number;
}

export interface Tree {
  nodes: TreeNode[];
  /** How many times each row was drawn into this tree's bootstrap sample. */
  inBag: Int32Array;
}

interface Split {
  gain: number;
  feature: number;
  threshold: number;
  leftMask: number;
}

const EPS = 1e-12;

/** `order`: the node's rows sorted by this feature (then by row id), kept sorted by stable partitions. */
function bestNumeric(f: Feature, fi: number, order: Int32Array, y: Float64Array, total: number, minLeaf: number, best: Split): void {
  const n = order.length;
  let sumL = 0;
  const base = (total * total) / n;
  for (let i = 0; i < n - 1; i++) {
    sumL += y[order[i]];
    const nl = i + 1;
    if (nl < minLeaf || n - nl < minLeaf) continue;
    const a = f.x[order[i]];
    const b = f.x[order[i + 1]];
    if (!(b > a)) continue;
    const sumR = total - sumL;
    const gain = (sumL * sumL) / nl + (sumR * sumR) / (n - nl) - base;
    if (gain > best.gain + EPS) {
      best.gain = gain;
      best.feature = fi;
      best.threshold = a + (b - a) / 2;
      best.leftMask = 0;
    }
  }
}

function bestCategorical(f: Feature & { kind: 'categorical' }, fi: number, idx: Int32Array, y: Float64Array, total: number, minLeaf: number, cellMask: number, best: Split): void {
  const k = f.levels.length;
  const cnt = new Float64Array(k);
  const sum = new Float64Array(k);
  for (let i = 0; i < idx.length; i++) {
    const c = f.x[idx[i]];
    cnt[c] += 1;
    sum[c] += y[idx[i]];
  }
  const present: number[] = [];
  for (let c = 0; c < k; c++) if (cnt[c] > 0) present.push(c);
  if (present.length < 2) return;
  present.sort((a, b) => sum[a] / cnt[a] - sum[b] / cnt[b] || a - b);
  const n = idx.length;
  const base = (total * total) / n;
  let nl = 0;
  let sumL = 0;
  let mask = 0;
  for (let p = 0; p < present.length - 1; p++) {
    const c = present[p];
    nl += cnt[c];
    sumL += sum[c];
    mask |= 1 << c;
    if (nl < minLeaf || n - nl < minLeaf) continue;
    const sumR = total - sumL;
    const gain = (sumL * sumL) / nl + (sumR * sumR) / (n - nl) - base;
    if (gain > best.gain + EPS) {
      // Levels of the cell that no row here holds follow the larger side, where the estimate is firmer.
      let absent = 0;
      for (let c2 = 0; c2 < k; c2++) if ((cellMask >>> c2) & 1 && cnt[c2] === 0) absent |= 1 << c2;
      best.gain = gain;
      best.feature = fi;
      best.threshold = 0;
      best.leftMask = nl > n - nl ? mask | absent : mask;
    }
  }
}

/**
 * Stably moves the rows of list[s, e) that go left to the front; returns where the right side starts.
 * `tmp` is scratch space as long as `list`.
 */
function partition(list: Int32Array, s: number, e: number, left: Uint8Array, tmp: Int32Array): number {
  let a = s;
  let b = 0;
  for (let i = s; i < e; i++) {
    const r = list[i];
    if (left[r] === 1) list[a++] = r;
    else tmp[b++] = r;
  }
  for (let i = 0; i < b; i++) list[a + i] = tmp[i];
  return a;
}

/**
 * Grows one tree over the bootstrap rows `idx` (duplicates allowed; `inBag` counts them).
 * `orders`: every row sorted by each numeric feature (then by row id), computed once per forest.
 */
function growTree(features: readonly Feature[], y: Float64Array, idx: Int32Array, inBag: Int32Array, orders: (Int32Array | null)[], opts: ForestOptions): TreeNode[] {
  const nodes: TreeNode[] = [];
  const left = new Uint8Array(y.length);
  const tmp = new Int32Array(idx.length);
  const allMasks = features.map((f) => (f.kind === 'categorical' ? (f.levels.length === 31 ? 0x7fffffff : (1 << f.levels.length) - 1) : 0));
  // Sorted once per tree; each split partitions every list stably in place, so a node is the
  // same range [s, e) of each list, in that feature's order (the row list keeps bootstrap order).
  const rows = idx.slice();
  const sorted = features.map((f, fi) => {
    const order = orders[fi];
    if (f.kind !== 'numeric' || !order) return rows;
    const out = new Int32Array(idx.length);
    let k = 0;
    for (let i = 0; i < order.length; i++) for (let c = 0; c < inBag[order[i]]; c++) out[k++] = order[i];
    return out;
  });
  const grow = (s: number, e: number, depth: number, masks: number[]): number => {
    const n = e - s;
    let total = 0;
    for (let i = s; i < e; i++) total += y[rows[i]];
    const mean = total / n;
    let sse = 0;
    for (let i = s; i < e; i++) sse += (y[rows[i]] - mean) * (y[rows[i]] - mean);
    const id = nodes.length;
    nodes.push({ feature: -1, threshold: 0, leftMask: 0, left: -1, right: -1, value: mean });
    if (depth >= opts.maxDepth || n < 2 * opts.minLeaf || sse <= EPS) return id;
    const best: Split = { gain: EPS, feature: -1, threshold: 0, leftMask: 0 };
    features.forEach((f, fi) => {
      if (f.kind === 'numeric') bestNumeric(f, fi, sorted[fi].subarray(s, e), y, total, opts.minLeaf, best);
      else bestCategorical(f, fi, rows.subarray(s, e), y, total, opts.minLeaf, masks[fi], best);
    });
    if (best.feature < 0) return id;
    const f = features[best.feature];
    for (let i = s; i < e; i++) {
      const r = rows[i];
      left[r] = (f.kind === 'numeric' ? f.x[r] <= best.threshold : ((best.leftMask >>> f.x[r]) & 1) === 1) ? 1 : 0;
    }
    const mid = partition(rows, s, e, left, tmp);
    features.forEach((g, fi) => {
      if (g.kind === 'numeric') partition(sorted[fi], s, e, left, tmp);
    });
    const node = nodes[id];
    node.feature = best.feature;
    node.threshold = best.threshold;
    node.leftMask = best.leftMask;
    const lm = masks.slice();
    const rm = masks.slice();
    if (f.kind === 'categorical') {
      lm[best.feature] = masks[best.feature] & best.leftMask;
      rm[best.feature] = masks[best.feature] & ~best.leftMask;
    }
    node.left = grow(s, mid, depth + 1, lm);
    node.right = grow(mid, e, depth + 1, rm);
    return id;
  };
  grow(0, rows.length, 0, allMasks);
  return nodes;
}

/**
 * Fits `opts.trees` trees, each on a bootstrap sample of the rows drawn with game/rng.
 * Pure; about 0.2 s for 1,000 rows and 12 features in Node.
 * @example fitForest(buildFeatures(rows), Float64Array.from(rows, (r) => r.score), FOREST_DEFAULTS)
 */
export function fitForest(features: readonly Feature[], y: Float64Array, opts: ForestOptions): Tree[] {
  const n = y.length;
  const rng = createRng(opts.seed);
  const trees: Tree[] = [];
  const orders = features.map((f) => (f.kind === 'numeric' ? Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => f.x[a] - f.x[b] || a - b) : null));
  for (let t = 0; t < opts.trees; t++) {
    const idx = new Int32Array(n);
    const inBag = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      idx[i] = rng.int(n);
      inBag[idx[i]] += 1;
    }
    trees.push({ nodes: growTree(features, y, idx, inBag, orders, opts), inBag });
  }
  return trees;
}

/** The tree's prediction for row `r` of the features it was grown on. */
export function predictRow(nodes: readonly TreeNode[], features: readonly Feature[], r: number): number {
  let k = 0;
  for (;;) {
    const node = nodes[k];
    if (node.feature < 0) return node.value;
    const f = features[node.feature];
    const left = f.kind === 'numeric' ? f.x[r] <= node.threshold : ((node.leftMask >>> f.x[r]) & 1) === 1;
    k = left ? node.left : node.right;
  }
}

/**
 * Out-of-bag R²: each row predicted by the trees that did not draw it. Near or below 0 when the
 * forest has learnt nothing that carries to unseen rows (pure noise). NaN without any OOB row.
 */
export function outOfBagR2(trees: readonly Tree[], features: readonly Feature[], y: Float64Array): number {
  let sse = 0;
  let count = 0;
  let sum = 0;
  const used: number[] = [];
  for (let r = 0; r < y.length; r++) {
    let p = 0;
    let m = 0;
    for (const t of trees) {
      if (t.inBag[r] === 0) {
        p += predictRow(t.nodes, features, r);
        m += 1;
      }
    }
    if (m === 0) continue;
    sse += (y[r] - p / m) * (y[r] - p / m);
    sum += y[r];
    count += 1;
    used.push(r);
  }
  if (count < 2) return Number.NaN;
  const mean = sum / count;
  let sst = 0;
  for (const r of used) sst += (y[r] - mean) * (y[r] - mean);
  return sst <= EPS ? Number.NaN : 1 - sse / sst;
}
