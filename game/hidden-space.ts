/**
 * The hidden space (DESIGN.md §5, "Seeing why"): the data as the last hidden layer sees it, in
 * 2-D, with the head's decision drawn over it. A last layer of 2 units is shown as is; wider ones
 * go through a deterministic PCA to their two main directions (sign-fixed, so two frames of the
 * same net never flip); 1 unit is laid on the horizontal axis. The head is affine in the hidden
 * values, so on the plane it shows (the PCA plane through the data's mean) every class boundary is a
 * straight line: for 2 classes, `line` is the set where both logits are equal. Pure; no DOM.
 */
import { weightManifest } from './manifest';
import type { NetworkSpec, TaskShape } from './spec';

/** Power-iteration rounds per component; the covariance is at most 256 × 256. */
const POWER_ROUNDS = 200;

/** Two orthonormal directions of a d-dimensional space, and the centre the points are taken from. */
export interface Projection2 {
  /** Width of the hidden layer. */
  dim: number;
  /** 'direct' for width ≤ 2 (no centring, no rotation), 'pca' beyond. */
  method: 'direct' | 'pca';
  mean: Float64Array;
  /** [2 × dim], row-major: the first and the second axis. */
  axes: Float64Array;
  /** Share of the variance each axis carries (1, 0 for 'direct'). */
  explained: [number, number];
}

/** What the view draws. */
export interface HiddenSpace {
  projection: Projection2;
  n: number;
  /** [n × 2] coordinates on the plane. */
  xy: Float32Array;
  /** Bounds of the points with a 5% margin (never empty). */
  bounds: { xMin: number; xMax: number; yMin: number; yMax: number };
  /**
   * 2-class heads: a·u + b·v + c = 0 where the two logits are equal (class 1 where it is > 0), or
   * null when the head does not depend on the plane (a = b = 0) or there are more classes.
   */
  line: { a: number; b: number; c: number } | null;
  /** The head on the plane: for each of res² cells (row 0 at yMin) the most likely class. */
  regions: { res: number; labels: Uint8Array };
}

/**
 * Deterministic PCA of n rows of width d to 2 axes: covariance, then power iteration from a fixed
 * start, the second axis kept orthogonal to the first. Each axis's sign is fixed so that its
 * largest-magnitude entry (lowest index on a tie) is positive. Pure.
 * @example pca2(new Float32Array([0,0, 1,1, 2,2]), 3, 2).axes // ≈ [0.707, 0.707, 0.707, -0.707]
 */
export function pca2(rows: Float32Array, n: number, d: number): Projection2 {
  if (!Number.isInteger(n) || n < 1 || !Number.isInteger(d) || d < 1 || rows.length !== n * d) {
    throw new RangeError(`expected ${n}×${d} values, got ${rows.length}`);
  }
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] += rows[i * d + j];
  for (let j = 0; j < d; j++) mean[j] /= n;
  const cov = new Float64Array(d * d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      const a = rows[i * d + j] - mean[j];
      if (a === 0) continue;
      for (let k = j; k < d; k++) cov[j * d + k] += a * (rows[i * d + k] - mean[k]);
    }
  }
  let trace = 0;
  for (let j = 0; j < d; j++) {
    for (let k = j; k < d; k++) cov[k * d + j] = cov[j * d + k] /= n;
    trace += cov[j * d + j];
  }
  const axes = new Float64Array(2 * d);
  const explained: [number, number] = [0, 0];
  const found: Float64Array[] = [];
  for (let p = 0; p < Math.min(2, d); p++) {
    const v = powerIterate(cov, d, p, found, trace);
    axes.set(v, p * d);
    explained[p] = trace > 0 ? Math.max(0, rayleigh(cov, v, d)) / trace : 0;
    found.push(v);
  }
  return { dim: d, method: 'pca', mean, axes, explained };
}

/**
 * Top eigenvector of a symmetric matrix orthogonal to `against` (the axes found so far), from a
 * fixed start: 1, 1/2, 1/3, … rotated by p. At most POWER_ROUNDS rounds, fewer once it has
 * converged; the same input always takes the same path, so the result is deterministic.
 */
