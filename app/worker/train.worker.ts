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
import { pictureForward } from '../../game/engine/grid-kernel/picture-forward';
import { trainJs } from '../../game/engine/train';
import type { GridPrediction } from '../../game/grid';
import type { TaskShape } from '../../game/spec';
import type { EpochProgress } from '../../game/train-types';
import { buildTrainSet, roundTrainRows } from '../../game/tasks/round-data';
import { taskInfo } from '../../game/tasks/catalog';
import type { TrainOptions, TrainResult } from '../../game/train-types';
import { WARM_UP_ID, type FromWorker, type HiddenFrame, type ToWorker, type TrainJob } from './train-messages';
import { headWeights, hiddenSpace, lineSeparation } from '../../game/hidden-space';
import type { Dataset } from '../../game/tasks/dataset';
import { scoreProbs, splitHoldout, syntheticValidation } from '../../game/validation';
import type { GridSpec } from '../../game/grid';
import { datasetShape } from '../../game/train-types';
import { convFeatureMaps, convKernels } from '../../game/conv-views';
import { isConvLayer } from '../../game/spec';
import type { ConvFrame, ConvSamples } from './train-messages';

const post = (msg: FromWorker, transfer: Transferable[] = []): void => {
  (self as unknown as Worker).postMessage(msg, transfer);
};

async function loadDataset(file: string): Promise<Uint8Array> {
  const res = await fetch(`/datasets/${file}`);
  if (!res.ok) throw new Error(`dataset ${file}: HTTP ${res.status}`);
  return new Uint8Array(await res.arrayBuffer());
}

/** The trainer for a job's engine; tfjs is imported (once, cached by the bundler) only here. */
async function trainerFor(job: TrainJob): Promise<(opts: TrainOptions) => Promise<TrainResult>> {
  if (job.backend === 'js') return trainJs;
  const [{ initBackend }, { train }] = await Promise.all([import('../../game/backend'), import('../../game/train')]);
  await initBackend(job.backend, { wasmPath: '/tfjs/' });
  return train;
}

/** One decision-grid frame on the engine `gridEngine` picks for this job. */
async function gridFrame(job: TrainJob, task: TaskShape, e: EpochProgress, grid: GridSpec): Promise<GridPrediction> {
  if (gridEngine(job.backend) === job.backend) return e.predictGrid(grid);
  return pictureForward(job.network, task, e.readWeights()).grid(grid);
}

/** Side, in cells, of each hidden unit's picture. */
const NEURON_RES = 24;
/** Rows of the training set shown in the hidden space, and the side of its head's region grid. */
const HIDDEN_ROWS = 400;
const HIDDEN_RES = 48;
/** Training pictures offered for the feature maps of a conv net. */
const CONV_SAMPLES = 12;

/** The running job's chosen feature-map sample: the page may change it mid-run (`convSample`). */
const convChoice = { jobId: -1, index: 0 };

/** Kernels and the chosen sample's feature maps under the epoch's weights (game/conv-views). */
function convFrame(job: TrainJob, task: TaskShape, e: EpochProgress, samples: ConvSamples): ConvFrame {
  const t0 = performance.now();
  const weights = e.readWeights();
  const sample = Math.min(Math.max(0, convChoice.index), samples.n - 1);
  const kernels = convKernels(job.network, task, weights);
  const maps = convFeatureMaps(job.network, task, weights, samples.x, sample);
  return { epoch: e.epoch, sample, kernels, maps, computeMs: performance.now() - t0 };
}

/** Evenly spaced rows (real tables are stored sorted by row index, often grouped by class). */
function sampleRows(data: Dataset, max: number): { x: Float32Array; y: Uint8Array; n: number } {
  const n = Math.min(max, data.n);
  const d = data.inputDim;
  const x = new Float32Array(n * d);
  const y = new Uint8Array(n);
  for (let k = 0; k < n; k++) {
    const i = Math.floor((k * data.n) / n);
    x.set(data.x.subarray(i * d, i * d + d), k * d);
    y[k] = data.y[i];
  }
  return { x, y, n };
}

