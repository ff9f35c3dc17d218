import { describe, expect, it } from 'vitest';
import { layerShapes, shapeChain } from '../../game/conv-shape';
import { paramCount, weightManifest } from '../../game/manifest';
import { defaultRules, resolveRules, RulesError } from '../../game/presets';
import { checkSubmission, submissionErrorCode } from '../../game/rules';
import { networkSchema, type NetworkSpec, type TrainingSpec } from '../../game/spec';
import { taskShape } from '../../game/tasks/catalog';
import { generateSynthetic } from '../../game/tasks/synthetic';

const digits = taskShape('digits');
const conv = (o: Record<string, unknown>): Record<string, unknown> => ({ type: 'conv', filters: 8, kernel: 3, stride: 1, padding: 'same', activation: 'relu', groups: 1, pool: 'none', ...o });
/** PROTOCOL.md's conv example on digits. */
const example = (shortcut: 'residual' | 'highway'): NetworkSpec =>
  networkSchema.parse({ layers: [conv({ pool: 'max' }), conv({ groups: 2 })], shortcut });
const training: TrainingSpec = { optimizer: 'adam', learningRate: 0.01, batchSize: 32, epochs: 5, l2: 0, seed: 1 };

describe('PROTOCOL.md conv examples', () => {
  it('digits, conv 8 k3 same max pool then conv 8 k3 groups 2 residual: 1,666 parameters', () => {
    const net = example('residual');
    expect(paramCount(net, digits)).toBe(1666);
    expect(weightManifest(net, digits).map((e) => [e.name, e.shape])).toEqual([
      ['layer1/kernel', [1, 3, 3, 1, 8]],
      ['layer1/bias', [8]],
      ['layer2/kernel', [2, 3, 3, 4, 4]],
      ['layer2/bias', [8]],
      ['head/kernel', [128, 10]],
      ['head/bias', [10]],
    ]);
    expect(layerShapes(net, digits).map((s) => s.output)).toEqual([
      { kind: 'image', height: 4, width: 4, channels: 8 },
      { kind: 'image', height: 4, width: 4, channels: 8 },
    ]);
  });

  it('the same with highway adds a 1×1 gate of 8·8 + 8: 1,738 parameters', () => {
    const net = example('highway');
    expect(paramCount(net, digits)).toBe(1738);
    const gate = weightManifest(net, digits).filter((e) => e.layer === 2 && e.kind.startsWith('gate'));
    expect(gate.map((e) => [e.name, e.shape])).toEqual([['layer2/gate_kernel', [8, 8]], ['layer2/gate_bias', [8]]]);
  });

  it('the builder chain reads 8×8×1 → 8×8×8 → 4×4×8 → 128 → 10', () => {
    const net = networkSchema.parse({ layers: [conv({ pool: 'max' })], shortcut: 'none' });
    expect(shapeChain(net, digits)).toBe('8×8×1 → 8×8×8 → 4×4×8 → 128 → 10');
    const mixed = networkSchema.parse({ layers: [conv({ stride: 2, padding: 'valid', kernel: 5 }), { units: 16, activation: 'tanh' }], shortcut: 'none' });
    expect(shapeChain(mixed, taskShape('strokes'))).toBe('12×12×1 → 4×4×8 → 128 → 16 → 4');
  });

  it('a shape change between conv layers adds a 1×1 projection [c, f]; a dense layer after a conv one has no shortcut', () => {
    const net = networkSchema.parse({ layers: [conv({ filters: 4 }), conv({ stride: 2 }), { units: 8, activation: 'relu' }, { units: 8, activation: 'relu' }], shortcut: 'residual' });
    const names = weightManifest(net, digits).map((e) => `${e.name} ${e.shape.join('x')}`);
    expect(names).toEqual([
      'layer1/kernel 1x3x3x1x4',
      'layer1/bias 4',
      'layer2/kernel 1x3x3x4x8',
      'layer2/bias 8',
      'layer2/projection 4x8',
      'layer3/kernel 1x128x8',
      'layer3/bias 8',
      'layer4/kernel 1x8x8',
      'layer4/bias 8',
      'head/kernel 8x10',
      'head/bias 10',
    ]);
  });
});

