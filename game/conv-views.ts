/**
 * What a conv layer learned, for the views (issue 12): every kernel as a small picture, and a
 * sample's feature maps, layer by layer. Pure; runs on the js engine (bit-exact, no tfjs), so the
 * builder can draw them live from the weights `onEpoch` hands out (`readWeights()`).
 */
import { layerShapes } from './conv-shape';
import { EngineNetwork } from './engine/network';
import { weightManifest } from './manifest';
import type { NetworkSpec, TaskShape } from './spec';
import { isConvLayer } from './spec';

/** One filter's kernel: k×k values per input channel of its group, [channel][ky][kx] row-major. */
export interface KernelPicture {
  /** 1-based hidden layer. */
  layer: number;
  filter: number;
  size: number;
  /** Input channels this filter reads (c/g), and the first of them. */
  channels: number;
  firstChannel: number;
  /** [channels × size × size]. */
  values: Float32Array;
}

/**
 * Every conv filter's kernel, in layer then filter order, from the flat weight vector. Pure.
 * @example convKernels(net, taskShape('digits'), weights)[0].values.length // 9 for a 3×3 kernel on 1 channel
 */
export function convKernels(network: NetworkSpec, task: TaskShape, weights: Float32Array): KernelPicture[] {
  const out: KernelPicture[] = [];
  const manifest = weightManifest(network, task);
  network.layers.forEach((layer, idx) => {
    if (!isConvLayer(layer)) return;
    const entry = manifest.find((e) => e.name === `layer${idx + 1}/kernel`);
    if (!entry) return;
    const [, k, , cpg, fpg] = entry.shape;
    for (let j = 0; j < layer.filters; j++) {
      const grp = Math.floor(j / fpg);
      const jo = j % fpg;
      const values = new Float32Array(cpg * k * k);
      for (let ci = 0; ci < cpg; ci++) {
        for (let ky = 0; ky < k; ky++) {
          for (let kx = 0; kx < k; kx++) {
            values[(ci * k + ky) * k + kx] = weights[entry.offset + ((((grp * k + ky) * k + kx) * cpg + ci) * fpg + jo)];
          }
        }
      }
      out.push({ layer: idx + 1, filter: j, size: k, channels: cpg, firstChannel: grp * cpg, values });
    }
  });
  return out;
}

/** One conv layer's feature maps for one sample: per filter an h×w picture. */
export interface FeatureMaps {
  layer: number;
  height: number;
  width: number;
  filters: number;
  /** After the activation, before the shortcut and pool: [filters × height × width]. */
  maps: Float32Array;
}

/**
 * The feature maps of every conv layer for row `row` of x (row-major, inputDim wide). Pure.
 * @example convFeatureMaps(net, taskShape('strokes'), weights, data.x, 0)[0].maps.length // 12·12·filters
 */
export function convFeatureMaps(network: NetworkSpec, task: TaskShape, weights: Float32Array, x: Float32Array, row: number): FeatureMaps[] {
  const net = new EngineNetwork(network, task, 1);
  net.gather(x, null, row, 1);
  net.forward(1, Float64Array.from(weights));
  const shapes = layerShapes(network, task);
  const out: FeatureMaps[] = [];
  network.layers.forEach((layer, idx) => {
    const s = shapes[idx].conv;
    if (!isConvLayer(layer) || s.kind !== 'image') return;
    const { height, width, channels: f } = s;
    const src = net.layers[idx].unitOut;
    const maps = new Float32Array(f * height * width);
    for (let p = 0; p < height * width; p++) for (let j = 0; j < f; j++) maps[j * height * width + p] = src[p * f + j];
    out.push({ layer: idx + 1, height, width, filters: f, maps });
  });
  return out;
}
