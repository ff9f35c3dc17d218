/**
 * The conv presets (issue 12): "Conv vs dense" admits the protocol's 1,666-parameter conv example
 * and a dense net under the same 2,000-parameter budget on digits, and "Strokes: find the edge
 * detector" admits the lesson's 336-parameter conv net while a wider dense net is over budget;
 * both allow conv layers, and each has a lesson that points at the kernels.
 */
import { describe, expect, it } from 'vitest';
import { lessonFor } from '../../game/debrief';
import { findPreset } from '../../game/presets';
import { checkSubmission } from '../../game/rules';
import { taskShape } from '../../game/tasks/catalog';

const C = (o: Record<string, unknown>) => ({ type: 'conv', filters: 8, kernel: 3, stride: 1, padding: 'same', activation: 'relu', groups: 1, pool: 'none', ...o });
const training = { optimizer: 'adam', learningRate: 0.01, batchSize: 32, epochs: 30, l2: 0, seed: 1 };

describe('conv presets', () => {
  it('"Conv vs dense": a conv net and a dense net both fit the 2,000-parameter digits budget', () => {
    const p = findPreset('conv-vs-dense')!;
    expect([p.taskId, p.rules.maxParams, p.rules.allowConv]).toEqual(['digits', 2000, true]);
    const task = taskShape('digits');
    const conv = checkSubmission({ layers: [C({ pool: 'max' }), C({ groups: 2 })], shortcut: 'residual' }, training, p.rules, task);
    expect(conv.ok && conv.params).toBe(1666);
    const dense = checkSubmission({ layers: [{ units: 24, activation: 'relu' }], shortcut: 'none' }, training, p.rules, task);
    expect(dense.ok && dense.params).toBe(64 * 24 + 24 + 24 * 10 + 10);
    const wide = checkSubmission({ layers: [{ units: 64, activation: 'relu' }], shortcut: 'none' }, training, p.rules, task);
    expect(wide.ok).toBe(false);
    expect(lessonFor('conv-vs-dense')).toMatchObject({ view: 'kernels', expects: ['conv', 'width'] });
  });

  it('"Strokes: find the edge detector": the lesson\'s 336-parameter conv net fits, a 4-unit dense net does not', () => {
    const p = findPreset('strokes-edges')!;
    expect([p.taskId, p.rules.maxParams, p.rules.allowConv]).toEqual(['strokes', 500, true]);
    const task = taskShape('strokes');
    const conv = checkSubmission({ layers: [C({ filters: 4, pool: 'max' }), C({ filters: 4, pool: 'max' })], shortcut: 'none' }, training, p.rules, task);
    expect(conv.ok && conv.params).toBe(336);
    const dense = checkSubmission({ layers: [{ units: 4, activation: 'relu' }], shortcut: 'none' }, training, p.rules, task);
    expect(dense.ok).toBe(false);
    expect(lessonFor('strokes-edges')?.view).toBe('kernels');
  });
});
