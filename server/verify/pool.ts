/**
 * The verification worker pool: scores submissions on hidden test data and replays their training
 * for the audit, in `worker_threads` running tfjs on wasm, so the event loop never blocks on
 * tensors. Jobs wait in one priority queue: scores and 'high' replays (the top-K audit at close)
 * go before 'low' replays (idle-time audits of the rest). Worker 0 is the score lane and never
 * replays, so a score never waits behind a replay (issue 8: one heavy replay held the only worker
 * for 540 s); replays go to the other workers, the player with the fewest replays served first.
 * Hidden test sets are built and cached inside the workers; only scores and verdicts come back.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { ReplayResult, ScoreResult, WorkerRequest, WorkerResponse } from './messages';
import { PriorityQueue } from './priority-queue';
import type { Verifier as VerifierSeam } from '../verifier';

export type { ReplayJob, ReplayResult, RoundSecret, ScoreResult } from './messages';

/** The seam of server/verifier.ts; the pool always knows its load, so `stats` is required here. */
export interface Verifier extends VerifierSeam {
  stats(): { workers: number; busy: number; queued: number; scored: number; replayed: number };
}

/** The pool, plus a hook tests use to simulate a worker dying mid-job. */
export interface VerificationPool extends Verifier {
  /**
   * Kills worker `index` as a crash would (test hook). Its running job rejects and a fresh worker
   * takes its place. Resolves once the old thread is gone.
   */
  crashWorker(index: number): Promise<void>;
}

export interface PoolOptions {
  /**
   * Worker threads; default max(1, min(2, availableParallelism − 1)). Worker 0 is the score
   * lane: it never takes a replay, so a score never waits behind one. With size 1 a second,
   * replay-only worker is started, so there are always at least two threads.
   */
  size?: number;
  /** A job running longer than this (ms) is treated as a hung worker: killed and failed. Default 10 min. */
  jobTimeoutMs?: number;
  /** Receives one line per worker crash or failed start (default: silent). */
  log?: (line: string) => void;
}

type JobRequest = WorkerRequest extends infer R ? (R extends WorkerRequest ? Omit<R, 'id'> : never) : never;

interface Job {
  id: number;
  request: JobRequest;
  /** Who the replay is for (fair share); scores have none. */
  owner?: string;
  resolve: (r: ScoreResult | ReplayResult) => void;
  reject: (e: Error) => void;
}

interface Slot {
  index: number;
  worker: Worker;
  job: Job | null;
  timer: NodeJS.Timeout | null;
  lastError: string | null;
  /** True once the thread loaded tfjs and said so. */
  ready: boolean;
  /** False once the thread exited; a dead slot takes no job until it is replaced. */
  alive: boolean;
}

const SHIM_URL = new URL('./worker-shim.mjs', import.meta.url);
const PRIORITY = { score: 0, high: 0, low: 1 } as const;

/** Default pool size: one worker per spare core, at most two (the nets are small). */
export function defaultPoolSize(): number {
  return Math.max(1, Math.min(2, availableParallelism() - 1));
}

/**
 * Starts the worker threads (each loads tfjs wasm, about a second) and returns the pool.
 * Side effects: spawns threads; call `close()` when done.
 * @example
 * const pool = createVerificationPool({ size: 1 });
 * const { publicScore } = await pool.score(round, network, packedWeights);
 * await pool.close();
 */
