/**
 * A hidden conv layer (groups, stride, padding, the shortcut from its input, the pool) as an
 * EngineLayer. Buffers hold one [h, w, c] picture per batch row, row-major.
 *
 *   F = f(z), z = conv_k(h, K) + b                     (grouped when groups > 1)
 *   none:     Y = F
 *   residual: Y = F + P(h)                             P = identity, or conv_1×1(h, Wp)
 *   highway:  Y = P(h) + T·(F − P(h)),  T = σ(conv_1×1(h, Wt) + bt)
 *   out = pool(Y)                                      (2×2 max or avg, or Y itself)
 * The 1×1 paths read input pixel o·stride + offset (conv-shape.ts `shortcutOffset`).
 */
import { padBefore, shortcutOffset } from '../conv-shape';
import type { WeightEntry } from '../manifest';
import type { Activation, ConvPadding, ConvPool, Shortcut } from '../spec';
import { activate, activateTally, activationBackward } from './activations';
import { convBackward, convForward, type ConvGeom } from './conv';
import type { Arena } from './arena';
import type { EngineLayer, UnitTally } from './layer';
import { sigmoid } from './math';
import { poolBackward, poolForward, type PoolGeom } from './pool';
import { sumSq } from './sum-sq';

/** A conv layer's geometry and where its weights live in the flat vector (null: absent). */
export interface ConvLayerSpec {
  index: number;
  /** Input picture. */
  height: number;
  width: number;
  channels: number;
  filters: number;
  kernel: number;
  stride: number;
  padding: ConvPadding;
  groups: number;
  activation: Activation;
  pool: ConvPool;
  /** The shortcut this layer has ('none' unless its input is a conv layer's output). */
  shortcut: Shortcut;
  kernelEntry: WeightEntry;
  bias: WeightEntry;
  projection: WeightEntry | null;
  gateKernel: WeightEntry | null;
  gateBias: WeightEntry | null;
}

export class ConvLayer implements EngineLayer {
  readonly kind = 'conv' as const;
  readonly index: number;
  readonly inputWidth: number;
  readonly outputWidth: number;
  readonly units: number;
  /** Pooled output, [capacity × outputWidth] (Y itself when there is no pool). */
  readonly out: Float64Array;
  /** Feature maps F = f(z) before shortcut and pool, [capacity × convHeight·convWidth·filters]. */
  readonly unitOut: Float64Array;
  readonly dOut: Float64Array;
  readonly entries: readonly number[];
  /** The convolution's output picture (before the pool). */
  readonly convHeight: number;
  readonly convWidth: number;
  private readonly spec: ConvLayerSpec;
  private readonly main: ConvGeom;
  private readonly pointwise: ConvGeom;
  private readonly poolGeom: PoolGeom;
  private readonly z: Float64Array;
  private readonly aux: Float64Array;
  /** dL/dF, turned into dL/dz in place. */
  private readonly dz: Float64Array;
  /** Y before the pool (F itself without a shortcut), and dL/dY. */
  private readonly y: Float64Array;
  private readonly dY: Float64Array;
  private readonly gate: Float64Array;
  private readonly dzGate: Float64Array;
  private readonly skip: Float64Array;
  private readonly dSkip: Float64Array;
  private readonly arg: Int32Array;
  signalSq = 0;

  constructor(spec: ConvLayerSpec, entryIndex: (e: WeightEntry) => number, capacity: number, arena: Arena) {
    this.spec = spec;
    this.index = spec.index;
    this.units = spec.filters;
    const { height: h, width: w, channels: c, filters: f, kernel: k, stride, padding } = spec;
    const ho = padding === 'same' ? Math.ceil(h / stride) : Math.floor((h - k) / stride) + 1;
    const wo = padding === 'same' ? Math.ceil(w / stride) : Math.floor((w - k) / stride) + 1;
    this.convHeight = ho;
    this.convWidth = wo;
    const base = { h, w, c, ho, wo, f, stride };
    this.main = { ...base, kernel: k, padTop: padBefore(h, k, stride, padding), padLeft: padBefore(w, k, stride, padding), groups: spec.groups };
    const off = shortcutOffset(k, padding);
    this.pointwise = { ...base, kernel: 1, padTop: -off, padLeft: -off, groups: 1 };
    this.poolGeom = { h: ho, w: wo, f };
    this.inputWidth = h * w * c;
    const convSize = ho * wo * f;
    this.outputWidth = spec.pool === 'none' ? convSize : Math.floor(ho / 2) * Math.floor(wo / 2) * f;
    const n = capacity * convSize;
    const highway = spec.shortcut === 'highway';
    this.z = arena.alloc(n);
    this.unitOut = arena.alloc(n);
    this.aux = arena.alloc(n);
    this.dz = arena.alloc(n);
    this.y = spec.shortcut === 'none' ? this.unitOut : arena.alloc(n);
    this.out = spec.pool === 'none' ? this.y : arena.alloc(capacity * this.outputWidth);
    this.dOut = arena.alloc(capacity * this.outputWidth);
    this.dY = spec.pool === 'none' ? this.dOut : arena.alloc(n);
    this.arg = new Int32Array(spec.pool === 'max' ? capacity * this.outputWidth : 0);
    this.gate = arena.alloc(highway ? n : 0);
    this.dzGate = arena.alloc(highway ? n : 0);
    this.skip = arena.alloc(spec.projection ? n : 0);
    this.dSkip = arena.alloc(spec.shortcut === 'none' ? 0 : n);
    const owned = [spec.kernelEntry, spec.bias, spec.projection, spec.gateKernel, spec.gateBias];
    this.entries = owned.filter((e): e is WeightEntry => e !== null).map(entryIndex);
  }

