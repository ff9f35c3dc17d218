import { describe, expect, it } from 'vitest';
import { CLEAR_WINNER, computeInsightsV2, FEW_SUBMISSIONS, foldInsights, insightSentence, INSIGHTS_VERSION } from '../../game/insights';
import type { InsightsV2 } from '../../game/insights';
import { buildFeatures } from '../../game/insights/features';
import { decomposeTree, marginalAt } from '../../game/insights/fanova';
import type { TreeNode } from '../../game/insights/forest';
import { categoricalRows, noiseRows, plantedRows, syntheticRows } from './fixtures/insight-rows';

const rank = (out: InsightsV2, name: string): number => out.dimensions.findIndex((d) => d.name === name) + 1;

describe('version 2: random-forest fANOVA', () => {
  it('is the version new rounds get', () => {
    expect(INSIGHTS_VERSION).toBe(2);
    expect(foldInsights(2, plantedRows(20, 1)).version).toBe(2);
  });

  it('ranks a planted width + learning-rate truth first and second, with params beside it', () => {
    for (const seed of [1, 2, 3]) {
      const rows = plantedRows(150, seed);
      const out = computeInsightsV2(rows);
      expect([rank(out, 'width'), rank(out, 'learningRate')].sort()).toEqual([1, 2]);
      expect(out.dimensions.map((d) => d.name)).not.toContain('params');
      // params stands for width here, and says so beside the decomposition.
      expect(out.params?.correlation).toBeGreaterThan(0.6);
      expect(out.verdict).toBe('clear');
      expect(out.stability).toBeGreaterThanOrEqual(CLEAR_WINNER.stability);
      const width = out.dimensions.find((d) => d.name === 'width');
      expect(width?.best).toBe(64);
      expect(width?.curve.map((p) => p.value)).toEqual([2, 4, 8, 16, 32, 64]);
      // The marginal curve rises with width, as the planted f does.
      const scores = width?.curve.map((p) => p.score) ?? [];
      expect(scores[5] - scores[0]).toBeGreaterThan(0.2);
      // The best learning rate is near the planted optimum 10^-2.
      const lr = Number(out.dimensions.find((d) => d.name === 'learningRate')?.best);
      expect(Math.abs(Math.log10(lr) + 2)).toBeLessThan(0.8);
      for (const d of out.dimensions) {
        expect(d.importance).toBeGreaterThanOrEqual(0);
        expect(d.importance).toBeLessThanOrEqual(1);
        expect(d.spread).toBeGreaterThanOrEqual(0);
      }
      const sum = out.dimensions.reduce((a, d) => a + d.importance, 0);
      expect(sum).toBeLessThanOrEqual(1.0001);
    }
  });

  it('finds a categorical truth: activation and shortcut decide', () => {
    const out = computeInsightsV2(categoricalRows(150, 4));
    expect(out.dimensions[0].name).toBe('activation');
    expect(out.dimensions[1].name).toBe('shortcut');
    expect(out.dimensions[0].importance + out.dimensions[1].importance).toBeGreaterThan(0.8);
    expect(out.dimensions.find((d) => d.name === 'shortcut')?.best).toBe('residual');
    const act = out.dimensions[0];
    const byLevel = new Map(act.curve.map((p) => [p.value, p.score]));
    // Every relu-family level predicts higher than sigmoid, by about the planted 18 points.
    for (const l of ['relu', 'leaky_relu', 'elu', 'selu', 'swish', 'gelu']) expect((byLevel.get(l) ?? 0) - (byLevel.get('sigmoid') ?? 1)).toBeGreaterThan(0.1);
    expect(out.verdict).toBe('clear');
  });

  it('says "no clear winner" on pure noise', () => {
    for (const seed of [1, 2, 3]) {
      const out = computeInsightsV2(noiseRows(150, seed));
      expect(out.verdict).toBe('no-clear-winner');
      expect(out.fit).toBeLessThan(CLEAR_WINNER.fit);
    }
  });

  it('says "too few submissions" below the threshold, and handles empty and constant rounds', () => {
    expect(computeInsightsV2(plantedRows(FEW_SUBMISSIONS - 1, 1)).verdict).toBe('too-few-submissions');
    const empty = computeInsightsV2([]);
    expect(empty.dimensions.map((d) => d.name)).toEqual(['depth', 'width', 'activation', 'shortcut', 'groups', 'optimizer', 'learningRate', 'batchSize', 'epochs', 'l2']);
    expect(empty).toMatchObject({ interaction: null, stability: 0, verdict: 'too-few-submissions', params: null });
    const flat = syntheticRows(30, 5, () => 0.8);
    const out = computeInsightsV2(flat);
    expect(out.dimensions.every((d) => d.importance === 0)).toBe(true);
    expect(out.verdict).toBe('no-clear-winner');
    // A dimension nobody varied is listed with its one value; loss and conv only where rows have them.
    const constant = computeInsightsV2(plantedRows(30, 2).map((r) => ({ ...r, training: { ...r.training, optimizer: 'sgd' as const } })));
    expect(constant.dimensions.find((d) => d.name === 'optimizer')).toMatchObject({ importance: 0, best: 'sgd' });
    expect(constant.dimensions.map((d) => d.name)).not.toContain('loss');
  });

  it('gives the same bytes for the same rows', () => {
    const rows = plantedRows(120, 9);
    const a = JSON.stringify(computeInsightsV2(rows));
    const b = JSON.stringify(computeInsightsV2(structuredClone(rows)));
    expect(a).toBe(b);
    expect(JSON.stringify(foldInsights(2, rows))).toBe(a);
  });

  it('decomposes a hand-built tree exactly', () => {
    // Two numeric dimensions on [0, 1] (depth 1..2 linear, conv absent): the tree splits depth at
    // 1.5 (left 0, right 1) and, on the right, width; the marginal of depth is 0 then the mean of
    // the right subtree, so V_depth / V follows by hand.
    const rows = syntheticRows(4, 1, () => 0).map((r, i) => ({
      ...r,
      network: { layers: Array.from({ length: 1 + (i % 2) }, () => ({ units: i < 2 ? 2 : 4, activation: 'relu' as const, groups: 1 })), shortcut: 'none' as const },
      training: { ...r.training, optimizer: 'adam' as const, learningRate: 0.01, batchSize: 8, epochs: 10, l2: 0 },
    }));
    const features = buildFeatures(rows);
    expect(features.map((f) => f.name)).toEqual(['depth', 'width']);
    const nodes: TreeNode[] = [
      { feature: 0, threshold: 1.5, leftMask: 0, left: 1, right: 2, value: 0.5 },
      { feature: -1, threshold: 0, leftMask: 0, left: -1, right: -1, value: 0 },
      { feature: 1, threshold: 1.5, leftMask: 0, left: 3, right: 4, value: 0.5 },
      { feature: -1, threshold: 0, leftMask: 0, left: -1, right: -1, value: 0.4 },
      { feature: -1, threshold: 0, leftMask: 0, left: -1, right: -1, value: 0.8 },
    ];
    // Leaves: depth [1,1.5] × width all → 0 (w 0.5); depth [1.5,2] × width [1,1.5] → 0.4 (w 0.25); × [1.5,2] → 0.8 (w 0.25).
    const dec = decomposeTree(nodes, features);
    expect(dec.mean).toBeCloseTo(0.3, 12);
    expect(dec.variance).toBeCloseTo(0.5 * 0.09 + 0.25 * 0.01 + 0.25 * 0.25, 12);
    expect(marginalAt(dec, 0, 1)).toBeCloseTo(0, 12);
    expect(marginalAt(dec, 0, 2)).toBeCloseTo(0.6, 12);
    expect(dec.main[0]).toBeCloseTo(0.5 * 0.09 + 0.5 * 0.09, 12);
    expect(marginalAt(dec, 1, 1)).toBeCloseTo(0.2, 12);
    expect(dec.main[1]).toBeCloseTo(0.5 * 0.01 + 0.5 * 0.01, 12);
  });
});

