import { describe, expect, it } from 'vitest';
import { initBackend } from '../../game/backend';
import { trainJs } from '../../game/engine/train';
import { trainingSchema, type NetworkSpec, type TrainingSpec } from '../../game/spec';
import { buildTrainSet, roundTrainRows } from '../../game/tasks/round-data';
import { generateSynthetic } from '../../game/tasks/synthetic';
import { train } from '../../game/train';
import { holdoutCount, scoreProbs, splitHoldout, syntheticValidation } from '../../game/validation';
import { nodeDatasetLoader } from '../../server/dataset-loader';

const network: NetworkSpec = { layers: [{ units: 8, activation: 'tanh', groups: 1 }], shortcut: 'none' };
const training: TrainingSpec = { optimizer: 'adam', learningRate: 0.03, batchSize: 16, epochs: 3, l2: 0, seed: 9 };
const hex = (a: Float32Array): string => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('hex');

async function iris() {
  const trainRows = await roundTrainRows('iris', 5, 100, nodeDatasetLoader);
  return buildTrainSet({ taskId: 'iris', trainSeed: 1, trainSize: 100, noise: 0, trainRows }, nodeDatasetLoader);
}

describe('holdout split', () => {
  it('holds out round(n · fraction) rows, at least 1, never all', () => {
    expect(holdoutCount(150, 0.2)).toBe(30);
    expect(holdoutCount(10, 0.01)).toBe(1);
    expect(holdoutCount(2, 0.5)).toBe(1);
    expect(holdoutCount(1, 0.5)).toBe(0);
    expect(holdoutCount(100, undefined)).toBe(0);
  });

  it('is a seeded partition of the rows that keeps their order, the same every time', async () => {
    const data = await iris();
    const spec = { ...training, holdout: 0.2 };
    const a = splitHoldout(data, spec);
    const b = splitHoldout(data, spec);
    if (!a.validation || !b.validation) throw new Error('a holdout gives a validation part');
    expect(a.validation.n).toBe(20);
    expect(a.train.n).toBe(80);
    expect(hex(a.train.x)).toBe(hex(b.train.x));
    expect(hex(a.validation.x)).toBe(hex(b.validation.x));
    // Every row lands in exactly one part, in its original relative order.
    const rowKey = (x: Float32Array, i: number): string => hex(x.slice(i * data.inputDim, (i + 1) * data.inputDim));
    const all = Array.from({ length: data.n }, (_, i) => rowKey(data.x, i));
    const trainKeys = Array.from({ length: a.train.n }, (_, i) => rowKey(a.train.x, i));
    const held = a.validation;
    const valKeys = Array.from({ length: held.n }, (_, i) => rowKey(held.x, i));
    expect([...trainKeys, ...valKeys].sort()).toEqual([...all].sort());
    expect(trainKeys).toEqual(all.filter((k) => trainKeys.includes(k)));
    // Another seed holds out other rows; no holdout leaves the data as it is.
    const other = splitHoldout(data, { ...spec, seed: 10 });
    expect(hex(other.validation?.x ?? new Float32Array())).not.toBe(hex(a.validation.x));
    expect(splitHoldout(data, training)).toEqual({ train: data, validation: null });
  });

  it('the schema bounds it to (0, 0.5] and leaves it out when absent', () => {
    expect(trainingSchema.safeParse({ ...training, holdout: 0.2 }).success).toBe(true);
    expect(trainingSchema.safeParse({ ...training, holdout: 0.5 }).success).toBe(true);
    for (const bad of [0, -0.1, 0.51, 1, Number.NaN, '0.2']) expect(trainingSchema.safeParse({ ...training, holdout: bad }).success).toBe(false);
    expect('holdout' in trainingSchema.parse(training)).toBe(false);
  });

  it('both trainers train on the kept rows only: the same weights as training on them without a holdout', async () => {
    const data = await iris();
    const spec = { ...training, holdout: 0.25 };
    const kept = splitHoldout(data, spec).train;
    const js = await trainJs({ network, training: spec, data });
    expect(hex(js.weights)).toBe(hex((await trainJs({ network, training, data: kept })).weights));
    expect(hex(js.weights)).not.toBe(hex((await trainJs({ network, training, data })).weights));
    expect(js.steps).toBe(3 * Math.ceil(kept.n / 16));
    await initBackend('cpu');
    const tf = await train({ network, training: spec, data });
    expect(hex(tf.weights)).toBe(hex((await train({ network, training, data: kept })).weights));
  });
});

describe('synthetic validation sample', () => {
  it('is a fresh public sample of the same task, derived from the train seed', () => {
    const params = { taskId: 'moons' as const, trainSeed: 4, trainSize: 300, noise: 0.2 };
    const v = syntheticValidation(params);
    if (!v) throw new Error('synthetic tasks have one');
    expect(v.n).toBe(300);
    expect(hex(v.x)).toBe(hex(syntheticValidation({ ...params })?.x ?? new Float32Array()));
    expect(hex(v.x)).not.toBe(hex(generateSynthetic('moons', { seed: 4, n: 300, noise: 0.2 }).x));
    expect(syntheticValidation({ ...params, trainSize: 5000 })?.n).toBe(1000);
    expect(syntheticValidation({ ...params, taskId: 'iris' })).toBeNull();
  });

  it('scores probabilities with the loss the net trains on', () => {
    const probs = new Float32Array([0.9, 0.1, 0.4, 0.6]);
    const y = new Int32Array([0, 0]);
    const ce = scoreProbs(probs, y, 2, 'cross_entropy');
    expect(ce.accuracy).toBe(0.5);
    expect(ce.loss).toBeCloseTo((-Math.log(0.9) - Math.log(0.4)) / 2, 6);
    const mse = scoreProbs(probs, y, 2, 'mse');
    expect(mse.loss).toBeCloseTo((0.01 + 0.01 + 0.36 + 0.36) / 2, 6);
    expect(scoreProbs(new Float32Array([0, 1]), new Int32Array([0]), 2).loss).toBeCloseTo(-Math.log(1e-12), 6);
    expect(() => scoreProbs(probs, new Int32Array([0]), 2)).toThrow(RangeError);
  });
});
