/**
 * A hidden dense layer (groups, and the shortcut from its input) as an EngineLayer.
 *
 *   F = f(z), z = h·W + b                      (block-diagonal W when groups > 1)
 *   none:     y = F
 *   residual: y = F + P(h)                      P = identity, or h·Wp when widths differ
 *   highway:  y = P(h) + T·(F − P(h)),  T = σ(h·Wt + bt)
 */
import type { WeightEntry } from '../manifest';
import type { Activation, Shortcut } from '../spec';
import { activate, activateTally, activationBackward, activationBackwardSq } from './activations';
import { affineBackward, affineForward, type AffineShape } from './affine';
import type { AffineKernel } from './affine-kernel/kernel';
import type { Arena } from './arena';
import type { EngineLayer, UnitTally } from './layer';
import { sigmoid } from './math';
import { sumSq } from './sum-sq';

/** Where a dense layer's weights live in the flat vector (-1: absent). */
export interface DenseLayerSpec {
  index: number;
  inputWidth: number;
  units: number;
  groups: number;
  activation: Activation;
  /** The shortcut this layer has ('none' for layer 1). */
  shortcut: Shortcut;
  kernel: WeightEntry;
  bias: WeightEntry;
  projection: WeightEntry | null;
  gateKernel: WeightEntry | null;
  gateBias: WeightEntry | null;
}

export class DenseLayer implements EngineLayer {
  readonly kind = 'dense' as const;
  readonly index: number;
  readonly inputWidth: number;
  readonly outputWidth: number;
  readonly units: number;
  readonly out: Float64Array;
  readonly unitOut: Float64Array;
  readonly dOut: Float64Array;
  readonly entries: readonly number[];
  private readonly spec: DenseLayerSpec;
  private readonly shape: AffineShape;
  private readonly full: AffineShape;
  private readonly z: Float64Array;
  private readonly aux: Float64Array;
  /** dL/dz of the unit path; with a gate, first dL/dF. */
  private readonly dz: Float64Array;
  /** Highway only: gate T, and dL/d(gate pre-activation). */
  private readonly gate: Float64Array;
  private readonly dzGate: Float64Array;
  /** Shortcut path P(h) when it is a projection; dL/dP when gated (else dL/dP is dL/dy itself). */
  private readonly skip: Float64Array;
  private readonly dSkip: Float64Array;
  private readonly arena: Arena;
  /** tanh on the kernel: a tanh layer in a kernel arena, whose own buffers the kernel reaches. */
  private readonly kernelTanh: AffineKernel | null;
  signalSq = 0;

  constructor(spec: DenseLayerSpec, entryIndex: (e: WeightEntry) => number, capacity: number, arena: Arena) {
    this.spec = spec;
    this.arena = arena;
    this.index = spec.index;
    this.inputWidth = spec.inputWidth;
    this.outputWidth = spec.units;
    this.units = spec.units;
    this.shape = { din: spec.inputWidth, u: spec.units, g: spec.groups };
    this.full = { din: spec.inputWidth, u: spec.units, g: 1 };
    const n = capacity * spec.units;
    const highway = spec.shortcut === 'highway';
    this.z = arena.alloc(n);
    this.unitOut = arena.alloc(n);
    this.aux = arena.alloc(n);
    this.dz = arena.alloc(n);
    this.dOut = arena.alloc(n);
    this.out = spec.shortcut === 'none' ? this.unitOut : arena.alloc(n);
    this.gate = arena.alloc(highway ? n : 0);
    this.dzGate = arena.alloc(highway ? n : 0);
    this.skip = arena.alloc(spec.projection ? n : 0);
    this.dSkip = arena.alloc(highway ? n : 0);
    const owned = [spec.kernel, spec.bias, spec.projection, spec.gateKernel, spec.gateBias];
    this.kernelTanh = spec.activation === 'tanh' ? arena.kernel : null;
    this.entries = owned.filter((e): e is WeightEntry => e !== null).map(entryIndex);
  }

