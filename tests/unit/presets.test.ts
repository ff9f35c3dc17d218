import { describe, expect, it } from 'vitest';
import { defaultRules, findPreset, PRESETS, resolveRules, RulesError } from '../../game/presets';
import { checkSubmission } from '../../game/rules';
import { rulesSchema, TASK_IDS } from '../../game/spec';
import { TASKS } from '../../game/tasks/catalog';

describe('presets', () => {
  it('has the eight lessons with rules that pass the schema', () => {
    expect(PRESETS.map((p) => p.id)).toEqual(['xor-warmup', 'spiral-sprint', 'budget-battle', 'too-deep', 'sigmoid-vs-relu', 'digits', 'conv-vs-dense', 'strokes-edges']);
    for (const p of PRESETS) {
      expect(rulesSchema.safeParse(p.rules).success).toBe(true);
      expect(p.rules.taskId).toBe(p.taskId);
      expect(p.rules.durationSec).toBeGreaterThanOrEqual(180);
      expect(p.rules.durationSec).toBeLessThanOrEqual(300);
    }
    expect(findPreset('budget-battle')?.rules.maxParams).toBe(500);
    expect(findPreset('xor-warmup')?.rules.trainSize).toBe(200);
    expect(findPreset('sigmoid-vs-relu')?.rules.allowedActivations).toEqual(['sigmoid', 'relu']);
    expect(findPreset('digits')?.taskId).toBe('digits');
  });

  it('"Too deep to train" demands at least 12 layers', () => {
    const p = findPreset('too-deep');
    expect(p?.rules.minLayers).toBe(12);
    const task = TASKS[p?.taskId ?? 'circle'];
    const layers = (n: number) => ({ layers: Array.from({ length: n }, () => ({ units: 8, activation: 'relu' })), shortcut: 'residual' });
    const training = { optimizer: 'adam', learningRate: 0.01, batchSize: 20, epochs: 10, l2: 0, seed: 1 };
    expect(checkSubmission(layers(3), training, p!.rules, task).ok).toBe(false);
    expect(checkSubmission(layers(12), training, p!.rules, task).ok).toBe(true);
  });

  it('defaultRules exists for every task and fits the schema', () => {
    for (const id of TASK_IDS) {
      const r = defaultRules(id);
      expect(rulesSchema.safeParse(r).success).toBe(true);
      expect(r.taskId).toBe(id);
    }
    // Real tasks must leave at least trainSize rows outside the 30% test part.
    for (const id of TASK_IDS) {
      const rows = TASKS[id].rows;
      if (rows) expect(defaultRules(id).trainSize).toBeLessThanOrEqual(rows - Math.ceil(0.3 * rows) + 5);
    }
  });
});

describe('resolveRules', () => {
  it('uses the task defaults without a preset, and overrides win field by field', () => {
    expect(resolveRules('moons')).toEqual(defaultRules('moons'));
    const r = resolveRules('xor', 'xor-warmup', { durationSec: 60, maxUnits: undefined });
    expect(r.durationSec).toBe(60);
    expect(r.maxUnits).toBe(findPreset('xor-warmup')?.rules.maxUnits);
  });

  it('the top-level taskId names the task; a preset for another task keeps its lesson but not its data size', () => {
    const r = resolveRules('moons', 'budget-battle', { durationSec: 120 });
    expect(r.taskId).toBe('moons');
    expect(r.maxParams).toBe(500);
    expect(r.trainSize).toBe(defaultRules('moons').trainSize);
    expect(resolveRules('xor', 'xor-warmup', { taskId: 'iris' }).taskId).toBe('xor');
  });

  it('rejects unknown tasks, unknown presets and invalid rules with typed errors', () => {
    const codeOf = (f: () => unknown): string | undefined => {
      try {
        f();
      } catch (e) {
        return e instanceof RulesError ? e.code : 'other';
      }
      return undefined;
    };
    expect(codeOf(() => resolveRules('nope'))).toBe('UNKNOWN_TASK');
    expect(codeOf(() => resolveRules('xor', 'nope'))).toBe('UNKNOWN_PRESET');
    expect(codeOf(() => resolveRules('xor', undefined, { maxLayers: 0 }))).toBe('INVALID_RULES');
    expect(codeOf(() => resolveRules('circle', 'too-deep', { maxLayers: 8 }))).toBe('INVALID_RULES');
    try {
      resolveRules('xor', undefined, { trainSize: 1 });
    } catch (e) {
      expect(e instanceof RulesError && e.violations[0].field).toBe('rules.trainSize');
    }
  });
});

describe('rule lists are capped', () => {
  it('a host cannot store (and have broadcast to every player) a list longer than the choices it names', () => {
    const long = Array.from({ length: 100_000 }, () => 'relu' as const);
    expect(() => resolveRules('xor', undefined, { allowedActivations: long })).toThrow(RulesError);
    expect(() => resolveRules('xor', undefined, { allowedShortcuts: Array.from({ length: 4 }, () => 'none' as const) })).toThrow(RulesError);
    expect(resolveRules('xor', undefined, { allowedActivations: ['relu', 'tanh'] }).allowedActivations).toEqual(['relu', 'tanh']);
  });
});
