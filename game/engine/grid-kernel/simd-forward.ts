/**
 * The js engine's decision grid and per-neuron pictures, drawn with the float32 SIMD kernel
 * (grid-kernel.wat) instead of the float64 trainer: 4 lanes per instruction is what plain
 * JavaScript cannot do, and a 10,000-point grid is all matrix products. Pictures only: training,
 * scoring and `predictProbs` stay on the bit-exact float64 engine.
 *
 *   z = h·W + b (kernel)   F = f(z) (kernel for tanh, sigmoid, relu, leaky_relu; game/'s own
 *   float64 functions for the others)   y = F, F + P(h) or P(h) + T·(F − P(h))   p = softmax(h·Wh + bh)
 *
 * Layout in the instance's memory: every width is padded to a multiple of 4 floats and every
 * kernel to [inputs × padded width] with zeros, so a padded column's z is exactly 0 and meets only
 * zero weights in the next layer. Groups are expanded into their block-diagonal matrix.
 */
import { LEAKY_ALPHA } from '../../activation-constants';
import { argmaxRows, gridPoints, GridSpecError, type GridPrediction, type GridSpec } from '../../grid';
import { hasShortcut, weightManifest, type WeightEntry } from '../../manifest';
import type { Activation, NetworkSpec, TaskShape } from '../../spec';
import { isConvLayer } from '../../spec';
import { activate } from '../activations';
import type { HiddenGrid } from '../internals';
import { exp } from '../math';
import { gridKernel, type GridKernel } from './kernel';

/** Rows per pass through the layers (a multiple of 4): 256 rows of 64 floats stay in L2. */
export const SIMD_CHUNK_ROWS = 256;

const pad4 = (n: number): number => (n + 3) & ~3;

/** The activations the kernel computes itself; the others go through a float64 copy. */
const KERNEL_ACTIVATIONS: ReadonlySet<Activation> = new Set<Activation>(['linear', 'tanh', 'sigmoid', 'relu', 'leaky_relu']);

/** One dense product's place in memory (float indices) and where its weights come from. */
interface Product {
  kernel: WeightEntry;
  groups: number;
  /** Float index of [inputs × stride] weights, and of the bias (the shared zeros when absent). */
  w: number;
  b: number;
  bias: WeightEntry | null;
  /** Input rows of the kernel, and the padded width of its output. */
  inputs: number;
  stride: number;
}

interface PlannedLayer {
  activation: Activation;
  units: number;
  stride: number;
  inputs: number;
  inputStride: number;
  /** Float index of the input rows, of F (then y, in place), of P and of T (-1: none). */
  input: number;
  out: number;
  skip: number;
  gate: number;
  main: Product;
  projection: Product | null;
  gateProduct: Product | null;
  shortcut: 'none' | 'residual' | 'highway';
}

/** What a grid pass copies out: probabilities, and each hidden layer's unit outputs. */
interface GridOutputs {
  probs: Float32Array;
  units?: Float32Array[];
}

/**
 * Float32 SIMD inference for a dense network on a 2-D task, for pictures.
 * @example new SimdForward(net, { inputDim: 2, classes: 2 }, weights).grid({ xMin: -1, xMax: 1, yMin: -1, yMax: 1, res: 100 })
 */
export class SimdForward {
  readonly classes: number;
  private readonly layers: PlannedLayer[];
  private readonly head: Product & { input: number; inputStride: number; out: number };
  /** Every product, hidden layers' then the head's, for loading the weights. */
  private readonly products: Product[];
  private readonly input: number;
  private readonly inputDim: number;
  /** The [start, end) of the zero bias that projections read (the memory is shared: cleared per pass). */
  private readonly zeros: [number, number];
  /** Bytes of kernel memory this net's layout takes. */
  private readonly bytes: number;
  /** Two classes: the differences' and the probabilities' place (the kernel's softmax2). */
  private readonly tmp: number;
  private readonly pairs: number;
  private readonly weights: Float32Array | Float64Array;
  /** Float64 scratch for the activations the kernel lacks (elu, selu, swish, gelu, softplus). */
  private readonly scratch: Float64Array[];
  /** One row's exponentials, float64 until the division. */
  private readonly rowExp: Float64Array;