function powerIterate(m: Float64Array, d: number, p: number, against: Float64Array[], scale: number): Float64Array {
  const v = new Float64Array(d);
  for (let j = 0; j < d; j++) v[j] = 1 / (1 + ((j + p) % d));
  orthogonalise(v, against);
  if (!normalise(v)) {
    // The start lay in the span of the earlier axes: take the first unit vector that does not.
    for (let j = 0; j < d; j++) {
      v.fill(0);
      v[j] = 1;
      orthogonalise(v, against);
      if (normalise(v)) break;
    }
  }
  const next = new Float64Array(d);
  for (let round = 0; round < POWER_ROUNDS; round++) {
    for (let j = 0; j < d; j++) {
      let s = 0;
      for (let k = 0; k < d; k++) s += m[j * d + k] * v[k];
      next[j] = s;
    }
    orthogonalise(next, against);
    // A zero image (rounding noise only): no variance left orthogonal to the earlier axes, so the
    // orthogonal start is as good an axis as any. Normalising the noise would lose orthogonality.
    if (norm(next) <= 1e-12 * scale || !normalise(next)) break;
    orthogonalise(next, against);
    if (!normalise(next)) break;
    let change = 0;
    for (let j = 0; j < d; j++) change = Math.max(change, Math.abs(next[j] - v[j]));
    v.set(next);
    if (change < 1e-13) break;
  }
  return fixSign(v);
}

function norm(v: Float64Array): number {
  let s = 0;
  for (const x of v) s += x * x;
  return Math.sqrt(s);
}

function orthogonalise(v: Float64Array, against: Float64Array[]): void {
  for (const a of against) {
    let dot = 0;
    for (let j = 0; j < v.length; j++) dot += v[j] * a[j];
    for (let j = 0; j < v.length; j++) v[j] -= dot * a[j];
  }
}

function normalise(v: Float64Array): boolean {
  let s = 0;
  for (const x of v) s += x * x;
  const norm = Math.sqrt(s);
  if (!(norm > 1e-300) || !Number.isFinite(norm)) return false;
  for (let j = 0; j < v.length; j++) v[j] /= norm;
  return true;
}

function fixSign(v: Float64Array): Float64Array {
  let best = 0;
  for (let j = 1; j < v.length; j++) if (Math.abs(v[j]) > Math.abs(v[best]) + 1e-12) best = j;
  if (v[best] < 0) for (let j = 0; j < v.length; j++) v[j] = -v[j];
  return v;
}

function rayleigh(m: Float64Array, v: Float64Array, d: number): number {
  let s = 0;
  for (let j = 0; j < d; j++) for (let k = 0; k < d; k++) s += v[j] * m[j * d + k] * v[k];
  return s;
}

/** The projection for a width: identity axes for 1 or 2 units, PCA beyond. Pure. */
export function projectionFor(rows: Float32Array, n: number, d: number): Projection2 {
  if (d > 2) return pca2(rows, n, d);
  const axes = new Float64Array(2 * d);
  axes[0] = 1;
  if (d === 2) axes[3] = 1;
  return { dim: d, method: 'direct', mean: new Float64Array(d), axes, explained: [1, d === 2 ? 1 : 0] };
}

/** The head's kernel [width × classes] and bias [classes] inside a flat weight vector. */
export function headWeights(network: NetworkSpec, task: TaskShape, weights: ArrayLike<number>): { kernel: Float64Array; bias: Float64Array } {
  const manifest = weightManifest(network, task);
  const k = manifest[manifest.length - 2];
  const b = manifest[manifest.length - 1];
  const kernel = new Float64Array(k.size);
  const bias = new Float64Array(b.size);
  for (let i = 0; i < k.size; i++) kernel[i] = weights[k.offset + i];
  for (let i = 0; i < b.size; i++) bias[i] = weights[b.offset + i];
  return { kernel, bias };
}

/**
 * Projects n rows of the last hidden layer ([n × width]) to the plane and lays the head over it.
 * @example const s = hiddenSpace(lastHidden, 200, 2, head, 40); s.line // { a, b, c } for XOR on 1×2
 */
