import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { REAL_TASK_IDS } from '../../game/spec';
import { taskInfo } from '../../game/tasks/catalog';
import { DataFormatError } from '../../game/tasks/csv';
import { classCounts } from '../../game/tasks/dataset';
import type { DatasetLoader } from '../../game/tasks/real-data';
import { loadRealTable, parseRealTable } from '../../game/tasks/real-data';
import { applyStandardizer, fitStandardizer } from '../../game/tasks/standardize';
import { DatasetFileError, nodeDatasetLoader } from '../../server/dataset-loader';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('real data files', () => {
  it.each([...REAL_TASK_IDS])('%s parses to the catalogue shape with every class present', async (id) => {
    const t = await loadRealTable(id, nodeDatasetLoader);
    const info = taskInfo(id);
    expect(t.n).toBe(info.rows);
    expect(t.inputDim).toBe(info.inputDim);
    expect(t.x.length).toBe(t.n * t.inputDim);
    for (const c of classCounts(t)) expect(c).toBeGreaterThan(0);
  });

  it('reads known values: the first iris row and the digits labels', async () => {
    const iris = await loadRealTable('iris', nodeDatasetLoader);
    expect(Array.from(iris.x.subarray(0, 4))).toEqual([5.1, 3.5, 1.4, 0.2]);
    expect(iris.y[0]).toBe(0);
    expect(classCounts(iris)).toEqual([50, 50, 50]);
    const bc = await loadRealTable('breast-cancer', nodeDatasetLoader);
    expect(classCounts(bc)).toEqual([212, 357]);
    const digits = await loadRealTable('digits', nodeDatasetLoader);
    expect(Math.max(...digits.x)).toBe(16);
    expect(Math.min(...digits.x)).toBe(0);
  });

  it('caches per loader and id, and does not cache failures', async () => {
    let calls = 0;
    const file = readFileSync(new URL('../../game/tasks/data/iris.csv', import.meta.url));
    const loader: DatasetLoader = async () => {
      calls++;
      if (calls === 1) throw new Error('network down');
      return new Uint8Array(file);
    };
    await expect(loadRealTable('iris', loader)).rejects.toThrow('network down');
    const a = await loadRealTable('iris', loader);
    const b = await loadRealTable('iris', loader);
    expect(a).toBe(b);
    expect(calls).toBe(2);
  });

  it('rejects malformed files with a typed error naming the line', () => {
    expect(() => parseRealTable('iris', enc('150,4,a,b,c\n1,2,3,4,0\n'))).toThrow(/found 1 rows/);
    expect(() => parseRealTable('iris', enc('151,4,a,b,c\n'))).toThrow(DataFormatError);
    const rows = Array.from({ length: 150 }, (_, i) => (i === 7 ? '1,2,x,4,0' : '1,2,3,4,0')).join('\n');
    expect(() => parseRealTable('iris', enc(`150,4,a,b,c\n${rows}`))).toThrow(/Line 9, column 3/);
    const bad = Array.from({ length: 150 }, (_, i) => (i === 0 ? '1,2,3,4,3' : '1,2,3,4,0')).join('\n');
    expect(() => parseRealTable('iris', enc(`150,4,a,b,c\n${bad}`))).toThrow(/label 3/);
    expect(() => parseRealTable('digits', enc('0,1\n'))).toThrow(/not gzip/);
  });

  it('the Node loader refuses paths outside its folder', async () => {
    await expect(nodeDatasetLoader('../package.json')).rejects.toThrow(DatasetFileError);
    await expect(nodeDatasetLoader('.hidden')).rejects.toThrow(DatasetFileError);
  });
});

describe('standardization', () => {
  it('uses only the given rows, population std, and 1 for constant features', () => {
    // 3 rows × 2 features; the second feature is constant on the fitted rows.
    const x = new Float64Array([1, 5, 3, 5, 100, -7]);
    const s = fitStandardizer(x, 2, [0, 1]);
    expect(Array.from(s.mean)).toEqual([2, 5]);
    expect(Array.from(s.std)).toEqual([1, 1]);
    const z = applyStandardizer(x, 2, [2, 0], s);
    expect(Array.from(z)).toEqual([98, -12, -1, 0]);
  });
});
