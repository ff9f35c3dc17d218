/**
 * The verification pool against the real game code: worker threads running tfjs wasm, hidden test
 * sets built inside them. One worker (the machine has 2 shared cores); small nets and few epochs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../game/backend';
import { evaluate } from '../../game/evaluate';
import { initWeights } from '../../game/init';
import { train } from '../../game/train';
import { packWeights } from '../../game/weights';
import { buildHiddenTest, buildTrainSet, roundTrainRows } from '../../game/tasks/round-data';
import { nodeDatasetLoader } from '../../server/dataset-loader';
import type { Dataset } from '../../game/tasks/dataset';
import type { NetworkSpec, TrainingSpec } from '../../game/spec';
import { createVerificationPool, type RoundSecret, type VerificationPool } from '../../server/verify/pool';

const round: RoundSecret = { roundId: 'r-verify', taskId: 'xor', trainSeed: 11, testSeed: 22, trainSize: 120, noise: 0.1 };
const task = { inputDim: 2, classes: 2 };
const network: NetworkSpec = {
  layers: [
    { units: 8, activation: 'tanh', groups: 1 },
    { units: 8, activation: 'tanh', groups: 1 },
  ],
  shortcut: 'none',
};
const training: TrainingSpec = { optimizer: 'adam', learningRate: 0.03, batchSize: 20, epochs: 6, l2: 0, seed: 7 };

const round4 = (v: number): number => Math.round(v * 10_000) / 10_000;

let pool: VerificationPool;
let data: Dataset;
let genuine: Uint8Array;

async function trainOn(backend: 'wasm' | 'cpu', spec: TrainingSpec): Promise<Uint8Array> {
  await initBackend(backend);
  const { weights } = await train({ network, training: spec, data });
  return packWeights(weights);
}

beforeAll(async () => {
  pool = createVerificationPool({ size: 1 });
  data = await buildTrainSet(round);
  genuine = await trainOn('wasm', training);
});

afterAll(async () => {
  await pool?.close();
});

describe('verification pool', () => {
  it('scores exactly as game/evaluate does on the same hidden data', async () => {
    const { test, publicMask } = await buildHiddenTest(round);
    const privateMask = publicMask.map((m) => 1 - m);
    await initBackend('wasm');
    const weights = new Float32Array(genuine.buffer.slice(0));
    const expected = {
      publicScore: round4(evaluate(network, task, weights, test, publicMask).accuracy),
      privateScore: round4(evaluate(network, task, weights, test, privateMask).accuracy),
      fullScore: round4(evaluate(network, task, weights, test).accuracy),
    };
    const result = await pool.score(round, network, genuine);
    // Only numbers come back: no test rows, no seed.
    expect(Object.keys(result).sort()).toEqual(['fullScore', 'ms', 'privateScore', 'publicScore']);
    expect({ publicScore: result.publicScore, privateScore: result.privateScore, fullScore: result.fullScore }).toEqual(
      expected,
    );
    expect(result.fullScore).toBeGreaterThan(0.8);
    expect(pool.stats().scored).toBeGreaterThanOrEqual(1);
  });

  it('gives random weights their real, low score', async () => {
    const random = initWeights(network, task, 12345);
    const { test } = await buildHiddenTest(round);
    await initBackend('wasm');
    const expected = round4(evaluate(network, task, random, test).accuracy);
    const result = await pool.score(round, network, packWeights(random));
    expect(result.fullScore).toBe(expected);
    expect(result.fullScore).toBeLessThan(0.75);
  });

  it('answers a byte-identical repeat with the same scores, and scores a one-byte change afresh', async () => {
    const first = await pool.score(round, network, genuine);
    const again = await Promise.all([1, 2, 3, 4].map(() => pool.score(round, network, genuine.slice())));
    for (const r of again) expect(r).toMatchObject({ publicScore: first.publicScore, privateScore: first.privateScore, fullScore: first.fullScore });
    const changed = genuine.slice();
    changed[3] ^= 0x40; // the sign/exponent byte of the first weight: a different network output
    const other = await pool.score(round, network, changed);
    await initBackend('wasm');
    const hidden = await buildHiddenTest(round);
    const expected = evaluate(network, task, new Float32Array(changed.buffer.slice(0)), hidden.test);
    expect(other.fullScore).toBe(round4(expected.accuracy));
  });

  it('builds a round\'s hidden test set in every worker when asked, ahead of its first score', async () => {
    const fresh = (id: string): RoundSecret => ({ ...round, roundId: id, trainSize: 200 });
    const cold = await pool.score(fresh('r-cold'), network, genuine);
    pool.prepare(fresh('r-warm'));
    // A job queued after prepare runs after the build on the same worker; the next score is then warm.
    await pool.score(fresh('r-other'), network, genuine);
    const warm = await pool.score(fresh('r-warm'), network, genuine);
    // The cold score built the 10,000-point set first (hundreds of ms here); the warm one did not.
    expect(warm.ms).toBeLessThan(cold.ms);
    expect(warm.fullScore).toBeGreaterThan(0);
  });

  it('rejects a score job whose weights have the wrong length', async () => {
    await expect(pool.score(round, network, genuine.subarray(0, 8))).rejects.toThrow(/bytes/);
  });

  it('verifies a genuinely trained wasm submission byte for byte', async () => {
    const r = await pool.replay(round, { network, training, backend: 'wasm', weights: genuine }, 'high');
    expect(r.verdict).toBe('verified');
    expect(r.reason).toMatch(/byte-identical/);
    expect(r.replayScore).toBe((await pool.score(round, network, genuine)).privateScore);
  });

  it('verifies a cpu submission by replaying it on the cpu backend', async () => {
    const cpuWeights = await trainOn('cpu', training);
    const r = await pool.replay(round, { network, training, backend: 'cpu', weights: cpuWeights }, 'high');
    expect(r.verdict).toBe('verified');
    expect(r.reason).toMatch(/on cpu/);
  });

  it('replays real data on the rows the round published', async () => {
    const iris: RoundSecret = { roundId: 'r-iris', taskId: 'iris', trainSeed: 3, testSeed: 44, trainSize: 60, noise: 0 };
    const trainRows = await roundTrainRows('iris', iris.testSeed, iris.trainSize, nodeDatasetLoader);
    const irisData = await buildTrainSet({ ...iris, trainRows }, nodeDatasetLoader);
    const irisNet: NetworkSpec = { layers: [{ units: 6, activation: 'relu', groups: 1 }], shortcut: 'none' };
    const irisTraining: TrainingSpec = { ...training, batchSize: 16, epochs: 8 };
    await initBackend('wasm');
    const { weights } = await train({ network: irisNet, training: irisTraining, data: irisData });
    const r = await pool.replay(iris, { network: irisNet, training: irisTraining, backend: 'wasm', weights: packWeights(weights) }, 'high');
    expect(r.verdict).toBe('verified');
    expect(r.replayScore).toBeGreaterThan(0.5);
  });

  it('rejects a submission with one value changed', async () => {
    const tampered = genuine.slice();
    tampered[4 * 3] ^= 0x01; // lowest mantissa bit of value 3
    const r = await pool.replay(round, { network, training, backend: 'wasm', weights: tampered }, 'high');
    expect(r.verdict).toBe('rejected');
    expect(r.reason).toBe(`replayed weights differ from the submitted ones at 1 of ${genuine.byteLength / 4} values`);
  });

  it('rejects weights trained for more epochs than declared', async () => {
    const longer = await trainOn('wasm', { ...training, epochs: training.epochs + 2 });
    const r = await pool.replay(round, { network, training, backend: 'wasm', weights: longer }, 'high');
    expect(r.verdict).toBe('rejected');
    expect(r.reason).toMatch(/differ from the submitted ones at \d+ of \d+ values/);
    expect(r.replayScore).not.toBeNull();
  });

  it('rejects random weights on replay, and judges webgl by accuracy within the tolerance', async () => {
    const random = packWeights(initWeights(network, task, 999));
    const rejected = await pool.replay(round, { network, training, backend: 'webgl', weights: random }, 'high');
    expect(rejected.verdict).toBe('rejected');
    expect(rejected.reason).toMatch(/beyond the 0.02 tolerance/);
    const accepted = await pool.replay(round, { network, training, backend: 'webgl', weights: genuine }, 'high');
    expect(accepted.verdict).toBe('verified');
    expect(accepted.reason).toMatch(/gap of 0\.0000, within the 0.02 tolerance/);
  });

  it('scores on their own lane, never behind a replay; high replays before low', async () => {
    const order: string[] = [];
    const job = { network, training, backend: 'wasm' as const, weights: genuine };
    const track = <T>(name: string, p: Promise<T>): Promise<T> => p.then((v) => (order.push(name), v));
    // The first replay occupies the only replay worker; the other replays wait in the queue, and
    // the score goes straight to worker 0, which never replays.
    const all = [
      track('blocker', pool.replay(round, job, 'low')),
      track('low-1', pool.replay(round, job, 'low')),
      track('low-2', pool.replay(round, job, 'low')),
      track('score', pool.score(round, network, genuine)),
      track('high', pool.replay(round, job, 'high')),
    ];
    expect(pool.stats()).toMatchObject({ workers: 2, busy: 2, queued: 3 });
    await Promise.all(all);
    expect(order.filter((n) => n !== 'score')).toEqual(['blocker', 'high', 'low-1', 'low-2']);
    expect(order.indexOf('score')).toBeLessThan(order.indexOf('high'));
  });

  it('scores between the slices of a long replay while the score lane is busy, without changing the replay', async () => {
    const slow = { ...training, epochs: 200 };
    const weights = await trainOn('wasm', slow);
    const alone = await pool.score(round, network, genuine);
    const before = pool.stats().scoredBetweenSlices;
    let replayDone = false;
    const replay = pool.replay(round, { network, training: slow, backend: 'wasm', weights }, 'low').then((r) => {
      replayDone = true;
      return r;
    });
    // 40 scores at once: worker 0 takes a batch of 16, the rest go to the replaying worker. Each
    // has its own weights (one mantissa bit changed), so none is answered from the memo: every one
    // is a forward pass run between two steps of the replay.
    const variant = (i: number): Uint8Array => {
      const w = genuine.slice();
      w[4 * i] ^= 1;
      return w;
    };
    const scores = Array.from({ length: 40 }, (_, i) => pool.score(round, network, variant(i)).then((r) => ({ r, replayDone })));
    const answered = await Promise.all(scores);
    const r = await replay;
    expect(r.verdict).toBe('verified');
    expect(r.reason).toMatch(/byte-identical/);
    expect(answered.every((a) => !a.replayDone)).toBe(true);
    for (const { r: s } of answered) expect(Math.abs(s.fullScore - alone.fullScore)).toBeLessThan(0.01);
    expect(pool.stats().scoredBetweenSlices - before).toBeGreaterThan(0);
  });

  it('shares replay time fairly: one player\'s queue does not hold back another\'s replay', async () => {
    const order: string[] = [];
    const job = { network, training, backend: 'wasm' as const, weights: genuine };
    const track = <T>(name: string, p: Promise<T>): Promise<T> => p.then((v) => (order.push(name), v));
    const all = [
      ...[1, 2, 3, 4].map((i) => track(`heavy-${i}`, pool.replay(round, job, 'low', 'heavy'))),
      track('light', pool.replay(round, job, 'low', 'light')),
    ];
    await Promise.all(all);
    expect(order.indexOf('light')).toBeLessThanOrEqual(1);
  });

  it('keeps the event loop free while a replay runs', async () => {
    const slow = { ...training, epochs: 40 };
    const weights = await trainOn('wasm', slow);
    let maxLag = 0;
    let last = performance.now();
    const timer = setInterval(() => {
      const now = performance.now();
      maxLag = Math.max(maxLag, now - last - 10);
      last = now;
    }, 10);
    const r = await pool.replay(round, { network, training: slow, backend: 'wasm', weights }, 'high');
    clearInterval(timer);
    expect(r.verdict).toBe('verified');
    expect(r.ms).toBeGreaterThan(50); // long enough for the lag measurement to mean something
    expect(maxLag).toBeLessThan(200);
  });

  it('replaces a crashed worker and fails its job instead of hanging', async () => {
    const job = { network, training: { ...training, epochs: 40 }, backend: 'wasm' as const, weights: genuine };
    const doomed = pool.replay(round, job, 'low');
    expect(pool.stats().busy).toBe(1);
    await pool.crashWorker(1); // the replay lane
    await expect(doomed).rejects.toThrow(/crashed/);
    const after = await pool.score(round, network, genuine);
    expect(after.fullScore).toBeGreaterThan(0.8);
    expect(pool.stats()).toMatchObject({ workers: 2, busy: 0, queued: 0 });
  });

  it('rejects new and waiting jobs once closed', async () => {
    const p2 = createVerificationPool({ size: 1 });
    // Expectations attach before close() so the rejections are never unhandled.
    const running = expect(p2.score(round, network, genuine)).rejects.toThrow(/closed/);
    const waiting = expect(p2.score(round, network, genuine)).rejects.toThrow(/closed/);
    await p2.close();
    await running;
    await waiting;
    await expect(p2.score(round, network, genuine)).rejects.toThrow(/closed/);
  });
});