  /** `weights` is read on every pass (the trainer's live float64 mirror is fine). Throws for conv layers. */
  constructor(network: NetworkSpec, task: TaskShape, weights: Float32Array | Float64Array) {
    if (network.layers.some(isConvLayer)) throw new GridSpecError('the SIMD grid draws dense networks only');
    const manifest = weightManifest(network, task);
    const last = manifest[manifest.length - 1];
    if (weights.length !== last.offset + last.size) throw new RangeError(`expected ${last.offset + last.size} weights, got ${weights.length}`);
    const byName = new Map(manifest.map((e) => [e.name, e]));
    const entry = (name: string): WeightEntry | null => byName.get(name) ?? null;
    this.weights = weights;
    this.inputDim = task.inputDim;
    let cursor = 0;
    // Every block starts 16-byte aligned.
    const take = (floats: number): number => {
      const at = cursor;
      cursor += pad4(floats);
      return at;
    };
    const zeroCount = pad4(Math.max(task.classes, ...network.layers.map((l) => (isConvLayer(l) ? 0 : l.units))));
    const zeros = take(zeroCount);
    this.zeros = [zeros, zeros + zeroCount];
    this.input = take(SIMD_CHUNK_ROWS * task.inputDim);
    const product = (kernel: WeightEntry, bias: WeightEntry | null, groups: number, inputs: number, stride: number): Product => ({
      kernel,
      groups,
      bias,
      w: take(inputs * stride),
      b: bias === null ? zeros : take(stride),
      inputs,
      stride,
    });
    let input = this.input;
    let inputs = task.inputDim;
    let inputStride = task.inputDim;
    this.layers = network.layers.map((spec, k) => {
      if (isConvLayer(spec)) throw new GridSpecError('the SIMD grid draws dense networks only');
      const i = k + 1;
      const stride = pad4(spec.units);
      const shortcut = hasShortcut(network, i) ? network.shortcut : 'none';
      const projectionEntry = entry(`layer${i}/projection`);
      const gateEntry = entry(`layer${i}/gate_kernel`);
      const main = product(entry(`layer${i}/kernel`) as WeightEntry, entry(`layer${i}/bias`), spec.groups, inputs, stride);
      const projection = projectionEntry ? product(projectionEntry, null, 1, inputs, stride) : null;
      const gateProduct = gateEntry ? product(gateEntry, entry(`layer${i}/gate_bias`), 1, inputs, stride) : null;
      const layer: PlannedLayer = {
        activation: spec.activation,
        units: spec.units,
        stride,
        inputs,
        inputStride,
        input,
        out: take(SIMD_CHUNK_ROWS * stride),
        skip: projection ? take(SIMD_CHUNK_ROWS * stride) : -1,
        gate: gateProduct ? take(SIMD_CHUNK_ROWS * stride) : -1,
        main,
        projection,
        gateProduct,
        shortcut,
      };
      input = layer.out;
      inputs = spec.units;
      inputStride = stride;
      return layer;
    });
    const classes = task.classes;
    const headStride = pad4(classes);
    this.classes = classes;
    this.head = {
      ...product(entry('head/kernel') as WeightEntry, entry('head/bias'), 1, inputs, headStride),
      input,
      inputStride,
      out: take(SIMD_CHUNK_ROWS * headStride),
    };
    this.products = [...this.layers.flatMap((l) => [l.main, l.projection, l.gateProduct]), this.head].filter((p): p is Product => p !== null);
    this.tmp = take(SIMD_CHUNK_ROWS);
    this.pairs = take(SIMD_CHUNK_ROWS * 2);
    this.bytes = cursor * 4;
    const widest = Math.max(0, ...this.layers.filter((l) => !KERNEL_ACTIVATIONS.has(l.activation)).map((l) => l.stride)) * SIMD_CHUNK_ROWS;
    this.scratch = [new Float64Array(widest), new Float64Array(widest), new Float64Array(widest)];
    this.rowExp = new Float64Array(classes);
  }

  /** Probabilities and argmax over a decision grid (2-D tasks). */
  grid(grid: GridSpec): GridPrediction {
    const n = this.gridSize(grid);
    const probs = new Float32Array(n * this.classes);
    this.run(gridPoints(grid), n, { probs });
    return { res: grid.res, classes: this.classes, probs, labels: argmaxRows(probs, this.classes) };
  }

  /** Every hidden unit's output over a grid (before its shortcut), and the probabilities, in one pass. */
  hiddenGrid(grid: GridSpec): HiddenGrid {
    const n = this.gridSize(grid);
    const probs = new Float32Array(n * this.classes);
    const units = this.layers.map((l) => new Float32Array(l.units * n));
    this.run(gridPoints(grid), n, { probs, units });
    return { res: grid.res, layers: units, probs };
  }

  private gridSize(grid: GridSpec): number {
    if (this.inputDim !== 2) throw new GridSpecError('decision grids need a 2-D task');
    return grid.res * grid.res;
  }

