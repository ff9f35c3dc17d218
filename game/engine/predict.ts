/**
 * Forward-only passes of the js engine over many rows, in chunks of CHUNK_ROWS so the buffers
 * stay small (a 100×100 grid is 40 chunks): probabilities, every hidden unit's output, the last
 * hidden layer's output.
 */
import { argmaxRows, gridPoints, GridSpecError, type GridPrediction, type GridSpec } from '../grid';
import type { NetworkSpec, TaskShape } from '../spec';
import type { HiddenGrid } from './internals';
import { EngineNetwork } from './network';

export const CHUNK_ROWS = 256;

/** What a forward pass over many rows copies out of each chunk. */
export interface ForwardOutputs {
  /** [n × classes] probabilities. */
  probs?: Float32Array;
  /** Per hidden layer [units × n], unit-major: unit outputs before any shortcut (conv: [h·w·f × n]). */
  units?: Float32Array[];
  /** [n × width] output of the last hidden layer. */
  lastHidden?: Float32Array;
}

/** A reusable inference net for one network and weight vector. */
export class EngineForward {
  private readonly net: EngineNetwork;
  private readonly weights: Float64Array;

  /**
   * Float32 weights are copied once, into the network's kernel arena (the products run on the
   * kernel). A Float64Array is used live (the trainer passes its float64 mirror, so predictions
   * during training see the current weights); it lives outside this network's arena, so the
   * network is built on plain arrays and no WebAssembly memory is made for it.
   */
  constructor(network: NetworkSpec, task: TaskShape, weights: Float32Array | Float64Array) {
    const live = weights instanceof Float64Array;
    this.net = live ? new EngineNetwork(network, task, CHUNK_ROWS) : EngineNetwork.build(network, task, CHUNK_ROWS);
    if (weights.length !== this.net.paramCount) throw new RangeError(`expected ${this.net.paramCount} weights, got ${weights.length}`);
    if (live) this.weights = weights;
    else {
      this.net.weights.set(weights);
      this.weights = this.net.weights;
    }
  }

  get classes(): number {
    return this.net.head.classes;
  }

  get inputDim(): number {
    return this.net.inputDim;
  }

  /** Runs `n` rows of x (row-major) and fills the requested outputs. */
  run(x: Float32Array, n: number, out: ForwardOutputs): void {
    const net = this.net;
    if (!Number.isInteger(n) || n < 0 || x.length !== n * net.inputDim) {
      throw new RangeError(`expected ${n}×${net.inputDim} inputs, got ${x.length} values`);
    }
    const c = net.head.classes;
    for (let start = 0; start < n; start += CHUNK_ROWS) {
      const rows = Math.min(CHUNK_ROWS, n - start);
      net.gather(x, null, start, rows);
      net.forward(rows, this.weights);
      if (out.probs) for (let i = 0; i < rows * c; i++) out.probs[start * c + i] = net.head.probs[i];
      if (out.units) {
        net.layers.forEach((layer, k) => {
          // A conv layer's unit outputs are its feature maps before the pool (h·w·filters values).
          const u = layer.unitOut.length / net.capacity;
          const dst = (out.units as Float32Array[])[k];
          for (let r = 0; r < rows; r++) for (let j = 0; j < u; j++) dst[j * n + start + r] = layer.unitOut[r * u + j];
        });
      }
      if (out.lastHidden) {
        const w = net.lastHidden.length / net.capacity;
        for (let i = 0; i < rows * w; i++) out.lastHidden[start * w + i] = net.lastHidden[i];
      }
    }
  }

  /** Softmax probabilities, [n × classes]. */
  probs(x: Float32Array, n: number): Float32Array {
    const probs = new Float32Array(n * this.classes);
    this.run(x, n, { probs });
    return probs;
  }

  /** The last hidden layer's output, [n × width]. */
  lastHidden(x: Float32Array, n: number): Float32Array {
    const lastHidden = new Float32Array(n * (this.net.lastHidden.length / this.net.capacity));
    this.run(x, n, { lastHidden });
    return lastHidden;
  }

  /** Probabilities and argmax over a decision grid (2-D tasks). */
  grid(grid: GridSpec): GridPrediction {
    if (this.net.inputDim !== 2) throw new GridSpecError('decision grids need a 2-D task');
    const probs = this.probs(gridPoints(grid), grid.res * grid.res);
    return { res: grid.res, classes: this.classes, probs, labels: argmaxRows(probs, this.classes) };
  }

  /** Every hidden unit's output over a grid, and the probabilities, in one pass. */
  hiddenGrid(grid: GridSpec): HiddenGrid {
    if (this.net.inputDim !== 2) throw new GridSpecError('decision grids need a 2-D task');
    const n = grid.res * grid.res;
    const probs = new Float32Array(n * this.classes);
    const units = this.net.layers.map((l) => new Float32Array(l.outputWidth * n));
    this.run(gridPoints(grid), n, { probs, units });
    return { res: grid.res, layers: units, probs };
  }
}
