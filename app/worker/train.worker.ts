/**
 * The page's one training Web Worker, started with the page and kept for its lifetime: it builds
 * the round's training set, trains with game/ on the job's engine, and streams epochs,
 * decision-boundary frames and the final weights back.
 *
 * tfjs loads only when a job names a tfjs backend: the js engine (game/engine) is imported
 * statically, game/train and game/backend (which pull tfjs) dynamically. So a js job starts at once,
 * with nothing to download or initialise. The page stops a run by terminating the worker (instant,
 * frees every tensor) and starts a fresh one at once (use-trainer.ts).
 */
import { gridEngine } from '../../game/engine-choice';
import { EngineForward } from '../../game/engine/predict';
import { trainJs } from '../../game/engine/train';
import type { GridPrediction } from '../../game/grid';
import type { Backend, NetworkSpec, TaskShape } from '../../game/spec';
import type { EpochProgress } from '../../game/train-types';
import { buildTrainSet, roundTrainRows } from '../../game/tasks/round-data';
import { taskInfo } from '../../game/tasks/catalog';
import type { TrainOptions, TrainResult } from '../../game/train-types';
import type { FromWorker, ToWorker, TrainJob } from './train-messages';
import type { GridSpec } from '../../game/grid';

const post = (msg: FromWorker, transfer: Transferable[] = []): void => {
  (self as unknown as Worker).postMessage(msg, transfer);
};

async function loadDataset(file: string): Promise<Uint8Array> {
  const res = await fetch(`/datasets/${file}`);
  if (!res.ok) throw new Error(`dataset ${file}: HTTP ${res.status}`);
  return new Uint8Array(await res.arrayBuffer());
}

/** tfjs backends this worker has loaded so far (the grid may use one a js run did not load). */
const loaded = new Set<Backend>(['js']);

/** The trainer for a job's engine; tfjs is imported (once, cached by the bundler) only here. */
async function trainerFor(job: TrainJob): Promise<(opts: TrainOptions) => Promise<TrainResult>> {
  if (job.backend === 'js') return trainJs;
  const [{ initBackend }, { train }] = await Promise.all([import('../../game/backend'), import('../../game/train')]);
  await initBackend(job.backend, { wasmPath: '/tfjs/' });
  loaded.add(job.backend);
  return train;
}

/** One decision-grid frame on the engine `gridEngine` picks for this job. */
async function gridFrame(job: TrainJob, task: TaskShape, e: EpochProgress, grid: GridSpec): Promise<GridPrediction> {
  const engine = gridEngine(job.backend, loaded);
  if (engine === job.backend) return e.predictGrid(grid);
  const network: NetworkSpec = job.network;
  if (engine === 'js') return new EngineForward(network, task, e.readWeights()).grid(grid);
  const [{ initBackend }, { predictGrid }] = await Promise.all([import('../../game/backend'), import('../../game/evaluate')]);
  await initBackend(engine, { wasmPath: '/tfjs/' });
  return predictGrid(network, task, e.readWeights(), grid);
}

/** Side, in cells, of each hidden unit's picture. */
const NEURON_RES = 24;

async function run(job: TrainJob): Promise<void> {
  const t0 = performance.now();
  const trainer = await trainerFor(job);
  post({ type: 'ready', jobId: job.id, backend: job.backend, setupMs: performance.now() - t0 });
  const info = taskInfo(job.taskId);
  // A round publishes its real-data rows; the solo sandbox has no secret split, so it derives
  // one from its data seed the same way a round would.
  const trainRows = job.trainRows ?? (await roundTrainRows(job.taskId, job.trainSeed, job.trainSize, loadDataset));
  const data = await buildTrainSet(
    { taskId: job.taskId, trainSeed: job.trainSeed, trainSize: job.trainSize, noise: job.noise, trainRows },
    loadDataset,
  );
  const grid: GridSpec | null = job.boundarySize > 0 && info.domain ? { ...info.domain, res: job.boundarySize } : null;
  let lastFrame = -Infinity;
  const tTrain = performance.now();

  const result = await trainer({
    network: job.network,
    training: job.training,
    data,
    onEpoch: async (e) => {
      post({ type: 'epoch', jobId: job.id, epoch: e.epoch, epochs: e.epochs, loss: e.loss, accuracy: e.accuracy, elapsedMs: e.elapsedMs, internals: e.internals });
      // A boundary frame costs a forward pass over the grid, on the faster engine at hand
      // (engine-choice.ts gridEngine): draw at most one per interval, always the first and the last epoch's.
      if (!grid || (performance.now() - lastFrame < job.boundaryEveryMs && e.epoch < e.epochs)) return;
      const f0 = performance.now();
      const pred = await gridFrame(job, { inputDim: data.inputDim, classes: data.classes }, e, grid);
      lastFrame = performance.now();
      post({ type: 'boundary', jobId: job.id, epoch: e.epoch, size: pred.res, classes: pred.labels, computeMs: lastFrame - f0 }, [pred.labels.buffer]);
      // The per-neuron pictures ride on the boundary frame's throttle, on a coarser grid (a
      // forward pass over NEURON_RES² cells, a fraction of the boundary's).
      if (e.hiddenGrid) {
        const hidden = e.hiddenGrid({ ...grid, res: NEURON_RES });
        post({ type: 'neurons', jobId: job.id, epoch: e.epoch, res: hidden.res, layers: hidden.layers }, hidden.layers.map((l) => l.buffer));
      }
    },
  });
  const weights = result.weights;
  post(
    {
      type: 'done',
      jobId: job.id,
      weights,
      loss: result.loss,
      accuracy: result.accuracy,
      epochsRun: result.epochsRun,
      elapsedMs: performance.now() - tTrain,
      steps: result.steps,
    },
    [weights.buffer],
  );
}

// Jobs run one after another: the page sends the next only after the last one ended or after it
// replaced this worker, but a queue keeps that true whatever it does.
let queue: Promise<void> = Promise.resolve();

self.onmessage = (ev: MessageEvent<ToWorker>) => {
  if (ev.data.type !== 'train') return;
  const job = ev.data.job;
  queue = queue.then(() =>
    run(job).catch((e: unknown) => post({ type: 'error', jobId: job.id, message: e instanceof Error ? e.message : String(e) })),
  );
};
