/**
 * Every rule violation reads in both languages: each code of game/rule-messages has an English and
 * a 简体中文 template with the same placeholders, violations carry exactly the params their
 * template needs, and the English message is always the template's rendering (one source of truth).
 */
import { describe, expect, it } from 'vitest';
import { RULE_MESSAGES_ZH_CN } from '../../app/i18n/rule-messages-zh';
import { violationText } from '../../app/i18n/violation-text';
import { RulesError, defaultRules, resolveRules } from '../../game/presets';
import { RULE_MESSAGES_EN, VIOLATION_TEMPLATES_EN, formatViolation, placeholders, type RuleTemplates } from '../../game/rule-messages';
import { checkSubmission, type RoundRules, type Violation } from '../../game/rules';

type Table = Exclude<keyof RuleTemplates, 'listSeparator'>;
const TABLES: Table[] = ['violations', 'labels', 'values', 'types'];
const CJK = /[\u4e00-\u9fff]/;

describe('template tables', () => {
  for (const table of TABLES) {
    it(`${table}: every English key has a zh-CN template with the same placeholders`, () => {
      const en: Record<string, string> = RULE_MESSAGES_EN[table];
      const zh: Record<string, string | undefined> = RULE_MESSAGES_ZH_CN[table];
      expect(Object.keys(en).length).toBeGreaterThan(0);
      for (const [key, template] of Object.entries(en)) {
        expect(zh[key], `zh-CN ${table}.${key}`).toBeTypeOf('string');
        expect(placeholders(zh[key] ?? ''), `${table}.${key}`).toEqual(placeholders(template));
      }
      expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
    });
  }

  it('every zh-CN violation sentence is written in Chinese', () => {
    for (const [code, template] of Object.entries(RULE_MESSAGES_ZH_CN.violations)) expect(template, code).toMatch(CJK);
  });
});

const task = { inputDim: 2, classes: 2 };
const narrow: RoundRules = {
  ...defaultRules('spiral'),
  maxLayers: 3,
  minLayers: 2,
  maxUnits: 8,
  maxGroups: 2,
  maxEpochs: 100,
  maxParams: 50,
  allowedActivations: ['relu'],
  allowedShortcuts: ['none'],
};
const L = (units: unknown = 4, activation: unknown = 'relu', groups: unknown = 1) => ({ units, activation, groups });
const T = { optimizer: 'adam', learningRate: 0.01, batchSize: 16, epochs: 20, l2: 0, seed: 1 };
const nets: unknown[] = [
  undefined, 'x', [], { layers: [] }, { layers: 'a' }, { layers: [null, 3] },
  { layers: Array.from({ length: 17 }, () => L()) },
  { layers: [L(0), L(300), L(2.5), L(Number.NaN), L('4'), L(undefined)] },
  { layers: [L(4, 'sparkle'), L(4, 5), L(4, 'tanh', 3), L(6, 'relu', 20), L(4, 'relu', [1, 2])] },
  { layers: [L(16), L(16), L(16), L(16)], shortcut: 'highway' },
  { layers: [L(7, 'relu', 2)] },
  { layers: [L(4)], shortcut: 'wormhole' },
  { layers: [L(4), L(4)] },
];
const trainings: unknown[] = [
  null, T,
  { ...T, optimizer: undefined, learningRate: Number.NaN, batchSize: 2.5, epochs: 101, l2: 2, seed: -1 },
  { ...T, learningRate: -0.1, batchSize: 0, epochs: 0, seed: 2 ** 33 },
  { ...T, learningRate: '0.1', epochs: [1], seed: null, optimizer: 'sgdx' },
  // Within every bound, but more training work than the round's budget (issue 8).
  { ...T, batchSize: 1, epochs: 100 },
];

/** Rule overrides that resolveRules rejects, one per rules.* code. */
const badRules: Partial<RoundRules>[] = [{ trainSize: -1 }, { minLayers: 3.5 }, { minLayers: 5 }, { allowConv: true }];

// Conv nets (issue 12), checked on digits (8×8×1) with narrow rules that forbid conv, and on xor.
const C = (o: Record<string, unknown> = {}) => ({ type: 'conv', filters: 4, kernel: 3, padding: 'same', activation: 'relu', ...o });
const digits = { inputDim: 64, classes: 10, image: { height: 8, width: 8, channels: 1 } };
const noConv: RoundRules = { ...narrow, taskId: 'digits', allowConv: false, maxParams: 100_000 };
const convNets: unknown[] = [
  { layers: [C({ filters: 20 })] },
  { layers: [L(4), C()] },
  { layers: [C({ groups: 2 })] },
  { layers: [C({ kernel: 5, padding: 'valid', pool: 'max' }), C({ kernel: 5, padding: 'valid' })] },
  { layers: [C({ type: 'pool', kernel: 2, stride: 3, padding: 'full' })] },
];

