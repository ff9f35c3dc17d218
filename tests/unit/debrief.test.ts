import { describe, expect, it } from 'vitest';
import { debriefFor, LESSONS, lessonFor } from '../../game/debrief';
import { computeInsightsV2, foldInsights } from '../../game/insights';
import { PRESETS } from '../../game/presets';
import { categoricalRows, noiseRows, plantedRows } from './fixtures/insight-rows';

describe('preset lessons and debriefs', () => {
  it('every preset has a lesson, and every lesson a preset', () => {
    expect(LESSONS.map((l) => l.presetId).sort()).toEqual(PRESETS.map((p) => p.id).sort());
    expect(lessonFor('too-deep')?.view).toBe('gradient-strip');
    expect(lessonFor('xor-warmup')?.view).toBe('hidden-space');
    expect(lessonFor('digits')?.view).toBe('validation');
    expect(lessonFor(null)).toBeUndefined();
    expect(lessonFor('custom')).toBeUndefined();
  });

  it('confirms the lesson when the class’s top dimension is the expected one, and says so when it is not', () => {
    // Planted: width decides (and learning rate second).
    const width = computeInsightsV2(plantedRows(150, 1));
    expect(width.dimensions[0].name).toBe('width');
    const xor = debriefFor('xor-warmup', width, 150);
    expect(xor).toMatchObject({ presetId: 'xor-warmup', outcome: 'expected', sentence: { kind: 'clear', dimension: 'width' } });
    const deep = debriefFor('too-deep', width, 150);
    expect(deep).toMatchObject({ outcome: 'surprise', expected: 'shortcut', sentence: { dimension: 'width' } });
    // Categorical: the relu family leads, so sigmoid-vs-relu is confirmed with relu-family as best.
    const act = computeInsightsV2(categoricalRows(150, 4));
    expect(debriefFor('sigmoid-vs-relu', act, 150)).toMatchObject({ outcome: 'expected', sentence: { dimension: 'activation', family: 'relu' } });
    expect(debriefFor('digits', act, 150)?.outcome).toBe('surprise');
  });

  it('is honest when nothing stood out or there were too few submissions, and silent for custom rounds', () => {
    const noise = computeInsightsV2(noiseRows(150, 2));
    expect(noise.verdict).not.toBe('clear');
    expect(debriefFor('too-deep', noise, 150)?.outcome).toBe('unclear');
    const few = computeInsightsV2(plantedRows(5, 1));
    expect(debriefFor('too-deep', few, 5)?.outcome).toBe('too-few');
    expect(debriefFor(null, noise, 150)).toBeNull();
    expect(debriefFor('my-own-round', noise, 150)).toBeNull();
  });

  it('reads version-1 folds too (no verdict: a third of the variance counts as clear)', () => {
    const v1 = foldInsights(1, plantedRows(150, 1));
    const d = debriefFor('xor-warmup', v1, 150);
    expect(d?.sentence).toMatchObject({ kind: 'clear', dimension: 'width' });
    expect(d?.outcome).toBe('expected');
    expect(debriefFor('xor-warmup', foldInsights(1, noiseRows(150, 2)), 150)?.outcome).toBe('unclear');
    expect(debriefFor('xor-warmup', foldInsights(1, plantedRows(5, 1)), 5)?.outcome).toBe('too-few');
  });
});