  forward(h: Float64Array, rows: number, w: Float64Array, tally: UnitTally | null): void {
    const s = this.spec;
    const n = rows * s.units;
    affineForward(this.arena, this.shape, h, w, s.kernel.offset, s.bias.offset, this.z, rows);
    const k = this.kernelTanh;
    if (k !== null && (tally === null || this.arena.holds(tally.slope))) {
      const slope = tally === null ? -1 : tally.slope.byteOffset;
      k.tanh_rows(this.z.byteOffset, this.unitOut.byteOffset, slope, rows, s.units, 1, this.arena.expTable);
    } else if (tally === null) activate(s.activation, this.z, this.unitOut, this.aux, n);
    else activateTally(s.activation, this.z, this.unitOut, this.aux, rows, s.units, tally, 1);
    if (s.shortcut === 'none') return;
    // P(h): the input itself when the widths agree, else the projection h·Wp.
    const p = s.projection ? this.skip : h;
    if (s.projection) affineForward(this.arena, this.full, h, w, s.projection.offset, -1, this.skip, rows);
    const f = this.unitOut;
    const y = this.out;
    if (s.shortcut === 'residual') {
      for (let i = 0; i < n; i++) y[i] = f[i] + p[i];
      return;
    }
    const t = this.gate;
    affineForward(this.arena, this.full, h, w, (s.gateKernel as WeightEntry).offset, (s.gateBias as WeightEntry).offset, t, rows);
    for (let i = 0; i < n; i++) {
      t[i] = sigmoid(t[i]);
      y[i] = p[i] + t[i] * (f[i] - p[i]);
    }
  }

  backward(h: Float64Array, rows: number, w: Float64Array, grad: Float64Array, dh: Float64Array | null): void {
    const s = this.spec;
    const n = rows * s.units;
    const dy = this.dOut;
    // dL/dF and dL/dP: dy itself without a gate (no copy), else the gated parts computed below.
    let dF = dy;
    let dP = dy;
    if (s.shortcut === 'highway') {
      // dF = dy·T, dP = dy·(1 − T), dzT = dy·(F − P)·T(1 − T)
      const p = s.projection ? this.skip : h;
      const t = this.gate;
      const f = this.unitOut;
      dF = this.dz; // turned into dL/dz in place below
      dP = this.dSkip;
      for (let i = 0; i < n; i++) {
        dF[i] = dy[i] * t[i];
        dP[i] = dy[i] * (1 - t[i]);
        this.dzGate[i] = dy[i] * (f[i] - p[i]) * (t[i] * (1 - t[i]));
      }
    }
    // dz = dF ⊙ f′(z); without a gate dF is dy, and the loop also sums dy² (the signal norm).
    if (s.shortcut === 'highway') {
      this.signalSq = sumSq(dy, n);
      activationBackward(s.activation, this.z, this.unitOut, this.aux, dF, this.dz, n);
    } else if (this.kernelTanh !== null) {
      this.signalSq = this.kernelTanh.tanh_back_sq(this.unitOut.byteOffset, dF.byteOffset, this.dz.byteOffset, n);
    } else {
      this.signalSq = activationBackwardSq(s.activation, this.z, this.unitOut, this.aux, dF, this.dz, n);
    }
    // dW = hᵀ·dz, db = Σ_rows dz, dh = dz·Wᵀ
    affineBackward(this.arena, this.shape, h, this.dz, w, s.kernel.offset, s.bias.offset, grad, dh, 'overwrite', rows);
    if (s.shortcut === 'none') return;
    if (s.shortcut === 'highway') {
      // dWt = hᵀ·dzT, dbt = Σ_rows dzT, dh += dzT·Wtᵀ
      const gk = s.gateKernel as WeightEntry;
      affineBackward(this.arena, this.full, h, this.dzGate, w, gk.offset, (s.gateBias as WeightEntry).offset, grad, dh, 'add', rows);
    }
    if (s.projection) {
      // dWp = hᵀ·dP, dh += dP·Wpᵀ
      affineBackward(this.arena, this.full, h, dP, w, s.projection.offset, -1, grad, dh, 'add', rows);
    } else if (dh !== null) {
      // identity shortcut: dh += dP
      for (let i = 0; i < n; i++) dh[i] += dP[i];
    }
  }
}
