import { describe, expect, it } from 'vitest';
import { checkSubmission, networkStructureErrors, submissionErrorCode } from '../../game/rules';
import type { RoundRules, Violation } from '../../game/rules';
import { defaultRules } from '../../game/presets';

const task = { inputDim: 2, classes: 2 };
const rules: RoundRules = { ...defaultRules('spiral'), maxLayers: 16, maxUnits: 256, maxGroups: 16, maxEpochs: 100, maxParams: 1_000_000 };
const layer = (units = 16, activation = 'relu', groups = 1): Record<string, unknown> => ({ units, activation, groups });
const goodNet = { layers: [layer(), layer()], shortcut: 'residual' };
const goodTraining = { optimizer: 'adam', learningRate: 0.01, batchSize: 16, epochs: 20, l2: 0, seed: 1 };

function violations(network: unknown, training: unknown, r: RoundRules = rules): Violation[] {
  const res = checkSubmission(network, training, r, task);
  expect(res.ok).toBe(false);
  return res.ok ? [] : res.violations;
}

describe('checkSubmission accepts a legal submission', () => {
  it('returns the parsed specs and the parameter count', () => {
    const res = checkSubmission(goodNet, goodTraining, rules, task);
    expect(res).toMatchObject({ ok: true, params: 2 * 16 + 16 + 16 * 16 + 16 + 16 * 2 + 2 });
  });
  it('fills schema defaults (groups 1, shortcut none, l2 0)', () => {
    const res = checkSubmission({ layers: [{ units: 4, activation: 'tanh' }] }, { ...goodTraining, l2: undefined }, rules, task);
    expect(res.ok && res.network.shortcut).toBe('none');
    expect(res.ok && res.network.layers[0].groups).toBe(1);
    expect(res.ok && res.training.l2).toBe(0);
  });
});