export function hiddenSpace(
  rows: Float32Array,
  n: number,
  width: number,
  head: { kernel: ArrayLike<number>; bias: ArrayLike<number> },
  res: number,
): HiddenSpace {
  const projection = projectionFor(rows, n, width);
  const { mean, axes } = projection;
  const classes = head.bias.length;
  if (head.kernel.length !== width * classes) throw new RangeError(`head kernel must be ${width}×${classes}`);
  const xy = new Float32Array(2 * n);
  let xMin = Infinity;
  let xMax = -Infinity;
  let yMin = Infinity;
  let yMax = -Infinity;
  for (let i = 0; i < n; i++) {
    let u = 0;
    let v = 0;
    for (let j = 0; j < width; j++) {
      const h = rows[i * width + j] - mean[j];
      u += axes[j] * h;
      v += axes[width + j] * h;
    }
    xy[2 * i] = u;
    xy[2 * i + 1] = v;
    if (Number.isFinite(u) && Number.isFinite(v)) {
      xMin = Math.min(xMin, u);
      xMax = Math.max(xMax, u);
      yMin = Math.min(yMin, v);
      yMax = Math.max(yMax, v);
    }
  }
  const bounds = padBounds(xMin, xMax, yMin, yMax);
  // Logits on the plane are affine in (u, v): z_k = A_k·u + B_k·v + C_k.
  const A = new Float64Array(classes);
  const B = new Float64Array(classes);
  const C = new Float64Array(classes);
  for (let k = 0; k < classes; k++) {
    C[k] = head.bias[k];
    for (let j = 0; j < width; j++) {
      const w = head.kernel[j * classes + k];
      A[k] += w * axes[j];
      B[k] += w * axes[width + j];
      C[k] += w * mean[j];
    }
  }
  let line: HiddenSpace['line'] = null;
  if (classes === 2) {
    const a = A[1] - A[0];
    const b = B[1] - B[0];
    if (Math.abs(a) + Math.abs(b) > 1e-12) line = { a, b, c: C[1] - C[0] };
  }
  const labels = new Uint8Array(res * res);
  const dx = (bounds.xMax - bounds.xMin) / res;
  const dy = (bounds.yMax - bounds.yMin) / res;
  for (let r = 0; r < res; r++) {
    const v = bounds.yMin + (r + 0.5) * dy;
    for (let c = 0; c < res; c++) {
      const u = bounds.xMin + (c + 0.5) * dx;
      let best = 0;
      let top = -Infinity;
      for (let k = 0; k < classes; k++) {
        const z = A[k] * u + B[k] * v + C[k];
        if (z > top) {
          top = z;
          best = k;
        }
      }
      labels[r * res + c] = best;
    }
  }
  return { projection, n, xy, bounds, line, regions: { res, labels } };
}

function padBounds(xMin: number, xMax: number, yMin: number, yMax: number): HiddenSpace['bounds'] {
  if (!Number.isFinite(xMin)) return { xMin: -1, xMax: 1, yMin: -1, yMax: 1 };
  const pad = (lo: number, hi: number): [number, number] => {
    const span = hi - lo;
    const m = span > 1e-9 ? span * 0.05 : Math.max(1e-3, Math.abs(lo) * 0.05);
    return [lo - m, hi + m];
  };
  const [x0, x1] = pad(xMin, xMax);
  const [y0, y1] = pad(yMin, yMax);
  return { xMin: x0, xMax: x1, yMin: y0, yMax: y1 };
}

/**
 * Share of the n points on the side of `line` their label says (2 classes): 1 when a straight
 * line on the plane separates them. Pure.
 * @example lineSeparation(space, labels) // 1 for XOR once the hidden layer has untangled it
 */
export function lineSeparation(space: HiddenSpace, labels: ArrayLike<number>): number | null {
  const line = space.line;
  if (!line || space.n === 0) return null;
  let right = 0;
  for (let i = 0; i < space.n; i++) {
    const side = line.a * space.xy[2 * i] + line.b * space.xy[2 * i + 1] + line.c > 0 ? 1 : 0;
    if (side === labels[i]) right++;
  }
  return right / space.n;
}
