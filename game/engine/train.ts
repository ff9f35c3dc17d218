/**
 * `train` on the js engine: the same seeded init, epoch permutations and mini-batches as the tfjs
 * trainer (game/train.ts), on buffers allocated before the first step.
 */
import { initWeights } from '../init';
import { deriveSeed, seededPermutationInto } from '../rng';
import type { TaskShape } from '../spec';
import { checkData, checkGroups, datasetShape, parseSpecs, type TrainOptions, type TrainResult } from '../train-types';
import { splitHoldout } from '../validation';
import { yieldToEventLoop } from '../yield';
import { InternalsMeter } from './internals';
import { EngineNetwork } from './network';
import { EngineOptimizer } from './optimizer';
import { EngineForward } from './predict';
import { StepLoop } from './step-loop';
import { pictureForward, type PictureForward } from './grid-kernel/picture-forward';

const now = (): number => (typeof performance !== 'undefined' ? performance.now() : Date.now());

/**
 * Least time between two yields to the event loop, ms. A small net's epoch takes well under a
 * millisecond, and a yield per epoch (a macrotask) would cost more than the epoch; yielding by time
 * keeps cancel messages and socket events flowing without that. It never affects the weights.
 */
export const YIELD_EVERY_MS = 8;

/**
 * Trains a network from its seeded initial weights on the js engine. Async only to yield to the
 * event loop between epochs, at most every YIELD_EVERY_MS (a Worker can then receive messages). Throws TrainInputError
 * for bad specs or data. Bit-exact in every JavaScript engine (see engine/index.ts).
 * @example const r = await trainJs({ network, training, data: generateSynthetic('xor', { seed: 1, n: 200, noise: 0 }) });
 */
export async function trainJs(opts: TrainOptions): Promise<TrainResult> {
  const { network, training } = parseSpecs(opts.network, opts.training);
  checkData(opts.data);
  // A declared holdout is kept out of training here, so every caller (page, bot, replay) agrees.
  const data = splitHoldout(opts.data, training).train;
  const task: TaskShape = datasetShape(data);
  checkGroups(network, task);
  const shouldStop = opts.shouldStop ?? ((): boolean => false);
  const loss = training.loss ?? 'cross_entropy';
  const n = data.n;
  const batchSize = Math.min(training.batchSize, n);
  const stepsPerEpoch = Math.ceil(n / batchSize);
  const started = now();
  let lastYield = started;

  const net = EngineNetwork.build(network, task, batchSize);
  // The float32 weights held as float64 (every float32 is exact there), in the network's arena: the
  // layers read them without a conversion and the products run on the kernel; the optimizer rounds
  // each update to float32, and a Float32Array is made when the weights are read.
  const mirror = net.weights;
  mirror.set(initWeights(network, task, training.seed));
  const optimizer = new EngineOptimizer(net.manifest, net.paramCount, training);
  // One buffer for every epoch's order: the permutation is written over the last one.
  const order = new Int32Array(n);
  const meter = new InternalsMeter(
    net,
    network.layers.map((l) => l.activation),
  );
  const inference = new EngineForward(network, task, mirror);
  // Pictures (decision grid, per-neuron pictures) on the SIMD kernel where it runs; made on the
  // first picture asked for, so runs that draw nothing (replays, the bot) never build it.
  let drawer: PictureForward | null = null;
  const picture = (): PictureForward => (drawer ??= pictureForward(network, task, mirror));
  const loop = new StepLoop({ net, optimizer, meter, data, order, mirror, loss, batchSize, shouldStop });
  let epochsRun = 0;
  let epochLoss = Number.NaN;
  let accuracy = Number.NaN;
  let cancelled = false;
  for (let e = 0; e < training.epochs && !cancelled; e++) {
    seededPermutationInto(order, deriveSeed(training.seed, `epoch:${e}`));
    loop.startEpoch();
    if (opts.betweenSteps) {
      // One step at a time, awaiting the caller's pause after each.
      for (let start = 0; start < n; ) {
        start = loop.run(start, 1);
        if (loop.cancelled) break;
        const pause = opts.betweenSteps();
        if (pause) await pause;
      }
    } else {
      loop.run(0, Infinity);
    }
    cancelled = loop.cancelled;
    if (cancelled) break;
    epochsRun = e + 1;
    epochLoss = loop.lossSum / n;
    accuracy = loop.correct / n;
    const internals = meter.report();
    if (opts.onEpoch) {
      await opts.onEpoch({
        epoch: epochsRun,
        epochs: training.epochs,
        loss: epochLoss,
        accuracy,
        stepsDone: loop.steps,
        stepsTotal: stepsPerEpoch * training.epochs,
        elapsedMs: now() - started,
        predictProbs: (x, rows) => Promise.resolve(inference.probs(x, rows)),
        predictGrid: (grid) => Promise.resolve(picture().grid(grid)),
        readWeights: () => Float32Array.from(mirror),
        internals,
        hiddenGrid: (grid) => picture().hiddenGrid(grid),
        lastHidden: (x, rows) => inference.lastHidden(x, rows),
      });
    }
    if (now() - lastYield >= YIELD_EVERY_MS) {
      await yieldToEventLoop();
      lastYield = now();
    }
  }
  return { weights: Float32Array.from(mirror), epochsRun, loss: epochLoss, accuracy, cancelled, steps: loop.steps };
}