// Each row: what is wrong, the network and training, the field path expected, and a word the
// message must contain so the player knows what to change.
const table: [string, unknown, unknown, string, RegExp][] = [
  ['depth 0', { layers: [], shortcut: 'none' }, goodTraining, 'network.layers', /^The network needs at least 1 layer \(got 0\)\.$/],
  ['depth 17', { layers: Array.from({ length: 17 }, () => layer()), shortcut: 'none' }, goodTraining, 'network.layers', /^The network may have at most 16 layers \(got 17\)\.$/],
  ['units 0', { layers: [layer(16), layer(0)] }, goodTraining, 'network.layers[1].units', /Layer 2's units.*at least 1/],
  ['units 257', { layers: [layer(257)] }, goodTraining, 'network.layers[0].units', /Layer 1's units.*at most 256/],
  ['groups that do not divide', { layers: [layer(16), layer(7, 'relu', 2)] }, goodTraining, 'network.layers[1].groups', /groups must divide the layer's input width \(16\) and its units \(7\)/],
  ['groups that do not divide the input', { layers: [layer(16), layer(16, 'relu', 2), layer(12, 'relu', 3)] }, goodTraining, 'network.layers[2].groups', /Layer 3 has 12 units but 3 groups.*input width \(16\)/],
  ['an unknown activation', { layers: [layer(8, 'sparkle')] }, goodTraining, 'network.layers[0].activation', /activation.*sparkle/],
  ['an unknown shortcut', { layers: [layer(8)], shortcut: 'wormhole' }, goodTraining, 'network.shortcut', /shortcut.*wormhole/],
  ['NaN learning rate', goodNet, { ...goodTraining, learningRate: Number.NaN }, 'training.learningRate', /learning rate.*NaN/i],
  ['negative learning rate', goodNet, { ...goodTraining, learningRate: -0.1 }, 'training.learningRate', /learning rate must be greater than 0 \(got -0.1\)/i],
  ['epochs above the rule', goodNet, { ...goodTraining, epochs: 101 }, 'training.epochs', /epochs.*101.*at most 100/],
  ['fractional batch size', goodNet, { ...goodTraining, batchSize: 2.5 }, 'training.batchSize', /batch size must be a whole number/i],
  ['a missing optimizer', goodNet, { ...goodTraining, optimizer: undefined }, 'training.optimizer', /optimizer is missing/i],
];

describe('checkSubmission rejects, naming the field', () => {
  it.each(table)('%s', (_name, network, training, field, words) => {
    const v = violations(network, training);
    const hit = v.find((x) => x.field === field);
    expect(hit, JSON.stringify(v)).toBeDefined();
    expect(hit?.message).toMatch(words);
    expect(hit?.message).toMatch(/[.]$/);
  });

  it('parameters over the budget', () => {
    const v = violations(goodNet, goodTraining, { ...rules, maxParams: 100 });
    expect(v).toEqual([
      expect.objectContaining({ field: 'network.params', message: expect.stringMatching(/354 parameters.*budget is 100 parameters/) }),
    ]);
    expect(submissionErrorCode(v)).toBe('RULE_VIOLATION');
  });

  it("the round's narrower rules: layers, units, groups, activations, shortcuts, minimum depth", () => {
    const narrow: RoundRules = {
      ...rules,
      maxLayers: 2,
      maxUnits: 8,
      maxGroups: 2,
      allowedActivations: ['relu', 'tanh'],
      allowedShortcuts: ['none'],
    };
    const v = violations({ layers: [layer(8), layer(16, 'gelu', 4), layer(8)], shortcut: 'highway' }, goodTraining, narrow);
    const fields = v.map((x) => x.field);
    expect(fields).toEqual(
      expect.arrayContaining([
        'network.layers',
        'network.layers[1].units',
        'network.layers[1].groups',
        'network.layers[1].activation',
        'network.shortcut',
      ]),
    );
    expect(v.find((x) => x.field === 'network.layers[1].activation')?.message).toMatch(/gelu is not allowed.*relu, tanh/);
    expect(v.find((x) => x.field === 'network.layers')?.message).toMatch(/at most 2 layers; the network has 3/);
    const deep = violations({ layers: [layer(8)] }, goodTraining, { ...rules, minLayers: 12 });
    expect(deep[0]).toMatchObject({ field: 'network.layers', message: expect.stringMatching(/at least 12 layers/) });
  });

  it('reports every problem at once, across network and training', () => {
    const v = violations(
      { layers: [layer(0), layer(7, 'relu', 2), layer(8, 'nope')] },
      { ...goodTraining, learningRate: -1, epochs: 500 },
    );
    expect(v.map((x) => x.field).sort()).toEqual(
      [
        'network.layers[0].units',
        'network.layers[2].activation',
        'training.learningRate',
        'training.epochs',
      ].sort(),
    );
    // Layer 2's groups cannot be judged (its input layer is invalid), and schema problems decide the code.
    expect(submissionErrorCode(v)).toBe('BAD_REQUEST');
  });

  it('does not repeat a rule on a field that already breaks the schema', () => {
    const v = violations({ layers: [layer(300)] }, goodTraining, { ...rules, maxUnits: 32 });
    expect(v.filter((x) => x.field === 'network.layers[0].units')).toHaveLength(1);
  });

  it('rejects non-objects with a sentence', () => {
    const v = violations('hello', null);
    expect(v.map((x) => x.field)).toEqual(['network', 'training']);
    expect(v[0].message).toBe('The network must be an object (got "hello").');
    expect(v[1].message).toBe('The training settings must be an object (got null).');
  });
});

describe('networkStructureErrors', () => {
  it('is empty for a valid grouped network and names the bad layer otherwise', () => {
    const ok = { layers: [{ units: 16, activation: 'relu' as const, groups: 2 }, { units: 8, activation: 'relu' as const, groups: 4 }], shortcut: 'none' as const };
    expect(networkStructureErrors(ok, task)).toEqual([]);
    const bad = { ...ok, layers: [{ units: 9, activation: 'relu' as const, groups: 3 }] };
    // The input width 2 is not divisible by 3.
    expect(networkStructureErrors(bad, task)).toEqual([
      expect.objectContaining({ field: 'network.layers[0].groups', message: expect.stringMatching(/Layer 1 has 9 units but 3 groups/) }),
    ]);
  });
});
