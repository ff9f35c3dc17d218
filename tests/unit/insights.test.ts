import { describe, expect, it } from 'vitest';
import { computeInsights, foldInsights, INSIGHT_DIMENSIONS, INSIGHTS_V1 } from '../../game/insights';
import type { InsightRow } from '../../game/insights';
import type { Activation, NetworkSpec, TrainingSpec } from '../../game/spec';
import { createRng } from '../../game/rng';
import { plantedRows } from './fixtures/insight-rows';

function row(activation: Activation, depth: number, learningRate: number, score: number, l2 = 0): InsightRow {
  const network: NetworkSpec = {
    layers: Array.from({ length: depth }, () => ({ units: 8, activation, groups: 1 })),
    shortcut: 'none',
  };
  const training: TrainingSpec = { optimizer: 'adam', learningRate, batchSize: 16, epochs: 20, l2, seed: 1 };
  return { network, training, params: 10 * depth, score };
}

describe('computeInsights (version 1)', () => {
  it('lists every dimension in the protocol order', () => {
    expect(INSIGHTS_V1).toBe(1);
    expect(computeInsights([]).map((d) => d.name)).toEqual([
      'depth', 'width', 'activation', 'shortcut', 'groups', 'optimizer', 'learningRate', 'batchSize', 'epochs', 'l2', 'params',
    ]);
    expect(INSIGHT_DIMENSIONS).toHaveLength(11);
    expect(computeInsights([]).every((d) => d.importance === 0 && d.best === null)).toBe(true);
  });

  it('ranks a dimension that determines the score above one that does not', () => {
    const rng = createRng(3);
    const rows: InsightRow[] = [];
    for (let i = 0; i < 40; i++) {
      const act: Activation = i % 2 === 0 ? 'relu' : 'sigmoid';
      const depth = 1 + rng.int(4); // unrelated to the score
      rows.push(row(act, depth, 0.01, (act === 'relu' ? 0.9 : 0.6) + 0.02 * rng.next()));
    }
    const ins = computeInsights(rows);
    const act = ins.find((d) => d.name === 'activation');
    const depth = ins.find((d) => d.name === 'depth');
    expect(act?.best).toBe('relu');
    expect(act?.importance).toBeGreaterThan(0.9);
    expect(depth?.importance).toBeLessThan(0.2);
    expect((act?.importance ?? 0) > (depth?.importance ?? 1)).toBe(true);
    // Constant dimensions explain nothing.
    expect(ins.find((d) => d.name === 'optimizer')).toEqual({ name: 'optimizer', importance: 0, best: 'adam' });
    for (const d of ins) {
      expect(d.importance).toBeGreaterThanOrEqual(0);
      expect(d.importance).toBeLessThanOrEqual(1);
    }
  });

  it('bins a many-valued numeric dimension on a log scale and names the best bin', () => {
    const rows: InsightRow[] = [];
    for (let i = 0; i < 30; i++) {
      const lr = 10 ** (-4 + (3 * i) / 29); // 1e-4 .. 1e-1, 30 distinct values
      rows.push(row('relu', 2, lr, lr > 0.01 ? 0.85 + lr : 0.5));
    }
    const lr = computeInsights(rows).find((d) => d.name === 'learningRate');
    expect(typeof lr?.best).toBe('string');
    expect(String(lr?.best)).toMatch(/–0\.1$/);
    expect(lr?.importance).toBeGreaterThan(0.5);
    expect(lr?.importance).toBeLessThan(1.0001);
  });

  it('orders numeric levels by value: ties for best go to the smallest level', () => {
    const rows = [row('relu', 10, 0.01, 0.9), row('relu', 2, 0.01, 0.9), row('relu', 1, 0.01, 0.5)];
    expect(computeInsights(rows).find((d) => d.name === 'depth')?.best).toBe(2);
  });

  it('gives 0 importance with fewer than 2 rows or no variance, and is deterministic', () => {
    expect(computeInsights([row('relu', 2, 0.01, 0.9)]).every((d) => d.importance === 0)).toBe(true);
    const flat = [row('relu', 1, 0.01, 0.7), row('tanh', 3, 0.1, 0.7)];
    expect(computeInsights(flat).every((d) => d.importance === 0)).toBe(true);
    const rows = [row('relu', 1, 0.01, 0.7, 0), row('tanh', 3, 0.1, 0.9, 0.001), row('relu', 2, 0.03, 0.8)];
    expect(computeInsights(rows)).toEqual(computeInsights(rows));
    expect(computeInsights(rows).find((d) => d.name === 'l2')?.best).toBe(0.001);
  });

  it('folds rounds stored under version 1 exactly as before version 2 shipped', () => {
    // Pinned from the version-1 code as committed before version 2 (995594e): a round stored
    // under version 1 keeps these numbers, params and its one-way share included.
    const pinned = [
      { name: 'depth', importance: 0.0526, best: 6 },
      { name: 'width', importance: 0.7659, best: 64 },
      { name: 'activation', importance: 0.1897, best: 'sigmoid' },
      { name: 'shortcut', importance: 0.0697, best: 'highway' },
      { name: 'groups', importance: 0.0096, best: 1 },
      { name: 'optimizer', importance: 0.0362, best: 'sgd' },
      { name: 'learningRate', importance: 0.2268, best: '0.02–0.048' },
      { name: 'batchSize', importance: 0.023, best: 8 },
      { name: 'epochs', importance: 0.01, best: 50 },
      { name: 'l2', importance: 0.0641, best: 0.0001 },
      { name: 'params', importance: 0.654, best: '5840–24400' },
    ];
    const rows = plantedRows(40, 7);
    expect(foldInsights(1, rows)).toEqual({ version: 1, dimensions: pinned });
    expect(computeInsights(rows)).toEqual(pinned);
  });
});
