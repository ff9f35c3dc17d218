/**
 * The verification worker pool: scores submissions on hidden test data and replays their training
 * for the audit, in `worker_threads` running tfjs on wasm, so the event loop never blocks on
 * tensors. Jobs wait in one priority queue: scores and 'high' replays (the top-K audit at close)
 * go before 'low' replays (idle-time audits of the rest). Worker 0 is the score lane and never
 * replays, so a score never waits behind a replay (issue 8: one heavy replay held the only worker
 * for 540 s); replays go to the other workers, the player with the fewest replays served first.
 * Scores go out in batches (up to 16 per message, shared evenly among idle workers), and while
 * the score lane is busy, waiting scores go to a replaying worker, which scores them between the
 * replay's slices (slices.ts): a burst of scores uses every worker even while replays run.
 * Hidden test sets are built and cached inside the workers; only scores and verdicts come back.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { ReplayResult, RoundSecret, ScoreItem, ScoreResult, WorkerRequest, WorkerResponse } from './messages';
import { PriorityQueue } from './priority-queue';
import { MAX_SCORE_BATCH, hostsScores, scoreBatchSize } from './slices';
import type { Verifier as VerifierSeam } from '../verifier';

export type { ReplayJob, ReplayResult, RoundSecret, ScoreResult } from './messages';

/** The seam of server/verifier.ts; the pool always knows its load, so `stats` is required here. */
export interface Verifier extends VerifierSeam {
  /** `scoredBetweenSlices`: scores a replaying worker answered between its replay's slices. */
  stats(): { workers: number; busy: number; queued: number; scored: number; replayed: number; scoredBetweenSlices: number };
  /** Every worker builds the round's hidden test set and training set before its next job. */
  prepare(round: RoundSecret): void;
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
  /** Most scores in one message to a worker (default `MAX_SCORE_BATCH`, 16; the bench compares 1). */
  scoreBatch?: number;
}

/** What a caller asked for; a score is sent to a worker inside a batch. */
type JobRequest =
  | ({ kind: 'score' } & ScoreItem)
  | { kind: 'replay'; round: ReplayRequest['round']; job: ReplayRequest['job'] };

type ReplayRequest = Extract<WorkerRequest, { kind: 'replay' }>;

interface Job {
  request: JobRequest;
  /** Who the replay is for (fair share); scores have none. */
  owner?: string;
  resolve: (r: ScoreResult | ReplayResult) => void;
  reject: (e: Error) => void;
}

/** One message sent to a worker: a replay, or a batch of scores; settled once every job is answered. */
interface Dispatch {
  id: number;
  kind: 'score' | 'replay';
  /** The jobs not answered yet, by their index in the message (a replay is index 0). */
  open: Map<number, Job>;
  /** A replay that can score side batches between its slices (slices.ts). */
  hosts: boolean;
}

interface Slot {
  index: number;
  worker: Worker;
  /** The replay or score batch the worker runs now. */
  main: Dispatch | null;
  /** A score batch sent while `main` is a replay; it runs between the replay's slices. */
  side: Dispatch | null;
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
  const maxBatch = Math.max(1, Math.floor(opts.scoreBatch ?? MAX_SCORE_BATCH));
  const log = opts.log ?? ((): void => undefined);
  const queue = new PriorityQueue<Job>();
  const slots: Slot[] = [];
  let nextId = 1;
  let scored = 0;
  let replayed = 0;
  let scoredBetweenSlices = 0;
  let closed = false;
  // Threads that died before becoming ready in a row (a broken install, a missing file).
  let startupFailures = 0;

  const busy = (slot: Slot): boolean => slot.main !== null || slot.side !== null;

  const arm = (slot: Slot): void => {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    if (!busy(slot)) {
      // An idle worker must not keep the process alive; a busy one must.
      slot.worker.unref();
      return;
    }
    slot.worker.ref();
    slot.timer = setTimeout(() => {
      slot.lastError = `job ran longer than ${jobTimeoutMs} ms`;
      void slot.worker.terminate();
    }, jobTimeoutMs);
    slot.timer.unref();
  };

  /** Every job still out on the slot, which is then idle. */
  const strip = (slot: Slot): Job[] => {
    const jobs = [...(slot.main?.open.values() ?? []), ...(slot.side?.open.values() ?? [])];
    slot.main = null;
    slot.side = null;
    arm(slot);
    return jobs;
  };

  const answer = (slot: Slot, msg: Exclude<WorkerResponse, { kind: 'ready' }>): void => {
    const dispatch = slot.main?.id === msg.id ? slot.main : slot.side?.id === msg.id ? slot.side : null;
    const index = msg.kind === 'score' ? msg.index : 0;
    const job = dispatch?.open.get(index);
    if (!dispatch || !job) return;
    dispatch.open.delete(index);
    if (!msg.ok) job.reject(new Error(`verification failed: ${msg.error}`));
    else {
      if (msg.kind === 'replay') replayed++;
      else {
        scored++;
        if (dispatch === slot.side) scoredBetweenSlices++;
      }
      job.resolve(msg.result);
    }
    if (dispatch.open.size > 0) return;
    if (slot.main === dispatch) slot.main = null;
    else slot.side = null;
    // A side batch outliving its replay (it came just after the last slice) keeps the slot busy.
    if (slot.main === null && slot.side !== null) {
      slot.main = slot.side;
      slot.side = null;
    }
    arm(slot);
    pump();
  };

