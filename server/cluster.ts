/**
 * What `REDIS_URL` turns on in a web server: the socket.io Redis Streams adapter (rooms and
 * connection-state recovery across servers) and verification on the BullMQ queue, with
 * `workers` local threads consuming it (0: leave it to `npm run worker` processes). The
 * per-address limits use `quick` too (server/redis-client-limits.ts, wired in server/main.ts).
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import { Redis } from 'ioredis';
import type { Verifier } from './verifier';
import { createQueueVerifier } from './verify/queue-verifier';
import { startQueueWorker, type QueueWorker } from './verify/queue-worker';
import { redisConnection } from './verify/queue-jobs';

/** Default lifetime of a round lease (ms); a dead owner's rounds are taken over within about this. */
export const DEFAULT_LEASE_TTL_MS = 15_000;

/** A process id unique across machines and restarts (host, pid, random). */
export function instanceId(): string {
  return `${hostname()}-${process.pid}-${randomBytes(4).toString('hex')}`;
}

export interface Cluster {
  adapter: ReturnType<typeof createAdapter>;
  /** Commands that must fail fast rather than wait for a reconnect (the board gate, the per-address limits). */
  quick: Redis;
  verifier: Verifier;
  worker: QueueWorker | null;
  close(): Promise<void>;
}

/**
 * Connects to Redis and builds the adapter, the queue verifier and the local consumer. Side
 * effects: Redis connections, `workers` threads.
 * @example const cluster = await startCluster('redis://localhost:6379', 0, log); io.adapter(cluster.adapter);
 */
export async function startCluster(url: string, workers: number, log: (line: string) => void): Promise<Cluster> {
  const adapterRedis = redisConnection(url);
  const queueRedis = redisConnection(url);
  const workerRedis = workers > 0 ? redisConnection(url) : null;
  const quick = new Redis(url, { maxRetriesPerRequest: 1 });
  quick.on('error', () => undefined);
  const verifier = await createQueueVerifier({ redis: queueRedis });
  const worker = workerRedis ? startQueueWorker({ redis: workerRedis, threads: workers, log }) : null;
  return {
    adapter: createAdapter(adapterRedis),
    quick,
    verifier,
    worker,
    async close() {
      await worker?.close();
      await verifier.close();
      for (const r of [adapterRedis, queueRedis, workerRedis, quick]) r?.disconnect();
    },
  };
}
