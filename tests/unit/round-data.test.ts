import { describe, expect, it } from 'vitest';
import { REAL_TASK_IDS } from '../../game/spec';
import { classCounts } from '../../game/tasks/dataset';
import type { Dataset } from '../../game/tasks/dataset';
import { loadRealTable } from '../../game/tasks/real-data';
import {
  buildHiddenTest,
  buildTrainSet,
  publicMaskFor,
  realSplit,
  roundTrainRows,
  RoundDataError,
  SYNTHETIC_TEST_SIZE,
} from '../../game/tasks/round-data';
import { generateSynthetic } from '../../game/tasks/synthetic';
import { nodeDatasetLoader } from '../../server/dataset-loader';

const hex = (d: Dataset): string =>
  Buffer.from(d.x.buffer, d.x.byteOffset, d.x.byteLength).toString('hex') +
  Buffer.from(d.y.buffer, d.y.byteOffset, d.y.byteLength).toString('hex');
const sum = (m: Uint8Array): number => m.reduce((a, b) => a + b, 0);

describe('synthetic rounds', () => {
  const params = { taskId: 'spiral' as const, trainSeed: 17, trainSize: 200, noise: 0.3 };

  it('buildTrainSet is generateSynthetic of the public inputs, reproducibly', async () => {
    const a = await buildTrainSet(params);
    const b = await buildTrainSet({ ...params });
    expect(hex(a)).toBe(hex(b));
    expect(hex(a)).toBe(hex(generateSynthetic('spiral', { seed: 17, n: 200, noise: 0.3 })));
  });

  it('the hidden test set is 10,000 fresh points with a public third, fixed by testSeed', async () => {
    const { test, publicMask } = await buildHiddenTest({ ...params, testSeed: 99 });
    expect(test.n).toBe(SYNTHETIC_TEST_SIZE);
    expect(publicMask.length).toBe(test.n);
    expect(sum(publicMask)).toBe(Math.round(test.n / 3));
    const again = await buildHiddenTest({ ...params, testSeed: 99 });
    expect(hex(again.test)).toBe(hex(test));
    expect(Buffer.from(again.publicMask).equals(Buffer.from(publicMask))).toBe(true);
    const other = await buildHiddenTest({ ...params, testSeed: 100 });
    expect(hex(other.test)).not.toBe(hex(test));
    // Reusing the train seed as the test seed still gives different points.
    const same = await buildHiddenTest({ ...params, testSeed: 17 });
    const train = await buildTrainSet(params);
    expect(Array.from(same.test.x.subarray(0, 400))).not.toEqual(Array.from(train.x));
  });
});

describe('publicMaskFor', () => {
  it('marks exactly a third, and another seed marks other rows', () => {
    for (const n of [1, 2, 3, 10, 45, 540]) expect(sum(publicMaskFor(n, 4))).toBe(Math.round(n / 3));
    expect(Array.from(publicMaskFor(300, 1))).not.toEqual(Array.from(publicMaskFor(300, 2)));
  });
});

describe.each([...REAL_TASK_IDS])('real round: %s', (taskId) => {
  const trainSize = 60;
  const testSeed = 1234;

  it('splits disjoint, sorted train and test rows, about 30% test, class shares kept', async () => {
    const table = await loadRealTable(taskId, nodeDatasetLoader);
    const { trainRows, testRows } = realSplit(taskId, testSeed, trainSize, table.y);
    expect(trainRows).toHaveLength(trainSize);
    expect(Math.abs(testRows.length - 0.3 * table.n)).toBeLessThanOrEqual(table.classes);
    const train = new Set(trainRows);
    for (const r of testRows) expect(train.has(r)).toBe(false);
    expect([...trainRows].sort((a, b) => a - b)).toEqual(trainRows);
    expect([...testRows].sort((a, b) => a - b)).toEqual(testRows);
    const all = classCounts(table).map((c) => c / table.n);
    const testCounts = classCounts({ y: Int32Array.from(testRows, (r) => table.y[r]), classes: table.classes });
    testCounts.forEach((c, k) => expect(Math.abs(c / testRows.length - all[k])).toBeLessThan(0.02));
    expect(await roundTrainRows(taskId, testSeed, trainSize, nodeDatasetLoader)).toEqual(trainRows);
    const other = realSplit(taskId, testSeed + 1, trainSize, table.y);
    expect(other.testRows).not.toEqual(testRows);
  });

  it('buildTrainSet is reproducible and standardized with the training rows only', async () => {
    const trainRows = await roundTrainRows(taskId, testSeed, trainSize, nodeDatasetLoader);
    const p = { taskId, trainSeed: 5, trainSize, noise: 0, trainRows };
    const a = await buildTrainSet(p, nodeDatasetLoader);
    const b = await buildTrainSet(p, nodeDatasetLoader);
    expect(hex(a)).toBe(hex(b));
    expect(a.n).toBe(trainSize);
    // Every non-constant feature has mean 0 and population std 1 over the training rows.
    for (let j = 0; j < a.inputDim; j++) {
      let m = 0;
      for (let i = 0; i < a.n; i++) m += a.x[i * a.inputDim + j];
      m /= a.n;
      let v = 0;
      for (let i = 0; i < a.n; i++) v += (a.x[i * a.inputDim + j] - m) ** 2;
      v /= a.n;
      expect(Math.abs(m)).toBeLessThan(1e-4);
      if (v > 0) expect(Math.abs(v - 1)).toBeLessThan(1e-3);
    }
    const { test, publicMask } = await buildHiddenTest({ ...p, testSeed }, nodeDatasetLoader);
    expect(sum(publicMask)).toBe(Math.round(test.n / 3));
    // The test rows are standardized with the train statistics, so their mean is not exactly 0.
    let testMean = 0;
    for (let i = 0; i < test.n; i++) for (let j = 0; j < test.inputDim; j++) testMean += test.x[i * test.inputDim + j];
    expect(Math.abs(testMean)).toBeGreaterThan(1e-3);
  });
});

describe('real round inputs', () => {
  it('a train set of a real task needs trainRows, a loader and valid sorted rows', async () => {
    const base = { taskId: 'iris' as const, trainSeed: 1, trainSize: 10, noise: 0 };
    await expect(buildTrainSet(base, nodeDatasetLoader)).rejects.toThrow(RoundDataError);
    await expect(buildTrainSet({ ...base, trainRows: [1, 2] })).rejects.toThrow(/DatasetLoader/);
    await expect(buildTrainSet({ ...base, trainRows: [2, 1] }, nodeDatasetLoader)).rejects.toThrow(/sorted/);
    await expect(buildTrainSet({ ...base, trainRows: [1, 150] }, nodeDatasetLoader)).rejects.toThrow(/0\.\.149/);
  });

  it('trainSize larger than the rows left gives all of them', async () => {
    const iris = await loadRealTable('iris', nodeDatasetLoader);
    const { trainRows, testRows } = realSplit('iris', 3, 5000, iris.y);
    expect(trainRows.length + testRows.length).toBe(150);
  });

  it('a synthetic round has no trainRows', async () => {
    expect(await roundTrainRows('xor', 1, 100)).toBeNull();
  });
});
