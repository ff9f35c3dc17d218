/**
 * Times one training run and one decision grid on the active engine; isomorphic (Node and the
 * bench page). The first epoch is a warm-up (JIT, tfjs kernels, optimizer state) and not counted.
 */
import { predictGrid } from '../../../game/evaluate';
import { initWeights } from '../../../game/init';
import { PLOT_DOMAIN_2D } from '../../../game/tasks/catalog';
import type { Dataset } from '../../../game/tasks/dataset';
import { train } from '../../../game/train';
import type { BenchCase } from './cases';

export interface TrainTiming {
  examplesPerSec: number;
  msPerStep: number;
  /** Last epoch's training accuracy (a sanity check that it trained). */
  accuracy: number;
}

/** Trains `c` on `data` on the active engine; examples/s over epochs 2..E on the clock `now` (wall by default). */
export async function timeTrain(c: BenchCase, data: Dataset, now: () => number = () => performance.now()): Promise<TrainTiming> {
  let warmAt = 0;
  let warmSteps = 0;
  const r = await train({
    network: c.network,
    training: c.training,
    data,
    onEpoch: (p) => {
      if (p.epoch === 1) {
        warmAt = now();
        warmSteps = p.stepsDone;
      }
    },
  });
  const ms = now() - warmAt;
  const examples = (c.training.epochs - 1) * data.n;
  return { examplesPerSec: (examples / ms) * 1000, msPerStep: ms / (r.steps - warmSteps), accuracy: r.accuracy };
}

/** Mean ms of a 100×100 grid prediction (10,000 points) after 2 warm-ups, on the clock `now`. */
export function timeGrid(c: BenchCase, data: Dataset, reps = 10, now: () => number = () => performance.now()): number {
  const task = { inputDim: data.inputDim, classes: data.classes };
  const w = initWeights(c.network, task, 1);
  const grid = { ...PLOT_DOMAIN_2D, res: 100 };
  for (let i = 0; i < 2; i++) predictGrid(c.network, task, w, grid);
  const t0 = now();
  for (let i = 0; i < reps; i++) predictGrid(c.network, task, w, grid);
  return (now() - t0) / reps;
}
