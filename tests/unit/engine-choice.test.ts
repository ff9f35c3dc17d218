import { describe, expect, it } from 'vitest';
import { chooseEngine, gridEngine, JS_GRID_MAX_PARAMS, JS_MAX_WORK_PER_STEP, jsDrawsGridFaster, resolveBackend } from '../../game/engine-choice';
import { paramCount } from '../../game/manifest';
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

  it('draws a small all-tanh net on js whatever it trained on, where js is faster than wasm', () => {
    const task = { inputDim: 2, classes: 2 };
    const n2 = { network: mlp(6, 8, 'tanh'), task }; // 402 parameters
    expect(paramCount(n2.network, task)).toBeLessThanOrEqual(JS_GRID_MAX_PARAMS);
    expect(gridEngine('js', new Set(['wasm']), n2)).toBe('js');
    expect(gridEngine('wasm', new Set(['wasm']), n2)).toBe('js');
    expect(gridEngine('webgl', new Set(['webgl']), n2)).toBe('webgl');
    // Bigger, or not tanh: wasm's SIMD kernels win when wasm is there.
    const n3 = { network: mlp(4, 64, 'tanh'), task };
    expect(gridEngine('js', new Set(['wasm']), n3)).toBe('wasm');
    expect(gridEngine('js', new Set(), n3)).toBe('js');
    expect(gridEngine('wasm', new Set(['wasm']), n3)).toBe('wasm');
    expect(gridEngine('js', new Set(['wasm']), { network: mlp(2, 8, 'relu'), task })).toBe('wasm');
    expect(jsDrawsGridFaster(mlp(2, 8, 'relu'), task)).toBe(false);
    expect(jsDrawsGridFaster(mlp(1, 4, 'tanh'), task)).toBe(true);
  });
});