describe('the sentence', () => {
  it('names the top dimension, its best and worst value and the gap in points', () => {
    const out = computeInsightsV2(categoricalRows(150, 4));
    const s = insightSentence(out, 150);
    expect(s.kind).toBe('clear');
    if (s.kind !== 'clear') return;
    expect(s.dimension).toBe('activation');
    expect(s.categorical).toBe(true);
    expect(['relu', 'leaky_relu', 'elu', 'selu', 'swish', 'gelu']).toContain(s.best);
    expect(['linear', 'sigmoid', 'tanh', 'softplus']).toContain(s.worst);
    // Every activation near the top is relu-family, and the planted gap between the families is 18 points.
    expect(s.family).toBe('relu');
    expect(s.points).toBeGreaterThanOrEqual(14);
    expect(s.points).toBeLessThanOrEqual(22);
    const shortcut = insightSentence({ verdict: 'clear', dimensions: out.dimensions.filter((d) => d.name === 'shortcut') }, 150);
    expect(shortcut).toMatchObject({ kind: 'clear', dimension: 'shortcut', best: 'residual', family: null });
    expect(insightSentence(computeInsightsV2(noiseRows(150, 1)), 150)).toEqual({ kind: 'no-clear-winner', submissions: 150 });
    expect(insightSentence(computeInsightsV2(noiseRows(5, 1)), 5)).toEqual({ kind: 'too-few-submissions', submissions: 5 });
  });
});