describe('conv schema: every violation names its field', () => {
  const cases: [Record<string, unknown>, string][] = [
    [conv({ filters: 0 }), 'network.layers[0].filters'],
    [conv({ filters: 257 }), 'network.layers[0].filters'],
    [conv({ kernel: 2 }), 'network.layers[0].kernel'],
    [conv({ stride: 3 }), 'network.layers[0].stride'],
    [conv({ padding: 'full' }), 'network.layers[0].padding'],
    [conv({ pool: 'min' }), 'network.layers[0].pool'],
    [conv({ groups: 0 }), 'network.layers[0].groups'],
    [conv({ activation: 'cube' }), 'network.layers[0].activation'],
    [conv({ type: 'pool' }), 'network.layers[0].type'],
    [conv({ filters: undefined }), 'network.layers[0].filters'],
  ];
  it.each(cases)('%j → %s (BAD_REQUEST)', (layer, field) => {
    const r = checkSubmission({ layers: [layer], shortcut: 'none' }, training, defaultRules('digits'), digits);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.violations.map((v) => v.field)).toContain(field);
    expect(submissionErrorCode(r.violations)).toBe('BAD_REQUEST');
    const v = r.violations.find((x) => x.field === field);
    expect(v?.message).toMatch(/^Layer 1/);
  });

  it('a layer without type is dense, and keeps no type field', () => {
    const net = networkSchema.parse({ layers: [{ units: 4, activation: 'relu' }], shortcut: 'none' });
    expect(net.layers[0]).toEqual({ units: 4, activation: 'relu', groups: 1 });
  });
});

describe('conv structure and rules', () => {
  const check = (layers: unknown[], taskId: 'digits' | 'xor' | 'strokes' = 'digits', rules = defaultRules(taskId)) =>
    checkSubmission({ layers, shortcut: 'none' }, training, rules, taskShape(taskId));
  const codes = (r: ReturnType<typeof check>): string[] => (r.ok ? [] : r.violations.map((v) => `${v.field} ${v.code}`));

  it('a valid conv net passes with its parameter count', () => {
    const r = check([conv({ pool: 'max' }), { units: 16, activation: 'relu' }]);
    expect(r.ok && r.params).toBe(80 + 128 * 16 + 16 + 16 * 10 + 10);
  });

  it('conv on a task that is not an image: RULE_VIOLATION conv.flatInput', () => {
    const r = check([conv({})], 'xor', { ...defaultRules('xor') });
    // The structure first; the round (allowConv is never true off image tasks) forbids it too.
    expect(codes(r)).toEqual(['network.layers[0].type conv.flatInput', 'network.layers[0].type conv.notAllowed']);
    expect(!r.ok && submissionErrorCode(r.violations)).toBe('RULE_VIOLATION');
  });

  it('conv after a dense layer: conv.afterDense', () => {
    expect(codes(check([{ units: 8, activation: 'relu' }, conv({})]))).toEqual(['network.layers[1].type conv.afterDense']);
  });

  it('groups must divide input channels and filters', () => {
    expect(codes(check([conv({ groups: 2 })]))).toEqual(['network.layers[0].groups conv.groupsNotDivisor']);
    expect(codes(check([conv({ filters: 6 }), conv({ filters: 8, groups: 4 })]))).toEqual(['network.layers[1].groups conv.groupsNotDivisor']);
    expect(check([conv({ filters: 8 }), conv({ filters: 8, groups: 4 })]).ok).toBe(true);
  });

  it('a picture shrunk below 1×1 is refused on the field that shrinks it', () => {
    // 8 → valid k5 → 4 → pool 2 → valid k5: −0
    expect(codes(check([conv({ kernel: 5, padding: 'valid', pool: 'max' }), conv({ kernel: 5, padding: 'valid' })]))).toEqual([
      'network.layers[1].kernel conv.tooSmall',
    ]);
    // 8 → s2 4 → pool 2 → s2 1 → pool 0
    expect(codes(check([conv({ stride: 2, pool: 'max' }), conv({ stride: 2, pool: 'avg' })]))).toEqual(['network.layers[1].pool conv.tooSmall']);
  });

  it('allowConv false forbids conv layers (RULE_VIOLATION), filters obey maxUnits', () => {
    const rules = { ...defaultRules('digits'), allowConv: false };
    const r = check([conv({})], 'digits', rules);
    expect(codes(r)).toEqual(['network.layers[0].type conv.notAllowed']);
    expect(!r.ok && submissionErrorCode(r.violations)).toBe('RULE_VIOLATION');
    expect(codes(check([conv({ filters: 40 })], 'digits', { ...defaultRules('digits'), maxUnits: 32 }))).toEqual(['network.layers[0].filters filters.tooMany']);
  });

  it('bounds the im2col values of one tfjs step (batch × windows), the replay allocates them', () => {
    const rules = { ...defaultRules('digits'), trainSize: 1000, maxParams: 1_000_000, maxUnits: 256, maxTrainingWork: 1_000_000_000 };
    const layers = [conv({ filters: 64, kernel: 5 }), conv({ filters: 64, kernel: 5 })];
    const r = checkSubmission({ layers, shortcut: 'none' }, { ...training, batchSize: 1000, epochs: 1 }, rules, digits);
    // 1000 rows × (64 px × 25 × 1 + 64 px × 25 × 64 + 2 × 8 × 64 px × 64) = 169,536,000 > 2^25
    expect(codes(r)).toEqual(['training.batchSize conv.stepMemory']);
    expect(!r.ok && r.violations[0].params).toMatchObject({ floats: 169_536_000, max: 2 ** 25 });
    expect(check([conv({})]).ok).toBe(true);
  });

  it('allowConv: true by default on image tasks, absent elsewhere, and never true on others', () => {
    expect(defaultRules('digits').allowConv).toBe(true);
    expect(defaultRules('strokes').allowConv).toBe(true);
    expect(defaultRules('xor').allowConv).toBeUndefined();
    expect(resolveRules('digits', null, { allowConv: false }).allowConv).toBe(false);
    expect(() => resolveRules('xor', null, { allowConv: true })).toThrow(RulesError);
    // Rules stored without the field: conv is allowed on an image task.
    const { allowConv: _drop, ...legacy } = defaultRules('digits');
    void _drop;
    expect(check([conv({})], 'digits', legacy).ok).toBe(true);
  });
});