  private run(x: Float32Array, n: number, out: GridOutputs): void {
    const k = gridKernel(this.bytes);
    const f = new Float32Array(k.memory.buffer);
    this.loadWeights(f);
    const d = this.inputDim;
    for (let start = 0; start < n; start += SIMD_CHUNK_ROWS) {
      const rows = Math.min(SIMD_CHUNK_ROWS, n - start);
      const padded = pad4(rows);
      f.set(x.subarray(start * d, (start + rows) * d), this.input);
      // Rows past the end are zeros: they run through the layers harmlessly and are never read.
      f.fill(0, this.input + rows * d, this.input + padded * d);
      for (const [index, l] of this.layers.entries()) {
        const count = padded * l.stride;
        k.dense(l.input * 4, l.inputStride, l.inputs, l.main.w * 4, l.main.b * 4, l.out * 4, l.stride, padded, l.stride);
        this.activate(k, f, l.activation, l.out, count);
        if (out.units) copyUnits(f, l.out, l.stride, l.units, rows, out.units[index], n, start);
        if (l.shortcut === 'none') continue;
        // P(h): the input itself when the widths agree, else the projection h·Wp.
        let p = l.input;
        if (l.projection) {
          k.dense(l.input * 4, l.inputStride, l.inputs, l.projection.w * 4, l.projection.b * 4, l.skip * 4, l.stride, padded, l.stride);
          p = l.skip;
        }
        if (l.shortcut === 'residual') {
          k.add(l.out * 4, p * 4, count);
          continue;
        }
        const g = l.gateProduct as Product;
        k.dense(l.input * 4, l.inputStride, l.inputs, g.w * 4, g.b * 4, l.gate * 4, l.stride, padded, l.stride);
        k.squash(l.gate * 4, count, 0.5, 0.5, 0.5);
        k.highway(l.out * 4, p * 4, l.gate * 4, count);
      }
      const h = this.head;
      k.dense(h.input * 4, h.inputStride, h.inputs, h.w * 4, h.b * 4, h.out * 4, h.stride, padded, h.stride);
      if (this.classes === 2) {
        k.softmax2(h.out * 4, padded, this.tmp * 4, this.pairs * 4);
        out.probs.set(f.subarray(this.pairs, this.pairs + rows * 2), start * 2);
      } else {
        softmaxRows(f, h.out, h.stride, this.classes, rows, out.probs, start, this.rowExp);
      }
    }
  }

  private activate(k: GridKernel, f: Float32Array, kind: Activation, at: number, count: number): void {
    switch (kind) {
      case 'linear':
        return;
      case 'tanh':
        return k.squash(at * 4, count, 1, 1, 0);
      case 'sigmoid':
        return k.squash(at * 4, count, 0.5, 0.5, 0.5);
      case 'relu':
        return k.rectify(at * 4, count, 0);
      case 'leaky_relu':
        return k.rectify(at * 4, count, LEAKY_ALPHA);
      default: {
        // The rest run on game/'s own float64 functions, through a copy.
        const [z, a, aux] = this.scratch;
        for (let i = 0; i < count; i++) z[i] = f[at + i];
        activate(kind, z, a, aux, count);
        for (let i = 0; i < count; i++) f[at + i] = a[i];
      }
    }
  }

  /** Writes the current weights into the padded layout (zeros in the padding). */
  private loadWeights(f: Float32Array): void {
    f.fill(0, this.zeros[0], this.zeros[1]);
    const w = this.weights;
    for (const p of this.products) {
      const stride = p.stride;
      const din = p.inputs;
      const units = p.kernel.shape[p.kernel.shape.length - 1] * p.groups;
      const gi = din / p.groups;
      const go = units / p.groups;
      f.fill(0, p.w, p.w + din * stride);
      // Stored [g, din/g, u/g] (PROTOCOL.md): group grp's block sits at rows grp·gi, columns grp·go.
      for (let grp = 0; grp < p.groups; grp++) {
        for (let r = 0; r < gi; r++) {
          const src = p.kernel.offset + (grp * gi + r) * go;
          const dst = p.w + (grp * gi + r) * stride + grp * go;
          for (let j = 0; j < go; j++) f[dst + j] = w[src + j];
        }
      }
      if (p.bias) {
        f.fill(0, p.b, p.b + stride);
        for (let j = 0; j < units; j++) f[p.b + j] = w[p.bias.offset + j];
      }
    }
  }
}

/** dst[j·n + start + r] = F[r, j]: unit-major, as the per-neuron pictures read them. */
function copyUnits(f: Float32Array, at: number, stride: number, units: number, rows: number, dst: Float32Array, n: number, start: number): void {
  for (let r = 0; r < rows; r++) {
    const o = at + r * stride;
    for (let j = 0; j < units; j++) dst[j * n + start + r] = f[o + j];
  }
}

/** probs[start + r, ·] = softmax(logits[r, ·]): the row maximum subtracted, game/'s own exp. */
function softmaxRows(f: Float32Array, at: number, stride: number, classes: number, rows: number, probs: Float32Array, start: number, e: Float64Array): void {
  for (let r = 0; r < rows; r++) {
    const o = at + r * stride;
    let best = 0;
    for (let c = 1; c < classes; c++) if (f[o + c] > f[o + best]) best = c;
    const max = f[o + best];
    let sum = 0;
    const p = (start + r) * classes;
    for (let c = 0; c < classes; c++) {
      // exp(0) is exactly 1: the row maximum skips the call (half the calls with 2 classes).
      e[c] = c === best ? 1 : exp(f[o + c] - max);
      sum += e[c];
    }
    for (let c = 0; c < classes; c++) probs[p + c] = e[c] / sum;
  }
}
