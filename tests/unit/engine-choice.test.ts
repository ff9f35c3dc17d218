import { describe, expect, it } from 'vitest';
import { chooseEngine, gridEngine, JS_MAX_CONV_WORK_PER_STEP, JS_MAX_WORK_PER_STEP, resolveBackend } from '../../game/engine-choice';
import { PRESETS } from '../../game/presets';
import { TASKS } from '../../game/tasks/catalog';
import { mlp } from './fixtures/nets';

describe('the builder’s engine rule (work per step = batch × params)', () => {
  it('picks js for the Playground-sized nets and the digits nets of the bench, wasm beyond what was measured', () => {
    const spiral = { inputDim: 2, classes: 2 };
    expect(chooseEngine({ layers: [{ units: 4, activation: 'tanh', groups: 1 }, { units: 2, activation: 'tanh', groups: 1 }], shortcut: 'none' }, spiral, 10).backend).toBe('js');
    expect(chooseEngine(mlp(6, 8, 'tanh'), spiral, 10).backend).toBe('js');
    expect(chooseEngine(mlp(4, 64, 'tanh'), spiral, 10).backend).toBe('js');
    const digits = { inputDim: 64, classes: 10 };
    const r3 = chooseEngine(mlp(2, 128, 'relu'), digits, 64);
    expect(r3.backend).toBe('js');
    expect(r3.workPerStep).toBe(64 * r3.params);
    // 8×256 at batch 500 (240M multiply-adds per step) was the largest measured: still js.
    expect(chooseEngine(mlp(8, 256, 'relu'), digits, 500).backend).toBe('js');
    const huge = chooseEngine(mlp(16, 256, 'relu'), digits, 1024);
    expect(huge.workPerStep).toBeGreaterThan(JS_MAX_WORK_PER_STEP);
    expect(huge.backend).toBe('wasm');
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
    expect(resolveBackend('auto', mlp(16, 256, 'relu'), { inputDim: 64, classes: 10 }, 1024)).toBe('wasm');
    expect(resolveBackend('js', mlp(16, 256, 'relu'), { inputDim: 64, classes: 10 }, 1024)).toBe('js');
  });

  it('draws the grid with the js kernel (faster than tfjs wasm for the bench nets), on webgl for a webgl run', () => {
    expect(gridEngine('js')).toBe('js');
    expect(gridEngine('cpu')).toBe('js');
    expect(gridEngine('wasm')).toBe('js');
    expect(gridEngine('webgl')).toBe('webgl');
  });
});

describe('the engine rule for conv nets (issue 12)', () => {
  const digits = { inputDim: 64, classes: 10, image: { height: 8, width: 8, channels: 1 } };
  const conv = (filters: number, pool: 'max' | 'none' = 'max') =>
    ({ type: 'conv', filters, kernel: 3, stride: 1, padding: 'same', activation: 'relu', groups: 1, pool }) as const;
  it('counts conv weights once per output pixel and keeps the bench conv nets on js', () => {
    const c1 = { layers: [conv(8), { units: 32, activation: 'relu' as const, groups: 1 }], shortcut: 'none' as const };
    const r = chooseEngine(c1, digits, 32);
    expect(r.params).toBe(80 + 128 * 32 + 32 + 330);
    expect(r.workPerStep).toBe(32 * ((72 + 8) * 64 + 128 * 32 + 32 + 330));
    expect(r.workPerStep).toBeLessThanOrEqual(JS_MAX_CONV_WORK_PER_STEP);
    expect(r).toMatchObject({ backend: 'js', threshold: JS_MAX_CONV_WORK_PER_STEP });
  });

  it('takes wasm for a big conv net', () => {
    const big = { layers: [conv(64, 'none'), conv(64)], shortcut: 'none' as const };
    const r = chooseEngine(big, digits, 64);
    expect(r.workPerStep).toBeGreaterThan(JS_MAX_CONV_WORK_PER_STEP);
    expect(r.backend).toBe('wasm');
  });
});
