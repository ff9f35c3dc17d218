/**
 * Per-worker cache of a round's data: the hidden test set (with its public mask) and the training
 * set a replay trains on. Both are built inside the worker from the round's secret parameters and
 * never cross back to the main thread. A few rounds are kept (LRU), since a tournament usually has
 * one open round and one being audited.
 */
import { buildHiddenTest, buildTrainSet, roundTrainRows } from '../../game/tasks/round-data';
import type { Dataset } from '../../game/tasks/dataset';
import { nodeDatasetLoader } from '../dataset-loader';
import { LruCache } from '../lru';
import type { RoundSecret } from './messages';

export interface HiddenTest {
  test: Dataset;
  /** 1 where the row belongs to the public third, 0 for the private two thirds. */
  publicMask: Uint8Array;
}

const ROUNDS_KEPT = 4;
const hiddenCache = new LruCache<string, Promise<HiddenTest>>(ROUNDS_KEPT);
const trainCache = new LruCache<string, Promise<Dataset>>(ROUNDS_KEPT);

/**
 * A round's data key: every parameter, not just the id, so a round whose rules were edited is
 * rebuilt. Server-only (it holds the test secret).
 * @example roundKey(round) // 'r1|xor|11|22|120|0.1'
 */
export function roundKey(r: RoundSecret): string {
  return [r.roundId, r.taskId, r.trainSeed, r.testSeed, r.trainSize, r.noise].join('|');
}

function cached<V>(cache: LruCache<string, Promise<V>>, key: string, build: () => Promise<V>): Promise<V> {
  const hit = cache.get(key);
  if (hit) return hit;
  const p = build();
  cache.set(key, p);
  // A failed build must not poison the cache for the next job.
  p.catch(() => cache.delete(key));
  return p;
}

/**
 * The round's hidden test set, built once per round per worker.
 * @example const { test, publicMask } = await hiddenTestFor(round);
 */
export function hiddenTestFor(round: RoundSecret): Promise<HiddenTest> {
  return cached(hiddenCache, roundKey(round), () =>
    buildHiddenTest(
      {
        taskId: round.taskId,
        trainSeed: round.trainSeed,
        testSeed: round.testSeed,
        trainSize: round.trainSize,
        noise: round.noise,
      },
      nodeDatasetLoader,
    ),
  );
}

/**
 * The training set players received for this round: built from the public parameters, with the
 * secret split's training rows for real data sets (the same rows the round published).
 * @example const data = await trainSetFor(round);
 */
export function trainSetFor(round: RoundSecret): Promise<Dataset> {
  return cached(trainCache, roundKey(round), async () => {
    const trainRows = await roundTrainRows(round.taskId, round.testSeed, round.trainSize, nodeDatasetLoader);
    return buildTrainSet(
      {
        taskId: round.taskId,
        trainSeed: round.trainSeed,
        trainSize: round.trainSize,
        noise: round.noise,
        trainRows,
      },
      nodeDatasetLoader,
    );
  });
}
