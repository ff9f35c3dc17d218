/**
 * Which forward pass draws a js-engine net's pictures (decision grid, per-neuron pictures): the
 * float32 SIMD kernel where the JavaScript engine has WebAssembly SIMD and the net is dense, else
 * the float64 engine itself. Measured with `npm run bench:train` (README): the SIMD grid is 3–5×
 * the float64 one for N2, N3 and N5, and faster than tfjs wasm's for N2 and N3.
 */
import type { GridPrediction, GridSpec } from '../../grid';
import type { NetworkSpec, TaskShape } from '../../spec';
import { isConvLayer } from '../../spec';
import type { HiddenGrid } from '../internals';
import { EngineForward } from '../predict';
import { gridKernelAvailable } from './kernel';
import { SimdForward } from './simd-forward';

/** What draws a net's pictures over the 2-D input plane. */
export interface PictureForward {
  grid(grid: GridSpec): GridPrediction;
  hiddenGrid(grid: GridSpec): HiddenGrid;
}

/**
 * The drawer for this net and weights (a Float64Array is read live on every picture).
 * @example pictureForward(net, { inputDim: 2, classes: 2 }, weights).grid({ ...PLOT_DOMAIN_2D, res: 100 })
 */
export function pictureForward(network: NetworkSpec, task: TaskShape, weights: Float32Array | Float64Array): PictureForward {
  if (task.inputDim === 2 && !network.layers.some(isConvLayer) && gridKernelAvailable()) return new SimdForward(network, task, weights);
  return new EngineForward(network, task, weights);
}
