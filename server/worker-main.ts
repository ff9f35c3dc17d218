/**
 * `npm run worker`: a verification worker process for several web servers. It consumes the
 * BullMQ queue in `REDIS_URL` with one worker thread per core (`VERIFY_WORKERS` overrides), each
 * caching the hidden test sets of the rounds it verifies; nothing it holds reaches a client.
 * Stops cleanly on SIGTERM/SIGINT (running jobs finish first); a SIGKILL leaves its jobs to
 * another worker once their locks lapse (`VERIFY_LOCK_MS`, default 30 s).
 */
import { availableParallelism } from 'node:os';
import { z } from 'zod';
import { redisConnection } from './verify/queue-jobs';
import { startQueueWorker } from './verify/queue-worker';

const env = z
  .object({
    REDIS_URL: z.string().regex(/^rediss?:\/\//, 'must start with redis:// or rediss://'),
    VERIFY_WORKERS: z.coerce.number().int().min(1).max(64).optional(),
  })
  .safeParse(Object.fromEntries(Object.entries(process.env).filter(([, v]) => v !== undefined && v !== '')));
if (!env.success) {
  process.stderr.write(`Invalid environment (${env.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}).\n`);
  process.exit(1);
}
const threads = env.data.VERIFY_WORKERS ?? availableParallelism();
const log = (line: string): void => void process.stderr.write(`[tune-arena worker] ${line}\n`);
const worker = startQueueWorker({ redis: redisConnection(env.data.REDIS_URL), threads, log });
process.stdout.write(`Tune Arena verification worker: ${threads} threads on ${env.data.REDIS_URL}\n`);
const stop = (signal: string): void => {
  log(`${signal}: finishing running jobs`);
  worker.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.once('SIGTERM', () => stop('SIGTERM'));
process.once('SIGINT', () => stop('SIGINT'));
