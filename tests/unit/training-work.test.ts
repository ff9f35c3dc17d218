/**
 * Issue 8, finding 1: the rules bound the training work a recipe may declare, so no replay can
 * hold a worker for minutes. The attack recipe of "Spiral sprint" (8×16 gelu highway, batch 1,
 * 200 epochs: 80,000 steps, 540 s of replay) is now RULE_VIOLATION; the same net at a sane batch
 * and the presets' own example recipes stay legal.
 */
import { describe, expect, it } from 'vitest';
import { checkSubmission, submissionErrorCode } from '../../game/rules';
import { findPreset, PRESETS } from '../../game/presets';
import { taskInfo } from '../../game/tasks/catalog';
import type { NetworkSpec, TrainingSpec } from '../../game/spec';
import { DEFAULT_MAX_TRAINING_WORK, maxEpochsForWork, trainingSteps, trainingWork, trainingWorkBudget } from '../../game/training-work';

const HIGHWAY: NetworkSpec = {
  layers: Array.from({ length: 8 }, () => ({ units: 16, activation: 'gelu' as const, groups: 1 })),
  shortcut: 'highway',
};
const ATTACK: TrainingSpec = { optimizer: 'adam', learningRate: 0.01, batchSize: 1, epochs: 200, l2: 0, seed: 1 };

describe('training work', () => {
  it('counts steps × (parameters + 1,000)', () => {
    expect(trainingSteps(400, { batchSize: 1, epochs: 200 })).toBe(80_000);
    expect(trainingSteps(400, { batchSize: 32, epochs: 10 })).toBe(130);
    expect(trainingWork(4000, 400, { batchSize: 32, epochs: 10 })).toBe(130 * 5000);
    expect(trainingWorkBudget({})).toBe(DEFAULT_MAX_TRAINING_WORK);
    expect(trainingWorkBudget({ maxTrainingWork: 5 })).toBe(5);
    expect(maxEpochsForWork(4000, 400, 32, 650_000)).toBe(10);
    expect(maxEpochsForWork(4000, 400, 1, 10)).toBe(1);
  });

  it("refuses Spiral sprint's 80,000-step attack recipe with RULE_VIOLATION and says what to change", () => {
    const preset = findPreset('spiral-sprint');
    expect(preset).toBeDefined();
    const task = taskInfo(preset!.taskId);
    const r = checkSubmission(HIGHWAY, ATTACK, preset!.rules, task);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(submissionErrorCode(r.violations)).toBe('RULE_VIOLATION');
    expect(r.violations.map((v) => v.code)).toEqual(['work.overBudget']);
    expect(r.violations[0].message).toMatch(/fewer epochs, a bigger batch or a smaller network/);
    // The same net at batch 32 for 20 epochs is a fine recipe.
    expect(checkSubmission(HIGHWAY, { ...ATTACK, batchSize: 32, epochs: 20 }, preset!.rules, task).ok).toBe(true);
  });

  it('keeps the worst legal replay of every preset to seconds (at most ~1 µs per unit of work)', () => {
    for (const p of PRESETS) {
      const budget = trainingWorkBudget(p.rules);
      expect(budget, p.id).toBeLessThanOrEqual(25_000_000);
      // A light, typical recipe of every preset is within its budget.
      const task = taskInfo(p.taskId);
      const minLayers = p.rules.minLayers ?? 1;
      // The conv presets' budgets are sized for conv nets (issue 12): their light recipe is the
      // strokes lesson's two 4-filter conv layers with pools.
      const conv = { type: 'conv', filters: 4, kernel: 3, stride: 1, padding: 'same', activation: p.rules.allowedActivations[0], groups: 1, pool: 'max' } as const;
      const net: NetworkSpec = {
        layers: p.rules.allowConv ? [conv, conv] : Array.from({ length: minLayers }, () => ({ units: Math.min(8, p.rules.maxUnits), activation: p.rules.allowedActivations[0], groups: 1 })),
        shortcut: p.rules.allowedShortcuts[0],
      };
      const training: TrainingSpec = { optimizer: 'adam', learningRate: 0.01, batchSize: 32, epochs: Math.min(20, p.rules.maxEpochs), l2: 0, seed: 1 };
      const r = checkSubmission(net, training, p.rules, task);
      expect(r.ok ? 'ok' : r.violations.map((v) => v.code).join(','), p.id).toBe('ok');
    }
  });
});
