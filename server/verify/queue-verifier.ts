/**
 * A `Verifier` (server/verifier.ts) over a BullMQ queue in Redis, for several web servers sharing
 * verification worker processes (`npm run worker`). `score` and `replay` add a job and wait for
 * its result. A replay's job id is derived from what it replays, so two servers (or an open-round
 * replay and the close-time audit) asking for the same replay share one job. A worker that dies
 * mid-job loses its lock, and BullMQ hands the job to another worker.
 */
import { createHash } from 'node:crypto';
import { Queue, QueueEvents } from 'bullmq';
import type { Redis } from 'ioredis';
import type { ReplayResult, ScoreResult, Verifier } from '../verifier';
import { QUEUE_PRIORITY, VERIFY_QUEUE, replayData, toBase64, type QueueJobData } from './queue-jobs';

/** A result waited for longer than this is failed: no worker is there or every one is stuck. */
const WAIT_MS = 10 * 60_000;
const STATS_EVERY_MS = 500;

export interface QueueVerifierOptions {
  /** Connections: one for adding jobs, one (duplicated from it) for completion events. */
  redis: Redis;
}

/**
 * @example const verifier = await createQueueVerifier({ redis: redisConnection(url) }); await verifier.score(secret, net, w);
 */
export async function createQueueVerifier(opts: QueueVerifierOptions): Promise<Verifier> {
  const queue = new Queue<QueueJobData>(VERIFY_QUEUE, { connection: opts.redis });
  const events = new QueueEvents(VERIFY_QUEUE, { connection: opts.redis.duplicate() });
  // Every job in flight waits on both with a listener of its own: hundreds at once are normal.
  queue.setMaxListeners(0);
  events.setMaxListeners(0);
  await events.waitUntilReady();
  let stats = { workers: 0, busy: 0, queued: 0 };
  let closed = false;

  // stats() must answer synchronously (open-round replays consult it on every kick), so it
  // reports the queue as last polled.
  const poll = async (): Promise<void> => {
    const [workers, counts] = await Promise.all([queue.getWorkers(), queue.getJobCounts('active', 'waiting', 'prioritized')]);
    const threads = workers.reduce((n, w) => n + (Number(/threads-(\d+)/.exec(w.name ?? '')?.[1]) || 1), 0);
    stats = { workers: threads, busy: counts.active ?? 0, queued: (counts.waiting ?? 0) + (counts.prioritized ?? 0) };
  };
  const timer = setInterval(() => void poll().catch(() => undefined), STATS_EVERY_MS);
  timer.unref();
  await poll().catch(() => undefined);

  const run = async <T>(data: QueueJobData, priority: number, jobId?: string): Promise<T> => {
    if (closed) throw new Error('verification queue closed');
    const job = await queue.add(data.kind, data, {
      priority,
      jobId,
      // Kept a while so a second waiter on a shared replay still finds the result.
      removeOnComplete: { age: 3600, count: 10_000 },
      removeOnFail: { age: 3600 },
    });
    return (await job.waitUntilFinished(events, WAIT_MS)) as T;
  };

  return {
    score: (round, network, weights) =>
      run<ScoreResult>({ kind: 'score', round, network, weights: toBase64(weights) }, QUEUE_PRIORITY.score),
    replay: (round, job, priority) => {
      const data = replayData(round, job);
      const id = createHash('sha256').update(JSON.stringify(data)).digest('hex').slice(0, 32);
      return run<ReplayResult>(data, QUEUE_PRIORITY[priority], `replay-${id}`);
    },
    stats: () => stats,
    async close() {
      if (closed) return;
      closed = true;
      clearInterval(timer);
      await events.close().catch(() => undefined);
      await queue.close().catch(() => undefined);
    },
  };
}
