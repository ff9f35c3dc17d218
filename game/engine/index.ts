/**
 * # The js engine
 *
 * game/'s own trainer in plain TypeScript, for the whole network spec: dense and conv layers with groups,
 * residual and highway shortcuts with projections, the ten activations, the softmax head with
 * `cross_entropy` or `mse`, l2 on kernels, sgd / momentum / adam. Same seeded init, epoch
 * permutations and batches as the tfjs path, so `initBackend('js')` changes the engine and
 * nothing else about a training run.
 *
 * ## The rule that makes it bit-exact in every JavaScript engine
 * 1. Arithmetic on values is + − × ÷ and Math.sqrt only: IEEE-754 rounds each exactly, so V8,
 *    SpiderMonkey and JavaScriptCore produce the same bits. Comparisons, Math.round/floor and
 *    integer index arithmetic are exact too.
 * 2. exp, log, tanh, sigmoid and erf are game/'s own, built from those ops (`math.ts`, with their
 *    error against Math stated there). Nothing here calls Math.exp, log, tanh, pow, sin or cos.
 * 3. Every sum runs in one fixed order, written beside its loop (`affine.ts`, `head.ts`,
 *    `internals.ts`, `sum-sq.ts`). No parallel reduction, no reordering by the data.
 * 4. Weights are float32 (the wire format), rounded as they are stored (Math.fround, IEEE's exact
 *    rounding to float32); everything in between is float64 in preallocated Float64Arrays.
 *
 * ## Where things are
 * - `layer.ts`: the EngineLayer interface; `dense-layer.ts` and `conv-layer.ts` are its kinds
 *   (conv: grouped k×k convolution, stride, padding, identity or 1×1 shortcut, highway gate, pool).
 * - `conv.ts`: the convolution loops and their gradients; `pool.ts`: 2×2 max and avg pools.
 * - `affine.ts`: z = h·W + b and its gradients, the only matrix loops.
 * - `activations.ts`: the ten activations and their derivatives as array loops.
 * - `head.ts`: softmax and the two losses. `network.ts`: layers + head with their buffers.
 * - `optimizer.ts`: sgd, momentum, adam. `train.ts`: the epoch loop. `predict.ts`: inference.
 * - `internals.ts`: gradient norms, saturated and dead units, per epoch; the unit counts ride on
 *   the training forward's activation loop and the signal norm on the backward's (`sum-sq.ts`).
 * - `grid-kernel/`: the pictures (decision grid, per-neuron pictures) on a 2 KB float32
 *   WebAssembly SIMD kernel of our own, `grid-kernel.wat`. Pictures only: nothing that trains,
 *   scores or replays runs there, so the rule above governs every byte that is verified.
 */
export { trainJs } from './train';
export { EngineForward, CHUNK_ROWS } from './predict';
export { EngineNetwork } from './network';
export { InternalsMeter, SATURATION_SLOPE, type EpochInternals, type HiddenGrid, type LayerInternals } from './internals';
export { exp, expm1, log, log1p, tanh, sigmoid, erf } from './math';
export { lossGradientJs, type BatchGradient } from './gradient';
