import { describe, expect, it } from 'vitest';
import { REAL_TASK_IDS, SYNTHETIC_TASK_IDS, TASK_IDS } from '../../game/spec';
import type { TaskId } from '../../game/spec';
import { TASKS, taskInfo, UnknownTaskError } from '../../game/tasks/catalog';
import { classCounts } from '../../game/tasks/dataset';
import type { Dataset } from '../../game/tasks/dataset';
import { generateSynthetic, SyntheticParamsError } from '../../game/tasks/synthetic';
import { buildTrainSet, roundTrainRows } from '../../game/tasks/round-data';
import { loadRealTable } from '../../game/tasks/real-data';
import { nodeDatasetLoader } from '../../server/dataset-loader';

const bytes = (d: Dataset): string =>
  Buffer.from(d.x.buffer, d.x.byteOffset, d.x.byteLength).toString('hex') +
  '|' +
  Buffer.from(d.y.buffer, d.y.byteOffset, d.y.byteLength).toString('hex');

/** One way to get a task's training set from a seed, for all 12 tasks. */
async function sample(id: TaskId, seed: number, n: number): Promise<Dataset> {
  if (TASKS[id].kind === 'synthetic') return generateSynthetic(id, { seed, n, noise: 0.2 });
  const trainRows = await roundTrainRows(id, seed, n, nodeDatasetLoader);
  return buildTrainSet({ taskId: id, trainSeed: 0, trainSize: n, noise: 0, trainRows }, nodeDatasetLoader);
}

describe('catalogue', () => {
  it('lists every task id with a consistent shape', () => {
    expect(Object.keys(TASKS).sort()).toEqual([...TASK_IDS].sort());
    for (const id of TASK_IDS) {
      const t = taskInfo(id);
      expect(t.id).toBe(id);
      expect(t.classNames).toHaveLength(t.classes);
      if (t.image) {
        expect(t.inputDim).toBe(t.image.height * t.image.width * t.image.channels);
      } else if (t.kind === 'synthetic') {
        expect(t.inputDim).toBe(2);
        expect(t.domain).toBeDefined();
      } else {
        expect(t.datasetFile).toBeTruthy();
      }
    }
    expect(() => taskInfo('nope')).toThrow(UnknownTaskError);
  });
});

describe.each([...TASK_IDS])('task %s', (id) => {
  // 90 fits the smallest real set (iris keeps 105 rows for training).
  const n = 90;
  it('is reproducible from its seed and changes with it', async () => {
    const a = await sample(id, 11, n);
    const b = await sample(id, 11, n);
    const c = await sample(id, 12, n);
    expect(bytes(a)).toBe(bytes(b));
    expect(bytes(a)).not.toBe(bytes(c));
  });

  it('has the catalogue shape and labels in range', async () => {
    const d = await sample(id, 3, n);
    const info = taskInfo(id);
    expect(d.n).toBe(n);
    expect(d.inputDim).toBe(info.inputDim);
    expect(d.classes).toBe(info.classes);
    expect(d.x).toBeInstanceOf(Float32Array);
    expect(d.y).toBeInstanceOf(Int32Array);
    expect(d.x.length).toBe(n * info.inputDim);
    expect(d.y.length).toBe(n);
    for (const v of d.y) {
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThan(info.classes);
    }
    for (const v of d.x) expect(Number.isFinite(v)).toBe(true);
  });

  it('keeps classes balanced (synthetic: equal shares; real: the data set\'s own shares) within 5%', async () => {
    const d = await sample(id, 5, n);
    const counts = classCounts(d);
    let expected: number[];
    if (TASKS[id].kind === 'synthetic') {
      expected = counts.map(() => 1 / d.classes);
    } else {
      const table = await loadRealTable(id as (typeof REAL_TASK_IDS)[number], nodeDatasetLoader);
      expected = classCounts(table).map((c) => c / table.n);
    }
    counts.forEach((c, k) => expect(Math.abs(c / d.n - expected[k])).toBeLessThanOrEqual(0.05));
  });
});

describe('synthetic generators', () => {
  it.each([...SYNTHETIC_TASK_IDS])('%s puts clean points in [-1, 1] and quantizes every coordinate', (id) => {
    const d = generateSynthetic(id, { seed: 9, n: 500, noise: 0 });
    for (const v of d.x) {
      expect(Math.abs(v)).toBeLessThanOrEqual(1.0001);
      expect(Number.isInteger(v * 65536)).toBe(true);
    }
    const noisy = generateSynthetic(id, { seed: 9, n: 500, noise: 1 });
    for (const v of noisy.x) expect(Number.isInteger(v * 65536)).toBe(true);
  });

  it('labels follow the geometry: xor by quadrant, circle by radius, rings by band', () => {
    const xor = generateSynthetic('xor', { seed: 1, n: 400, noise: 0 });
    for (let i = 0; i < xor.n; i++) {
      const same = Math.sign(xor.x[2 * i]) === Math.sign(xor.x[2 * i + 1]);
      expect(xor.y[i]).toBe(same ? 0 : 1);
    }
    const circle = generateSynthetic('circle', { seed: 1, n: 400, noise: 0 });
    for (let i = 0; i < circle.n; i++) {
      const r = Math.hypot(circle.x[2 * i], circle.x[2 * i + 1]);
      expect(circle.y[i]).toBe(r < 0.6 ? 0 : 1);
    }
    const rings = generateSynthetic('rings', { seed: 1, n: 300, noise: 0 });
    for (let i = 0; i < rings.n; i++) {
      const r = Math.hypot(rings.x[2 * i], rings.x[2 * i + 1]);
      expect(rings.y[i]).toBe(r < 0.375 ? 0 : r < 0.725 ? 1 : 2);
    }
    const board = generateSynthetic('checkerboard', { seed: 1, n: 400, noise: 0 });
    for (let i = 0; i < board.n; i++) {
      const col = Math.min(3, Math.floor((board.x[2 * i] + 1) / 0.5));
      const row = Math.min(3, Math.floor((board.x[2 * i + 1] + 1) / 0.5));
      expect(board.y[i]).toBe((row + col) % 2);
    }
  });

  it('noise moves points: the same seed with more noise gives other coordinates', () => {
    const a = generateSynthetic('moons', { seed: 2, n: 50, noise: 0 });
    const b = generateSynthetic('moons', { seed: 2, n: 50, noise: 0.5 });
    expect(Array.from(a.y)).toEqual(Array.from(b.y));
    expect(Array.from(a.x)).not.toEqual(Array.from(b.x));
  });

  it('rejects bad parameters with a typed error', () => {
    expect(() => generateSynthetic('xor', { seed: 1, n: 0, noise: 0 })).toThrow(SyntheticParamsError);
    expect(() => generateSynthetic('xor', { seed: 1, n: 2.5, noise: 0 })).toThrow(SyntheticParamsError);
    expect(() => generateSynthetic('xor', { seed: 1, n: 10, noise: 1.5 })).toThrow(SyntheticParamsError);
    expect(() => generateSynthetic('xor', { seed: 1, n: 10, noise: Number.NaN })).toThrow(SyntheticParamsError);
    expect(() => generateSynthetic('iris', { seed: 1, n: 10, noise: 0 })).toThrow(SyntheticParamsError);
  });
});
