/**
 * The consumer side of the verification queue: a BullMQ worker that runs each job on a local
 * worker-thread pool (server/verify/pool.ts), `JOBS_PER_THREAD` jobs held per thread. The pool's threads
 * build and cache each round's hidden test set themselves; only scores and verdicts go back into
 * Redis. Used by `npm run worker` and by a web server with `REDIS_URL` and `VERIFY_WORKERS` > 0.
 */
import { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { createVerificationPool, type VerificationPool } from './pool';
import { VERIFY_QUEUE, fromBase64, lockDurationMs, type QueueJobData } from './queue-jobs';

/** BullMQ jobs a worker holds per verification thread (the pool queues the extra ones). */
export const JOBS_PER_THREAD = 4;

export interface QueueWorker {
  pool: VerificationPool;
  close(): Promise<void>;
}

/**
 * Starts `threads` worker threads and consumes the queue with that concurrency. Side effects:
 * threads, a blocking Redis connection.
 * @example const w = startQueueWorker({ redis: redisConnection(url), threads: 4 }); ...; await w.close();
 */
export function startQueueWorker(opts: { redis: Redis; threads: number; log?: (line: string) => void }): QueueWorker {
  const threads = Math.max(1, Math.floor(opts.threads));
  const pool = createVerificationPool({ size: threads, log: opts.log });
  const lockDuration = lockDurationMs();
  const worker = new Worker<QueueJobData>(
    VERIFY_QUEUE,
    async (job) => {
      const d = job.data;
      // One line per job start: an operator (and the kill test) can tell which process runs what.
      opts.log?.(`job ${job.id ?? '?'} ${d.kind} started`);
      if (d.kind === 'score') return pool.score(d.round, d.network, fromBase64(d.weights));
      return pool.replay(d.round, { network: d.network, training: d.training, backend: d.backend, weights: fromBase64(d.weights) }, 'high');
    },
    {
      connection: opts.redis,
      // Jobs held per thread: with one, each thread idles through every job's Redis round trips
      // (fetch, finish, the next fetch), which capped a worker near 50 scores/s, far below its
      // thread's ~150/s. The pool's own queue runs the jobs held here by priority, scores first.
      concurrency: threads * JOBS_PER_THREAD,
      // The name carries the thread count, so web servers can tell how much capacity exists.
      name: `threads-${threads}`,
      lockDuration,
      stalledInterval: Math.max(500, Math.floor(lockDuration / 2)),
      maxStalledCount: 3,
    },
  );
  worker.on('error', (e) => opts.log?.(`verification worker: ${e.message}`));
  return {
    pool,
    async close() {
      await worker.close().catch(() => undefined);
      await pool.close();
    },
  };
}
