/**
 * The consumer side of the verification queue: a BullMQ worker that runs each job on a local
 * worker-thread pool (server/verify/pool.ts), one job per thread at a time. The pool's threads
 * build and cache each round's hidden test set themselves; only scores and verdicts go back into
 * Redis. Used by `npm run worker` and by a web server with `REDIS_URL` and `VERIFY_WORKERS` > 0.
 */
import { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { createVerificationPool, type VerificationPool } from './pool';
import { VERIFY_QUEUE, fromBase64, lockDurationMs, type QueueJobData } from './queue-jobs';

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
      concurrency: threads,
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