export function createVerificationPool(opts: PoolOptions = {}): VerificationPool {
  // One score lane plus at least one worker that may replay.
  const size = Math.max(2, Math.floor(opts.size ?? defaultPoolSize()));
  // Replays started per owner: the next replay goes to whoever has had the fewest (fair share).
  const served = new Map<string, number>();
  const fairest = (jobs: Job[]): Job =>
    jobs.reduce((best, j) => ((served.get(j.owner ?? '') ?? 0) < (served.get(best.owner ?? '') ?? 0) ? j : best));
  const jobTimeoutMs = opts.jobTimeoutMs ?? 10 * 60_000;
  const log = opts.log ?? ((): void => undefined);
  const queue = new PriorityQueue<Job>();
  const slots: Slot[] = [];
  let nextId = 1;
  let scored = 0;
  let replayed = 0;
  let closed = false;
  // Threads that died before becoming ready in a row (a broken install, a missing file).
  let startupFailures = 0;

  const settle = (slot: Slot): Job | null => {
    const job = slot.job;
    slot.job = null;
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    // An idle worker must not keep the process alive; a busy one must.
    slot.worker.unref();
    return job;
  };

  const spawn = (index: number): Slot => {
    const worker = new Worker(SHIM_URL);
    worker.unref();
    const slot: Slot = { index, worker, job: null, timer: null, lastError: null, ready: false, alive: true };
    worker.on('message', (msg: WorkerResponse) => {
      if (msg.ok && msg.kind === 'ready') {
        slot.ready = true;
        startupFailures = 0;
        return;
      }
      if (slot.job?.id !== msg.id) return;
      const job = settle(slot);
      if (!job) return;
      if (!msg.ok) job.reject(new Error(`verification failed: ${msg.error}`));
      else {
        if (msg.kind === 'score') scored++;
        else replayed++;
        job.resolve(msg.result);
      }
      dispatch();
    });
    worker.on('error', (e) => {
      slot.lastError = e.message;
    });
    worker.on('exit', (code) => {
      slot.alive = false;
      const job = settle(slot);
      if (closed) {
        job?.reject(new Error('verification pool closed'));
        return;
      }
      const why = slot.lastError ?? `exit code ${code}`;
      log(`verification worker ${index} exited (${why})${job ? `; job ${job.id} failed` : ''}; replacing it`);
      job?.reject(new Error(`verification worker crashed (${why}); the job was not completed`));
      if (slots[index] !== slot) return;
      if (!slot.ready) startupFailures++;
      if (startupFailures >= 3) {
        // Workers cannot even start: fail what waits instead of letting callers hang, and retry
        // slowly so a transient cause (memory pressure) can clear.
        for (const waiting of queue.drain()) waiting.reject(new Error(`verification workers cannot start (${why})`));
        const retry = setTimeout(() => {
          if (!closed && slots[index] === slot) {
            slots[index] = spawn(index);
            dispatch();
          }
        }, Math.min(30_000, 500 * 2 ** (startupFailures - 3)));
        retry.unref();
        return;
      }
      slots[index] = spawn(index);
      dispatch();
    });
    return slot;
  };

  const dispatch = (): void => {
    if (closed) return;
    for (const slot of slots) {
      if (slot.job || !slot.alive) continue;
      // Worker 0 scores only; the others take scores first too (same priority as a 'high'
      // replay, older first), then replays in fair-share order.
      const job =
        slot.index === 0
          ? queue.take((j) => j.request.kind === 'score')
          : queue.take(() => true, (top) => top.find((j) => j.request.kind === 'score') ?? fairest(top));
      if (!job) continue;
      if (job.request.kind === 'replay') served.set(job.owner ?? '', (served.get(job.owner ?? '') ?? 0) + 1);
      slot.job = job;
      slot.worker.ref();
      slot.timer = setTimeout(() => {
        slot.lastError = `job ran longer than ${jobTimeoutMs} ms`;
        void slot.worker.terminate();
      }, jobTimeoutMs);
      slot.timer.unref();
      slot.worker.postMessage({ ...job.request, id: job.id } as WorkerRequest);
    }
  };

  const enqueue = <T extends ScoreResult | ReplayResult>(request: JobRequest, priority: number, owner?: string): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      if (closed) {
        reject(new Error('verification pool closed'));
        return;
      }
      if (startupFailures >= 3) {
        reject(new Error('verification workers cannot start; see the server log'));
        return;
      }
      const job: Job = {
        id: nextId++,
        request,
        owner,
        resolve: resolve as (r: ScoreResult | ReplayResult) => void,
        reject,
      };
      queue.push(job, priority);
      dispatch();
    });

  for (let i = 0; i < size; i++) slots.push(spawn(i));

  return {
    score: (round, network, weights) =>
      enqueue<ScoreResult>({ kind: 'score', round, network, weights }, PRIORITY.score),
    replay: (round, job, priority, owner) => enqueue<ReplayResult>({ kind: 'replay', round, job }, PRIORITY[priority], owner),
    stats: () => ({
      workers: slots.length,
      busy: slots.filter((s) => s.job !== null).length,
      queued: queue.size,
      scored,
      replayed,
    }),
    crashWorker: async (index) => {
      const slot = slots[index];
      if (!slot) throw new Error(`no worker ${index}`);
      slot.lastError = 'killed by crashWorker';
      await slot.worker.terminate();
    },
    close: async () => {
      if (closed) return;
      closed = true;
      for (const job of queue.drain()) job.reject(new Error('verification pool closed'));
      await Promise.all(slots.map((s) => s.worker.terminate()));
    },
  };
}