describe('strokes', () => {
  const bytes = (d: { x: Float32Array; y: Int32Array }): string => Buffer.from(d.x.buffer).toString('hex') + Buffer.from(d.y.buffer).toString('hex');

  it('is a 12×12×1 image task with 4 balanced classes, seeded by { seed, n, noise }', () => {
    const a = generateSynthetic('strokes', { seed: 5, n: 40, noise: 0.2 });
    expect(a.image).toEqual({ height: 12, width: 12, channels: 1 });
    expect(a.inputDim).toBe(144);
    expect(a.classes).toBe(4);
    expect(Array.from(a.y.slice(0, 8))).toEqual([0, 1, 2, 3, 0, 1, 2, 3]);
    expect(bytes(a)).toBe(bytes(generateSynthetic('strokes', { seed: 5, n: 40, noise: 0.2 })));
    expect(bytes(a)).not.toBe(bytes(generateSynthetic('strokes', { seed: 6, n: 40, noise: 0.2 })));
    expect(bytes(a)).not.toBe(bytes(generateSynthetic('strokes', { seed: 5, n: 40, noise: 0.3 })));
    for (const v of a.x) expect(v * 65536).toBe(Math.round(v * 65536));
  });

  it('draws, at noise 0, one straight stroke of 3–6 pixels in the class direction at varying places', () => {
    const d = generateSynthetic('strokes', { seed: 9, n: 200, noise: 0 });
    const steps = [[0, 1], [1, 0], [-1, 1], [1, 1]];
    const starts = new Set<string>();
    for (let i = 0; i < d.n; i++) {
      const on: [number, number][] = [];
      for (let p = 0; p < 144; p++) if (d.x[i * 144 + p] > 0) on.push([Math.floor(p / 12), p % 12]);
      expect(on.length).toBeGreaterThanOrEqual(3);
      expect(on.length).toBeLessThanOrEqual(6);
      const [dr, dc] = steps[d.y[i]];
      // Sorted by column (rows for vertical), consecutive pixels differ by the class step.
      const sorted = [...on].sort((a, b) => (dc === 0 ? a[0] - b[0] : a[1] - b[1]));
      for (let k = 1; k < sorted.length; k++) expect([sorted[k][0] - sorted[k - 1][0], sorted[k][1] - sorted[k - 1][1]]).toEqual([dr, dc]);
      starts.add(`${d.y[i]}:${sorted[0].join(',')}`);
    }
    expect(starts.size).toBeGreaterThan(100);
  });
});
