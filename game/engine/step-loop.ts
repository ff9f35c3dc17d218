/**
 * The js engine's inner loop: the mini-batch steps of one epoch, in a synchronous method of its
 * own. Written inside the async `trainJs`, the loop stayed in V8's unoptimized tiers until trainJs
 * itself was optimized, about 8 runs into a page or process, which doubled a small net's time per
 * run (N1: 22–25 ms, then 10–12 ms, in Node). A method called once per epoch is optimized within
 * the first run. Same operations in the same order: the weights are bit-identical.
 */
import type { Dataset } from '../tasks/dataset';
import type { BatchSums, Loss } from './head';
import type { InternalsMeter } from './internals';
import type { EngineNetwork } from './network';
import type { EngineOptimizer } from './optimizer';

/** What one epoch's steps read and write; everything is allocated by the caller once per run. */
export interface StepLoopParts {
  net: EngineNetwork;
  optimizer: EngineOptimizer;
  meter: InternalsMeter;
  data: Dataset;
  /** The epoch's permutation of the rows, rewritten by the caller before each epoch. */
  order: Int32Array;
  /** The float32 weights, each held as a float64 (exact), updated in place by the optimizer. */
  mirror: Float64Array;
  loss: Loss;
  batchSize: number;
  shouldStop: () => boolean;
}

export class StepLoop {
  /** The epoch's summed loss and rows right so far (reset by `startEpoch`). */
  lossSum = 0;
  correct = 0;
  /** Steps run in all, over every epoch. */
  steps = 0;
  cancelled = false;
  private readonly parts: StepLoopParts;
  private readonly sums: BatchSums = { loss: 0, correct: 0 };

  constructor(parts: StepLoopParts) {
    this.parts = parts;
  }

  startEpoch(): void {
    this.lossSum = 0;
    this.correct = 0;
  }

  /**
   * Runs at most `maxSteps` steps from row `start` of the order; returns where the next step starts
   * (≥ n once the epoch is done). Checks `shouldStop` before each step, setting `cancelled`.
   * @example loop.run(0, Infinity) // a whole epoch
   */
  run(start: number, maxSteps: number): number {
    const { net, optimizer, meter, data, order, mirror, loss, batchSize, shouldStop } = this.parts;
    const n = data.n;
    const sums = this.sums;
    let at = start;
    for (let done = 0; at < n && done < maxSteps; done++, at += batchSize) {
      if (shouldStop()) {
        this.cancelled = true;
        return at;
      }
      const rows = Math.min(batchSize, n - at);
      net.gather(data.x, order, at, rows);
      net.forward(rows, mirror, meter.unitTallies);
      net.head.loss(loss, data.y, order, at, rows, sums);
      net.backward(rows, mirror);
      meter.afterStep(rows);
      optimizer.step(mirror, net.grad);
      this.lossSum += sums.loss;
      this.correct += sums.correct;
      this.steps++;
    }
    return at;
  }
}
