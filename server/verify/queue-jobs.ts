/**
 * The BullMQ side of verification shared by web servers (producers) and worker processes
 * (consumers): the queue's name, the job payloads as JSON (weights as base64, since a job is
 * stored as JSON in Redis), priorities, and the Redis connections. A job holds a round's secret
 * seeds; it travels between servers and workers only, never to a client.
 */
import { Redis } from 'ioredis';
import type { Backend, NetworkSpec, TrainingSpec } from '../../game/spec';
import type { ReplayJob, RoundSecret } from '../verifier';

export const VERIFY_QUEUE = 'tune-arena-verify';

/** BullMQ priorities: lower runs first. Scores first, then the close-time audit, then idle-time replays. */
export const QUEUE_PRIORITY = { score: 1, high: 2, low: 10 } as const;

export type QueueJobData =
  | { kind: 'score'; round: RoundSecret; network: NetworkSpec; weights: string }
  | {
      kind: 'replay';
      round: RoundSecret;
      network: NetworkSpec;
      training: TrainingSpec;
      backend: Backend;
      weights: string;
    };

export const toBase64 = (bytes: Uint8Array): string => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
export const fromBase64 = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, 'base64'));

/** The replay payload of a submission. */
export function replayData(round: RoundSecret, job: ReplayJob): QueueJobData {
  return { kind: 'replay', round, network: job.network, training: job.training, backend: job.backend, weights: toBase64(job.weights) };
}

/**
 * How long a worker's lock on a job lasts without renewal (ms). A worker process renews it while
 * alive; once one dies, its job is handed to another worker after about this long.
 */
export function lockDurationMs(env: Record<string, string | undefined> = process.env): number {
  const v = Number(env.VERIFY_LOCK_MS);
  return Number.isFinite(v) && v >= 1000 ? v : 30_000;
}

/**
 * An ioredis connection as BullMQ wants it (`maxRetriesPerRequest: null`: a blocking worker
 * must wait for Redis to come back rather than fail its commands).
 * @example const redis = redisConnection(process.env.REDIS_URL!); ...; redis.disconnect();
 */
export function redisConnection(url: string): Redis {
  const redis = new Redis(url, { maxRetriesPerRequest: null, enableReadyCheck: true });
  // Reconnection is ioredis' job; an 'error' event without a listener would crash the process.
  redis.on('error', () => undefined);
  return redis;
}
