/**
 * A network of EngineLayers and the softmax head, with every buffer allocated once for
 * `capacity` rows. One call runs forward (and backward) for a batch; nothing inside allocates.
 * Built by `EngineNetwork.build`, every buffer and the weights live in one kernel arena, where the
 * dense products run in SIMD (arena.ts).
 */
import { weightManifest, type WeightEntry } from '../manifest';
import { layerShapes, shapeSize } from '../conv-shape';
import { hasShortcut } from '../manifest';
import type { NetworkSpec, TaskShape } from '../spec';
import { isConvLayer } from '../spec';
import { ConvLayer } from './conv-layer';
import { DenseLayer } from './dense-layer';
import { Arena } from './arena';
import { SoftmaxHead } from './head';
import type { EngineLayer, UnitTally } from './layer';

export class EngineNetwork {
  readonly manifest: WeightEntry[];
  readonly paramCount: number;
  readonly layers: EngineLayer[];
  readonly head: SoftmaxHead;
  readonly capacity: number;
  readonly inputDim: number;
  /** The batch's input rows, [capacity × inputDim]. */
  readonly input: Float64Array;
  /** d(loss)/d(weights), flat in canonical order, after `backward`. */
  readonly grad: Float64Array;
  /**
   * A weight vector in the network's arena (zeros until written): pass it as `w` so the products
   * can run on the kernel. Any other Float64Array works too, on affine.ts's loops.
   */
  readonly weights: Float64Array;
  readonly arena: Arena;
  /**
   * Per layer, the unit counters a training forward pass adds to (InternalsMeter's), in the arena
   * so that the kernel's tanh can add to them too.
   */
  readonly tallies: readonly UnitTally[];

  /**
   * The network on a kernel arena of exactly the size it needs (plain arrays where the kernel
   * does not run): built once on a plain arena to count its doubles, then on the kernel arena.
   * @example const net = EngineNetwork.build(network, task, 10); net.weights.set(initWeights(network, task, 1))
   */
  static build(network: NetworkSpec, task: TaskShape, capacity: number): EngineNetwork {
    const sizing = Arena.plain();
    new EngineNetwork(network, task, capacity, sizing);
    return new EngineNetwork(network, task, capacity, Arena.withKernel(sizing.used));
  }

  constructor(network: NetworkSpec, task: TaskShape, capacity: number, arena: Arena = Arena.plain()) {
    this.arena = arena;
    this.manifest = weightManifest(network, task);
    const last = this.manifest[this.manifest.length - 1];
    this.paramCount = last.offset + last.size;
    this.capacity = capacity;
    this.inputDim = task.inputDim;
    this.input = arena.alloc(capacity * task.inputDim);
    this.grad = arena.alloc(this.paramCount);
    this.weights = arena.alloc(this.paramCount);
    const byName = new Map(this.manifest.map((e) => [e.name, e]));
    const entry = (name: string): WeightEntry | null => byName.get(name) ?? null;
    const need = (name: string): WeightEntry => {
      const e = byName.get(name);
      if (e === undefined) throw new Error(`weight manifest lacks ${name}`);
      return e;
    };
    const indexOf = (e: WeightEntry): number => this.manifest.indexOf(e);
    const shapes = layerShapes(network, task);
    this.layers = network.layers.map((spec, k): EngineLayer => {
      const i = k + 1;
      const shortcut = hasShortcut(network, i) ? network.shortcut : 'none';
      const input = shapes[k].input;
      const common = {
        bias: need(`layer${i}/bias`),
        projection: entry(`layer${i}/projection`),
        gateKernel: entry(`layer${i}/gate_kernel`),
        gateBias: entry(`layer${i}/gate_bias`),
      };
      if (isConvLayer(spec)) {
        if (input.kind !== 'image') throw new Error(`layer ${i}: a conv layer needs a picture`);
        const { height, width, channels } = input;
        const { filters, kernel, stride, padding, groups, activation, pool } = spec;
        const conv = { index: i, height, width, channels, filters, kernel, stride, padding, groups, activation, pool, shortcut };
        return new ConvLayer({ ...conv, kernelEntry: need(`layer${i}/kernel`), ...common }, indexOf, capacity, arena);
      }
      return new DenseLayer(
        {
          index: i,
          inputWidth: shapeSize(input),
          units: spec.units,
          groups: spec.groups,
          activation: spec.activation,
          shortcut,
          kernel: need(`layer${i}/kernel`),
          ...common,
        },
        indexOf,
        capacity,
        arena,
      );
    });
    this.head = new SoftmaxHead(need('head/kernel'), need('head/bias'), capacity, arena);
    this.tallies = this.layers.map((l) => ({ slope: arena.alloc(l.units), active: arena.alloc(l.units) }));
    // The kernel's transposed copies: hᵀ of a dense input ([width × rows]) or one group's Wᵀ.
    let scratch = 0;
    for (const l of this.layers) {
      if (l.kind === 'dense') scratch = Math.max(scratch, l.inputWidth * Math.max(capacity, l.units));
    }
    const headWidth = need('head/kernel').shape[0];
    scratch = Math.max(scratch, headWidth * Math.max(capacity, this.head.classes));
    arena.scratch = arena.alloc(scratch);
  }

  /** Copies rows order[start .. start+rows) of x (row-major, inputDim wide) into the input buffer. */
  gather(x: Float32Array, order: Int32Array | null, start: number, rows: number): void {
    const d = this.inputDim;
    const inp = this.input;
    for (let r = 0; r < rows; r++) {
      const src = (order === null ? start + r : order[start + r]) * d;
      for (let k = 0; k < d; k++) inp[r * d + k] = x[src + k];
    }
  }

  /** Output of the last hidden layer (the head's input). */
  get lastHidden(): Float64Array {
    return this.layers[this.layers.length - 1].out;
  }

  /**
   * Forward through every layer and the head for the gathered rows; probabilities in head.probs.
   * A training step passes the meter's per-layer unit counters (InternalsMeter.unitTallies).
   */
  forward(rows: number, w: Float64Array, tallies: readonly UnitTally[] | null = null): void {
    let h = this.input;
    const layers = this.layers;
    for (let k = 0; k < layers.length; k++) {
      layers[k].forward(h, rows, w, tallies === null ? null : tallies[k]);
      h = layers[k].out;
    }
    this.head.forward(h, rows, w);
  }

  /** After `forward` and `head.loss`: every weight's gradient into `grad`, top layer first. */
  backward(rows: number, w: Float64Array): void {
    const L = this.layers.length;
    this.head.backward(this.lastHidden, rows, w, this.grad, this.layers[L - 1].dOut);
    for (let k = L - 1; k >= 0; k--) {
      const input = k === 0 ? this.input : this.layers[k - 1].out;
      const dInput = k === 0 ? null : this.layers[k - 1].dOut;
      this.layers[k].backward(input, rows, w, this.grad, dInput);
    }
  }
}