// Codes the current schemas cannot produce (no other array field, no exclusive maximum, layers'
// minimum is 1), kept so that a schema change still reads well; the tables test covers them.
const DEFENSIVE = new Set(['schema.tooFewItems', 'schema.tooManyItems', 'schema.notBelow', 'schema.invalid', 'layers.belowSchemaMin']);

type AnyViolation = Pick<Violation, 'field' | 'message' | 'code' | 'params'>;

function corpus(): AnyViolation[] {
  const out: AnyViolation[] = [];
  for (const n of nets) for (const t of trainings) {
    const r = checkSubmission(n, t, narrow, task);
    if (!r.ok) out.push(...r.violations);
  }
  for (const n of convNets) {
    const r = checkSubmission(n, T, noConv, digits);
    if (!r.ok) out.push(...r.violations);
  }
  // Within the work budget, but too many im2col values per tfjs step.
  const wide: RoundRules = { ...noConv, allowConv: true, trainSize: 5000, maxTrainingWork: 1_000_000_000, maxParams: 1_000_000, maxUnits: 256 };
  const big = checkSubmission({ layers: [C({ filters: 64, kernel: 5 }), C({ filters: 64, kernel: 5 })] }, { ...T, batchSize: 4096, epochs: 1 }, wide, digits);
  if (!big.ok) out.push(...big.violations);
  const flat = checkSubmission({ layers: [C()] }, T, narrow, task);
  if (!flat.ok) out.push(...flat.violations);
  for (const overrides of badRules) {
    try {
      resolveRules('xor', 'xor-warmup', overrides);
    } catch (e) {
      if (e instanceof RulesError) out.push(...e.violations);
    }
  }
  return out;
}

describe('violations from game/rules and game/presets', () => {
  const all = corpus();

  it('cover every reachable code, each with exactly the params its template names', () => {
    const codes = new Set<string>(all.map((v) => v.code));
    const missing = Object.keys(VIOLATION_TEMPLATES_EN).filter((c) => !codes.has(c) && !DEFENSIVE.has(c));
    expect(missing).toEqual([]);
    for (const v of all) {
      expect(Object.keys(v.params).sort(), v.code).toEqual(placeholders(VIOLATION_TEMPLATES_EN[v.code]));
      expect(v.message).toBe(formatViolation(v.code, v.params));
    }
  });

  it('render in Chinese with every placeholder filled', () => {
    for (const v of all) {
      const zh = violationText('zh-CN', v);
      expect(zh, v.message).toMatch(CJK);
      expect(zh, v.message).not.toMatch(/[{}]/);
      expect(violationText('en', v)).toBe(v.message);
    }
  });

  it('name the layer, the field and the limit in Chinese', () => {
    const byCode = new Map(all.map((v) => [v.code, v]));
    const zh = (code: AnyViolation['code']): string => {
      const v = byCode.get(code);
      expect(v, code).toBeDefined();
      return v ? violationText('zh-CN', v) : '';
    };
    expect(zh('groups.notDivisor')).toBe('第 1 层有 7 个单元、2 个分组：分组数必须同时整除该层的输入宽度（2）和单元数（7）。');
    expect(zh('layers.tooMany')).toBe('本轮规则最多 3 层；当前网络有 4 层。');
    expect(zh('activation.notAllowed')).toMatch(/^第 \d 层的激活函数 \w+ 在本轮不允许使用（允许：relu）。$/);
    expect(zh('schema.notInteger')).toMatch(/的单元数必须是整数（收到 2\.5）。$|^批大小必须是整数（收到 2\.5）。$/);
    expect(zh('schema.missing')).toMatch(/^缺少/);
    expect(zh('schema.wrongType')).toMatch(/必须是(对象|列表|数字|字符串)/);
  });

  it('RulesError violations carry codes that render in both languages', () => {
    let error: unknown;
    try {
      resolveRules('xor', 'xor-warmup', { minLayers: 5 });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(RulesError);
    const v = error instanceof RulesError ? error.violations[0] : undefined;
    expect(v).toMatchObject({ field: 'rules.minLayers', code: 'rules.minLayersOverMax', params: { min: 5, max: 3 } });
    if (v) {
      expect(violationText('en', v)).toBe('Rule minLayers (5) must not exceed maxLayers (3).');
      expect(violationText('zh-CN', v)).toBe('规则 minLayers（5）不能超过 maxLayers（3）。');
    }
  });
});
