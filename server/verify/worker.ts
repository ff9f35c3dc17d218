/**
 * Entry point of one verification worker thread (started by pool.ts through worker-shim.mjs, which
 * registers tsx first). Jobs run one after another on a chain, except score batches the pool marks
 * `side`: those arrive while a replay runs and are scored between the replay's slices
 * (slices.ts), so a long replay never makes a score wait for it.
 */
import { parentPort } from 'node:worker_threads';
import { initBackend } from '../../game/backend';
import { yieldToEventLoop } from '../../game/yield';
import { replayFamily, replayJob, scoreJob } from './jobs';
import { hiddenTestFor, trainSetFor } from './round-data-cache';
import type { WorkerRequest, WorkerResponse } from './messages';
import { SLICE_MS, hostsScores } from './slices';

const port = parentPort;
if (!port) throw new Error('server/verify/worker.ts must run in a worker thread');

type ScoreRequest = Extract<WorkerRequest, { kind: 'score' }>;
type ReplayRequest = Extract<WorkerRequest, { kind: 'replay' }>;

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

function post(res: WorkerResponse): void {
  try {
    port!.postMessage(res);
  } catch (e) {
    // Never leave the pool waiting: an answer that cannot be cloned still fails the job.
    const error = `could not send the result: ${message(e)}`;
    if (res.kind === 'score') port!.postMessage({ id: res.id, kind: 'score', index: res.index, ok: false, error });
    else if (res.kind === 'replay') port!.postMessage({ id: res.id, kind: 'replay', ok: false, error });
  }
}

/** Scores a batch, answering each item as soon as it is done. */
async function scoreBatch(req: ScoreRequest): Promise<void> {
  for (let index = 0; index < req.items.length; index++) {
    const { round, network, weights } = req.items[index];
    try {
      post({ id: req.id, kind: 'score', index, ok: true, result: await scoreJob(round, network, weights) });
    } catch (e) {
      post({ id: req.id, kind: 'score', index, ok: false, error: message(e) });
    }
  }
}

// Side batches received while a replay that can host them runs; null when none runs.
let hosted: ScoreRequest[] | null = null;

async function drainHosted(): Promise<void> {
  while (hosted && hosted.length > 0) await scoreBatch(hosted.shift()!);
}

async function replay(req: ReplayRequest): Promise<void> {
  const family = replayFamily(req.job.backend);
  let lastTurn = performance.now();
  // Every SLICE_MS of training, let messages in; score what came, then select the replay's engine again.
  const betweenSteps = hostsScores(req.job.backend)
    ? async (): Promise<void> => {
        if (performance.now() - lastTurn < SLICE_MS) return;
        await yieldToEventLoop();
        if (hosted && hosted.length > 0) {
          await drainHosted();
          await initBackend(family);
        }
        lastTurn = performance.now();
      }
    : undefined;
  if (betweenSteps) hosted = [];
  try {
    const result = await replayJob(req.round, req.job, betweenSteps);
    // Batches that came after the last slice are answered before the replay, so the pool never
    // sees a finished replay with its side scores still out.
    await drainHosted();
    post({ id: req.id, kind: 'replay', ok: true, result });
  } catch (e) {
    await drainHosted().catch(() => undefined);
    post({ id: req.id, kind: 'replay', ok: false, error: message(e) });
  } finally {
    hosted = null;
  }
}

// Load tfjs wasm before the first job, so 'ready' means ready and a broken install fails at start.
let chain: Promise<void> = initBackend('wasm');

port.on('message', (req: WorkerRequest) => {
  if (req.kind === 'score' && req.side && hosted) {
    hosted.push(req);
    return;
  }
  // A side batch that arrives just after its replay ended simply runs next.
  chain = chain
    .then(async () => {
      if (req.kind === 'score') await scoreBatch(req);
      else if (req.kind === 'replay') await replay(req);
      // A failed build is not cached; the first score builds it again and reports the error.
      else await Promise.all([hiddenTestFor(req.round), trainSetFor(req.round)]).catch(() => undefined);
    })
    .catch((e: unknown) => console.error(`verification worker: ${message(e)}`));
});

await chain;
post({ id: -1, kind: 'ready', ok: true });
