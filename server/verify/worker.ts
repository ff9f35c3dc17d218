/**
 * Entry point of one verification worker thread (started by pool.ts through worker-shim.mjs, which
 * registers tsx first). It answers one job at a time; the pool never sends a second job before the
 * first is answered, but the chain below keeps that true even if it did.
 */
import { parentPort } from 'node:worker_threads';
import { initBackend } from '../../game/backend';
import { replayJob, scoreJob } from './jobs';
import type { WorkerRequest, WorkerResponse } from './messages';

const port = parentPort;
if (!port) throw new Error('server/verify/worker.ts must run in a worker thread');

// Load tfjs wasm before the first job, so 'ready' means ready and a broken install fails at start.
let chain: Promise<void> = initBackend('wasm');

async function handle(req: WorkerRequest): Promise<WorkerResponse> {
  try {
    if (req.kind === 'score') {
      return { id: req.id, ok: true, kind: 'score', result: await scoreJob(req.round, req.network, req.weights) };
    }
    return { id: req.id, ok: true, kind: 'replay', result: await replayJob(req.round, req.job) };
  } catch (e) {
    return { id: req.id, ok: false, error: e instanceof Error ? e.message : String(e) };
  }
}

port.on('message', (req: WorkerRequest) => {
  chain = chain.then(async () => {
    const res = await handle(req);
    try {
      port.postMessage(res);
    } catch (e) {
      // Never leave the pool waiting: an answer that cannot be cloned still fails the job.
      port.postMessage({ id: req.id, ok: false, error: `could not send the result: ${String(e)}` });
    }
  });
});

const ready: WorkerResponse = { id: -1, ok: true, kind: 'ready' };
await chain;
port.postMessage(ready);
