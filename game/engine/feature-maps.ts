/**
 * What a conv net's views draw (DESIGN.md §5 "Seeing why"): every conv layer's learned kernels,
 * filter by filter, and for one input picture every conv layer's feature maps. Both read the flat
 * weight vector in canonical order (game/manifest); the feature maps come from the js engine's own
 * forward pass, so they are exactly what the trained net computes. Pure.
 */
import { layerShapes } from '../conv-shape';
import { weightManifest } from '../manifest';
import { isConvLayer, type NetworkSpec, type TaskShape } from '../spec';
import { EngineNetwork } from './network';

/** One conv layer's kernels, regrouped filter-major for drawing. */
export interface ConvKernels {
  /** 1-based hidden layer index. */
  layer: number;
  kernel: number;
  filters: number;
  groups: number;
  /** Input channels each filter reads (the layer's input channels / groups). */
  inChannels: number;
  /** [filters, kernel, kernel, inChannels], row-major: filter f's weight at (y, x) for its channel c. */
  values: Float32Array;
}

/** One conv layer's output for one input: after the activation, the shortcut and the pool. */
export interface FeatureMap {
  /** 1-based hidden layer index. */
  layer: number;
  height: number;
  width: number;
  channels: number;
  /** [height, width, channels], row-major (the order the next layer reads). */
  values: Float32Array;
}

/**
 * Every conv layer's kernels from the flat weights. The protocol stores a kernel as
 * [g, k, k, c/g, f/g]; filter f = group·(f/g) + j. Throws RangeError when `weights` does not belong
 * to the network. Pure.
 * @example convKernels(net, taskShape('digits'), weights)[0].values.length // filters·k·k·c/g
 */
export function convKernels(network: NetworkSpec, task: TaskShape, weights: ArrayLike<number>): ConvKernels[] {
  const manifest = weightManifest(network, task);
  const last = manifest[manifest.length - 1];
  if (weights.length !== last.offset + last.size) throw new RangeError(`expected ${last.offset + last.size} weights, got ${weights.length}`);
  const out: ConvKernels[] = [];
  network.layers.forEach((l, k) => {
    if (!isConvLayer(l)) return;
    const entry = manifest.find((e) => e.name === `layer${k + 1}/kernel`);
    if (!entry) throw new Error(`weight manifest lacks layer${k + 1}/kernel`);
    const [g, kk, , cg, fg] = entry.shape;
    const values = new Float32Array(l.filters * kk * kk * cg);
    for (let gi = 0; gi < g; gi++)
      for (let y = 0; y < kk; y++)
        for (let x = 0; x < kk; x++)
          for (let c = 0; c < cg; c++)
            for (let j = 0; j < fg; j++) {
              const f = gi * fg + j;
              values[((f * kk + y) * kk + x) * cg + c] = weights[entry.offset + (((gi * kk + y) * kk + x) * cg + c) * fg + j];
            }
    out.push({ layer: k + 1, kernel: kk, filters: l.filters, groups: g, inChannels: cg, values });
  });
  return out;
}

/**
 * Runs one input (`inputDim` values, the picture row-major in [h, w, c]) through the net and
 * returns each conv layer's output. Throws RangeError when `weights` or `x` has the wrong length.
 * Allocates one single-row engine network per call: call it throttled, not per step. Pure.
 * @example featureMaps(net, taskShape('digits'), weights, data.x.subarray(0, 64)).map((m) => m.height) // [4, 4]
 */
export function featureMaps(network: NetworkSpec, task: TaskShape, weights: ArrayLike<number>, x: ArrayLike<number>): FeatureMap[] {
  const net = new EngineNetwork(network, task, 1);
  if (weights.length !== net.paramCount) throw new RangeError(`expected ${net.paramCount} weights, got ${weights.length}`);
  if (x.length !== task.inputDim) throw new RangeError(`expected ${task.inputDim} input values, got ${x.length}`);
  const w = Float64Array.from(weights);
  net.gather(Float32Array.from(x), null, 0, 1);
  net.forward(1, w);
  const shapes = layerShapes(network, task);
  const maps: FeatureMap[] = [];
  net.layers.forEach((layer, k) => {
    const s = shapes[k].output;
    if (layer.kind !== 'conv' || s.kind !== 'image') return;
    maps.push({ layer: k + 1, height: s.height, width: s.width, channels: s.channels, values: Float32Array.from(layer.out.subarray(0, layer.outputWidth)) });
  });
  return maps;
}
