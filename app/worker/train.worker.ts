/**
 * The training Web Worker: builds the round's training set, trains the network with game/ on the
 * chosen tfjs backend, and streams epochs, decision-boundary frames and the final weights back.
 * It holds no state between jobs except the initialised backends; the page stops a run by
 * terminating the worker, which is instant and frees every tensor with it.
 */
import { initBackend } from '../../game/backend';
import { buildTrainSet, roundTrainRows } from '../../game/tasks/round-data';
import { taskInfo } from '../../game/tasks/catalog';
import { train } from '../../game/train';
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

async function run(job: TrainJob): Promise<void> {
  const t0 = performance.now();
  await initBackend(job.backend, { wasmPath: '/tfjs/' });
  post({ type: 'ready', backend: job.backend, setupMs: performance.now() - t0 });
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

  const result = await train({
    network: job.network,
    training: job.training,
    data,
    onEpoch: async (e) => {
      post({ type: 'epoch', epoch: e.epoch, epochs: e.epochs, loss: e.loss, accuracy: e.accuracy, elapsedMs: e.elapsedMs });
      // A boundary frame costs a forward pass over the grid: draw at most one per interval,
      // and always the last epoch's.
      if (!grid || (performance.now() - lastFrame < job.boundaryEveryMs && e.epoch < e.epochs)) return;
      const f0 = performance.now();
      const pred = await e.predictGrid(grid);
      lastFrame = performance.now();
      post({ type: 'boundary', epoch: e.epoch, size: pred.res, classes: pred.labels, computeMs: lastFrame - f0 }, [pred.labels.buffer]);
    },
  });
  const weights = result.weights;
  post(
    {
      type: 'done',
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

self.onmessage = (ev: MessageEvent<ToWorker>) => {
  if (ev.data.type !== 'train') return;
  run(ev.data.job).catch((e: unknown) => post({ type: 'error', message: e instanceof Error ? e.message : String(e) }));
};