  const spawn = (index: number): Slot => {
    const worker = new Worker(SHIM_URL);
    worker.unref();
    const slot: Slot = { index, worker, main: null, side: null, timer: null, lastError: null, ready: false, alive: true };
    worker.on('message', (msg: WorkerResponse) => {
      if (msg.kind === 'ready') {
        slot.ready = true;
        startupFailures = 0;
        return;
      }
      answer(slot, msg);
    });
    worker.on('error', (e) => {
      slot.lastError = e.message;
    });
    worker.on('exit', (code) => {
      slot.alive = false;
      const lost = strip(slot);
      if (closed) {
        for (const job of lost) job.reject(new Error('verification pool closed'));
        return;
      }
      const why = slot.lastError ?? `exit code ${code}`;
      log(`verification worker ${index} exited (${why})${lost.length ? `; ${lost.length} job(s) failed` : ''}; replacing it`);
      for (const job of lost) job.reject(new Error(`verification worker crashed (${why}); the job was not completed`));
      if (slots[index] !== slot) return;
      if (!slot.ready) startupFailures++;
      if (startupFailures >= 3) {
        // Workers cannot even start: fail what waits instead of letting callers hang, and retry
        // slowly so a transient cause (memory pressure) can clear.
        for (const waiting of queue.drain()) waiting.reject(new Error(`verification workers cannot start (${why})`));
        const retry = setTimeout(() => {
          if (!closed && slots[index] === slot) {
            slots[index] = spawn(index);
            pump();
          }
        }, Math.min(30_000, 500 * 2 ** (startupFailures - 3)));
        retry.unref();
        return;
      }
      slots[index] = spawn(index);
      pump();
    });
    return slot;
  };

  const isScore = (j: Job): boolean => j.request.kind === 'score';
  const scoresWaiting = (): number => queue.count(isScore);

  const sendScores = (slot: Slot, take: number, side: boolean): Dispatch | null => {
    const jobs: Job[] = [];
    for (let i = 0; i < take; i++) {
      const job = queue.take(isScore);
      if (!job) break;
      jobs.push(job);
    }
    if (jobs.length === 0) return null;
    const id = nextId++;
    const items = jobs.map((j) => {
      const { round, network, weights } = j.request as Extract<JobRequest, { kind: 'score' }>;
      return { round, network, weights };
    });
    slot.worker.postMessage({ id, kind: 'score', items, side } satisfies WorkerRequest);
    return { id, kind: 'score', open: new Map(jobs.map((j, i) => [i, j])), hosts: false };
  };

  const sendReplay = (slot: Slot, job: Job): Dispatch => {
    const { round, job: replay } = job.request as Extract<JobRequest, { kind: 'replay' }>;
    served.set(job.owner ?? '', (served.get(job.owner ?? '') ?? 0) + 1);
    const id = nextId++;
    slot.worker.postMessage({ id, kind: 'replay', round, job: replay } satisfies WorkerRequest);
    return { id, kind: 'replay', open: new Map([[0, job]]), hosts: hostsScores(replay.backend) };
  };

  const pump = (): void => {
    if (closed) return;
    // Idle workers first: worker 0 scores only; the others take scores first too (same priority
    // as a 'high' replay, older first), then replays in fair-share order. Scores are shared out
    // evenly among the idle workers, in batches.
    const idle = slots.filter((s) => s.alive && !busy(s));
    for (const [i, slot] of idle.entries()) {
      // Scores are the most urgent priority, so a score waiting always goes first.
      const waiting = scoresWaiting();
      if (waiting > 0) slot.main = sendScores(slot, scoreBatchSize(waiting, idle.length - i, maxBatch), false);
      else if (slot.index !== 0 && queue.size > 0) slot.main = sendReplay(slot, queue.take(() => true, fairest)!);
      arm(slot);
    }
    // Scores still waiting go to replaying workers, between the replay's slices.
    for (const slot of slots) {
      const waiting = scoresWaiting();
      if (waiting === 0) break;
      if (!slot.alive || !slot.main?.hosts || slot.side) continue;
      slot.side = sendScores(slot, scoreBatchSize(waiting, 1, maxBatch), true);
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
      queue.push({ request, owner, resolve: resolve as (r: ScoreResult | ReplayResult) => void, reject }, priority);
      pump();
    });

  for (let i = 0; i < size; i++) slots.push(spawn(i));

  return {
    score: (round, network, weights) =>
      enqueue<ScoreResult>({ kind: 'score', round, network, weights }, PRIORITY.score),
    replay: (round, job, priority, owner) => enqueue<ReplayResult>({ kind: 'replay', round, job }, PRIORITY[priority], owner),
    prepare: (round) => {
      // Sent past the queue: each worker builds the data before whatever job it gets next.
      for (const slot of slots) if (slot.alive && !closed) slot.worker.postMessage({ id: nextId++, kind: 'prepare', round } satisfies WorkerRequest);
    },
    stats: () => ({
      workers: slots.length,
      busy: slots.filter(busy).length,
      queued: queue.size,
      scored,
      replayed,
      scoredBetweenSlices,
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