  /** With a tally, per filter: the slope summed over rows of its mean over pixels, and rows × pixels with z > 0. */
  forward(h: Float64Array, rows: number, w: Float64Array, tally: UnitTally | null): void {
    const s = this.spec;
    const pixels = this.convHeight * this.convWidth;
    const n = rows * pixels * s.filters;
    convForward(this.main, h, rows, w, s.kernelEntry.offset, s.bias.offset, this.z);
    if (tally === null) activate(s.activation, this.z, this.unitOut, this.aux, n);
    else activateTally(s.activation, this.z, this.unitOut, this.aux, rows * pixels, s.filters, tally, 1 / pixels);
    if (s.shortcut !== 'none') {
      // P(h): the input itself when the shapes agree, else the 1×1 projection.
      const p = s.projection ? this.skip : h;
      if (s.projection) convForward(this.pointwise, h, rows, w, s.projection.offset, -1, this.skip);
      const f = this.unitOut;
      const y = this.y;
      if (s.shortcut === 'residual') {
        for (let i = 0; i < n; i++) y[i] = f[i] + p[i];
      } else {
        const t = this.gate;
        convForward(this.pointwise, h, rows, w, (s.gateKernel as WeightEntry).offset, (s.gateBias as WeightEntry).offset, t);
        for (let i = 0; i < n; i++) {
          t[i] = sigmoid(t[i]);
          y[i] = p[i] + t[i] * (f[i] - p[i]);
        }
      }
    }
    if (s.pool !== 'none') poolForward(s.pool, this.poolGeom, this.y, rows, this.out, this.arg);
  }

  backward(h: Float64Array, rows: number, w: Float64Array, grad: Float64Array, dh: Float64Array | null): void {
    const s = this.spec;
    const n = rows * this.convHeight * this.convWidth * s.filters;
    // The signal norm over the pooled gradient (a separate pass: the pool's loop scatters it).
    this.signalSq = sumSq(this.dOut, rows * this.outputWidth);
    // dY from the pooled gradient (max: to the winning pixel; avg: a quarter to each).
    if (s.pool !== 'none') poolBackward(s.pool, this.poolGeom, this.dOut, rows, this.arg, this.dY);
    const dy = this.dY;
    const dF = this.dz;
    if (s.shortcut === 'none') {
      for (let i = 0; i < n; i++) dF[i] = dy[i];
    } else if (s.shortcut === 'residual') {
      // dF = dY, dP = dY
      for (let i = 0; i < n; i++) {
        dF[i] = dy[i];
        this.dSkip[i] = dy[i];
      }
    } else {
      // dF = dY·T, dP = dY·(1 − T), dzT = dY·(F − P)·T(1 − T)
      const p = s.projection ? this.skip : h;
      const t = this.gate;
      const f = this.unitOut;
      for (let i = 0; i < n; i++) {
        dF[i] = dy[i] * t[i];
        this.dSkip[i] = dy[i] * (1 - t[i]);
        this.dzGate[i] = dy[i] * (f[i] - p[i]) * (t[i] * (1 - t[i]));
      }
    }
    // dz = dF ⊙ f′(z)
    activationBackward(s.activation, this.z, this.unitOut, this.aux, dF, this.dz, n);
    // dK = Σ x·dz over taps, db = Σ dz, dh = Σ dz·K (conv.ts)
    convBackward(this.main, h, this.dz, rows, w, s.kernelEntry.offset, s.bias.offset, grad, dh, 'overwrite');
    if (s.shortcut === 'none') return;
    if (s.shortcut === 'highway') {
      // dWt = Σ x·dzT, dbt = Σ dzT, dh += dzT·Wtᵀ (1×1)
      convBackward(this.pointwise, h, this.dzGate, rows, w, (s.gateKernel as WeightEntry).offset, (s.gateBias as WeightEntry).offset, grad, dh, 'add');
    }
    if (s.projection) {
      // dWp = Σ x·dP, dh += dP·Wpᵀ (1×1)
      convBackward(this.pointwise, h, this.dSkip, rows, w, s.projection.offset, -1, grad, dh, 'add');
    } else if (dh !== null) {
      // identity shortcut (same [h, w, c]): dh += dP
      for (let i = 0; i < n; i++) dh[i] += this.dSkip[i];
    }
  }
}