/** The hidden space of the sample under the epoch's weights, on the js engine's forward pass. */
function hiddenFrame(job: TrainJob, task: TaskShape, e: EpochProgress, sample: { x: Float32Array; y: Uint8Array; n: number }): HiddenFrame {
  const t0 = performance.now();
  const weights = e.readWeights();
  const rows = e.lastHidden ? e.lastHidden(sample.x, sample.n) : new EngineForward(job.network, task, weights).lastHidden(sample.x, sample.n);
  const width = rows.length / Math.max(1, sample.n);
  const space = hiddenSpace(rows, sample.n, width, headWeights(job.network, task, weights), HIDDEN_RES);
  return {
    epoch: e.epoch,
    method: space.projection.method,
    dim: width,
    explained: space.projection.explained,
    n: space.n,
    xy: space.xy,
    labels: sample.y,
    bounds: space.bounds,
    line: space.line,
    regions: space.regions,
    separated: lineSeparation(space, sample.y),
    computeMs: performance.now() - t0,
  };
}

async function run(job: TrainJob, post: (msg: FromWorker, transfer?: Transferable[]) => void, shouldStop?: () => boolean): Promise<void> {
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
  let lastHiddenFrame = -Infinity;
  let lastConvFrame = -Infinity;
  // datasetShape keeps an image task's picture: conv layers need it for every forward pass here.
  const task: TaskShape = datasetShape(data);
  const sample = sampleRows(data, HIDDEN_ROWS);
  const conv = task.image && job.network.layers.some(isConvLayer) ? sampleRows(data, CONV_SAMPLES) : null;
  const convSamples: ConvSamples | null = conv && task.image ? { n: conv.n, ...task.image, x: conv.x, labels: conv.y } : null;
  convChoice.jobId = job.id;
  convChoice.index = job.convSample ?? 0;
  if (convSamples) post({ type: 'convSamples', jobId: job.id, samples: { ...convSamples, x: convSamples.x.slice(), labels: convSamples.labels.slice() } });
  // Validation rows: the declared holdout (the trainer holds out the same ones), else a synthetic
  // task's fresh sample; a real task without a holdout has none.
  const held = splitHoldout(data, job.training).validation;
  const validation = held ?? syntheticValidation({ taskId: job.taskId, trainSeed: job.trainSeed, trainSize: job.trainSize, noise: job.noise });
  if (validation) post({ type: 'validation', jobId: job.id, source: held ? 'holdout' : 'fresh', n: validation.n });
  const tTrain = performance.now();

  const result = await trainer({
    network: job.network,
    training: job.training,
    data,
    shouldStop,
    onEpoch: async (e) => {
      const scored = validation ? scoreProbs(await e.predictProbs(validation.x, validation.n), validation.y, validation.classes, job.training.loss) : undefined;
      post({ type: 'epoch', jobId: job.id, epoch: e.epoch, epochs: e.epochs, loss: e.loss, accuracy: e.accuracy, elapsedMs: e.elapsedMs, internals: e.internals, validation: scored });
      // The hidden space has its own throttle (it is drawn for every task, 2-D or not).
      if (performance.now() - lastHiddenFrame >= job.boundaryEveryMs || e.epoch === e.epochs) {
        const frame = hiddenFrame(job, task, e, sample);
        lastHiddenFrame = performance.now();
        post({ type: 'hidden', jobId: job.id, frame }, [frame.xy.buffer, frame.regions.labels.buffer]);
      }
      if (convSamples && (performance.now() - lastConvFrame >= job.boundaryEveryMs || e.epoch === e.epochs)) {
        const frame = convFrame(job, task, e, convSamples);
        lastConvFrame = performance.now();
        post({ type: 'conv', jobId: job.id, frame }, [...frame.kernels.map((k) => k.values.buffer), ...frame.maps.map((m) => m.maps.buffer)]);
      }
      // A boundary frame costs a forward pass over the grid, on the faster engine at hand
      // (engine-choice.ts gridEngine): draw at most one per interval, always the first and the last epoch's.
      if (!grid || (performance.now() - lastFrame < job.boundaryEveryMs && e.epoch < e.epochs)) return;
      const f0 = performance.now();
      const pred = await gridFrame(job, task, e, grid);
      lastFrame = performance.now();
      const confidence = new Uint8Array(pred.labels.length);
      for (let i = 0; i < confidence.length; i++) confidence[i] = Math.round(255 * pred.probs[i * pred.classes + pred.labels[i]]);
      post({ type: 'boundary', jobId: job.id, epoch: e.epoch, size: pred.res, classes: pred.labels, confidence, computeMs: lastFrame - f0 }, [pred.labels.buffer, confidence.buffer]);
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

/** `train` jobs received and not yet finished: a warm-up yields to them at its next step. */
let jobsWaiting = 0;

/** Epochs and wall time a warm-up runs at most: enough to compile every per-epoch path once. */
const WARM_EPOCHS = 2;
const WARM_BUDGET_MS = 250;

/**
 * Runs `job` through `run` with its messages dropped, stopping at the next step once a real job
 * waits or the budget is spent: the first real Train then finds the engine, the validation,
 * hidden-space, grid and neuron code already compiled by the JIT instead of interpreting them
 * (issue 7: Train → first epoch ≤ 100 ms). Nothing it computes is kept, so results are unchanged.
 */
function warm(job: TrainJob, send: (msg: FromWorker, transfer?: Transferable[]) => void = () => undefined): void {
  const t0 = performance.now();
  const short: TrainJob = { ...job, id: WARM_UP_ID, training: { ...job.training, epochs: Math.min(WARM_EPOCHS, job.training.epochs) } };
  const stop = (): boolean => jobsWaiting > 0 || performance.now() - t0 > WARM_BUDGET_MS;
  queue = queue.then(() => (jobsWaiting > 0 ? undefined : run(short, send, stop))).catch(() => undefined);
}

/**
 * A small XOR job run when the worker starts, before the page says what it will train; the page
 * then sends its own job's shape (`warm`) once it knows it. Its messages do reach the page, under
 * `WARM_UP_ID`: a trainer ignores them (no job of its own has that id), while a prestarted
 * worker's page draws them once off screen (app/lib/train-worker.ts).
 */
const WARM_UP: TrainJob = {
  id: WARM_UP_ID,
  taskId: 'xor',
  trainSeed: 1,
  trainSize: 200,
  noise: 0.05,
  trainRows: null,
  // The play page's default net and optimizer (play-client defaultNetwork/defaultTraining), with a
  // tanh layer for the other common activation; the page's grid size and frame cadence.
  network: { layers: [{ units: 8, activation: 'relu', groups: 1 }, { units: 8, activation: 'tanh', groups: 1 }], shortcut: 'none' },
  training: { optimizer: 'adam', learningRate: 0.03, batchSize: 16, epochs: 3, l2: 0, seed: 1 },
  backend: 'js',
  boundarySize: 64,
  boundaryEveryMs: 0,
};
warm(WARM_UP, post);

self.onmessage = (ev: MessageEvent<ToWorker>) => {
  if (ev.data.type === 'convSample') {
    // Read by the next conv frame of that job; training yields each epoch, so it arrives mid-run.
    if (ev.data.jobId === convChoice.jobId) convChoice.index = ev.data.index;
    return;
  }
  // Only the js engine: a tfjs warm-up would download and start a backend the player may never use.
  if (ev.data.type === 'warm') {
    if (ev.data.job.backend === 'js') warm(ev.data.job);
    return;
  }
  if (ev.data.type !== 'train') return;
  const job = ev.data.job;
  jobsWaiting += 1;
  queue = queue
    .then(() => run(job, post).catch((e: unknown) => post({ type: 'error', jobId: job.id, message: e instanceof Error ? e.message : String(e) })))
    .finally(() => {
      jobsWaiting -= 1;
    });
};
