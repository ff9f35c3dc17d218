import { describe, expect, it } from 'vitest';
import { chooseEngine, gridEngine, JS_MAX_WORK_PER_STEP, resolveBackend } from '../../game/engine-choice';
import { PRESETS } from '../../game/presets';
import { TASKS } from '../../game/tasks/catalog';
import { mlp } from './fixtures/nets';

describe('the builder’s engine rule (work per step = batch × params)', () => {
  it('picks js for the Playground-sized nets and wasm for the digits net of the bench', () => {
    const spiral = { inputDim: 2, classes: 2 };
    expect(chooseEngine({ layers: [{ units: 4, activation: 'tanh', groups: 1 }, { units: 2, activation: 'tanh', groups: 1 }], shortcut: 'none' }, spiral, 10).backend).toBe('js');
    expect(chooseEngine(mlp(6, 8, 'tanh'), spiral, 10).backend).toBe('js');
    expect(chooseEngine(mlp(4, 64, 'tanh'), spiral, 10).backend).toBe('js');
    const r3 = chooseEngine(mlp(2, 128, 'relu'), { inputDim: 64, classes: 10 }, 64);
    expect(r3.backend).toBe('wasm');
    expect(r3.workPerStep).toBe(64 * r3.params);
    expect(r3.workPerStep).toBeGreaterThan(JS_MAX_WORK_PER_STEP);
  });

  it('is js for every synthetic preset, even at its parameter budget with batch 16', () => {
    for (const p of PRESETS) {
      const info = TASKS[p.taskId];
      const task = { inputDim: info.inputDim, classes: info.classes };
      // The builder's starting net (2 layers of min(8, maxUnits)) is js everywhere.
      expect(chooseEngine(mlp(Math.min(2, p.rules.maxLayers), Math.min(8, p.rules.maxUnits), 'relu'), task, 16).backend, p.id).toBe('js');
      if (info.inputDim === 2) expect(16 * p.rules.maxParams, p.id).toBeLessThanOrEqual(JS_MAX_WORK_PER_STEP);
    }
  });

  it('lets an explicit choice override the rule', () => {
    const task = { inputDim: 2, classes: 2 };
    expect(resolveBackend('auto', mlp(1, 4, 'tanh'), task, 10)).toBe('js');
    expect(resolveBackend('cpu', mlp(1, 4, 'tanh'), task, 10)).toBe('cpu');
    expect(resolveBackend('auto', mlp(2, 128, 'relu'), { inputDim: 64, classes: 10 }, 64)).toBe('wasm');
  });

  it('draws the grid on wasm or webgl when loaded, else on js, never loading tfjs for a js run', () => {
    expect(gridEngine('js', new Set())).toBe('js');
    expect(gridEngine('js', new Set(['wasm']))).toBe('wasm');
    expect(gridEngine('cpu', new Set(['cpu']))).toBe('js');
    expect(gridEngine('cpu', new Set(['cpu', 'wasm']))).toBe('js');
    expect(gridEngine('wasm', new Set(['wasm']))).toBe('wasm');
    expect(gridEngine('webgl', new Set(['webgl']))).toBe('webgl');
  });
});
