/**
 * Round presets (DESIGN.md §2 "Rules a host sets per round") and the default rules of each task.
 * Sizes are classroom-friendly: a round lasts 3–5 minutes and a laptop trains a legal network in
 * seconds (a few hundred points, at most a few hundred epochs).
 */
import { z } from 'zod';
import type { RuleParams, ViolationCode } from './rule-messages';
import { formatViolation } from './rule-messages';
import type { RoundRules } from './rules';
import type { TaskId } from './spec';
import { ACTIVATIONS, SHORTCUTS, TASK_IDS, rulesSchema } from './spec';
import { TASKS } from './tasks/catalog';

export interface Preset {
  id: string;
  title: string;
  description: string;
  taskId: TaskId;
  rules: RoundRules;
}

/** Training-set size per task: small enough to train in seconds, large enough to learn the shape. */
const TRAIN_SIZE: Record<TaskId, number> = {
  xor: 200,
  circle: 200,
  gauss: 200,
  spiral: 400,
  'spiral-hard': 600,
  moons: 200,
  checkerboard: 400,
  rings: 300,
  digits: 1000,
  iris: 100,
  wine: 120,
  'breast-cancer': 380,
  strokes: 400,
};

/**
 * The default rules of a task: every activation and shortcut allowed, a generous parameter budget.
 * Pure; returns a fresh object.
 * @example defaultRules('xor').trainSize // 200
 */
export function defaultRules(taskId: TaskId): RoundRules {
  const real = TASKS[taskId].kind === 'real';
  const image = TASKS[taskId].image !== undefined;
  return {
    taskId,
    trainSize: TRAIN_SIZE[taskId],
    noise: real ? 0 : 0.1,
    durationSec: 240,
    maxLayers: 8,
    maxUnits: real ? 128 : 32,
    maxParams: real ? 50_000 : 10_000,
    maxEpochs: real ? 50 : 200,
    allowedActivations: [...ACTIVATIONS],
    allowedShortcuts: [...SHORTCUTS],
    maxGroups: 8,
    maxSubmissions: 10,
    auditTopK: 3,
    // Only image tasks carry the field: the rules of other tasks keep their stored JSON.
    ...(image ? { allowConv: true } : {}),
  };
}

const preset = (id: string, title: string, description: string, taskId: TaskId, rules: Partial<RoundRules>): Preset => ({
  id,
  title,
  description,
  taskId,
  rules: { ...defaultRules(taskId), ...rules, taskId },
});

/** The round presets, in the order a host's menu shows them. */
export const PRESETS: readonly Preset[] = [
  preset(
    'xor-warmup',
    'XOR warm-up',
    'The problem a single perceptron cannot solve. One hidden layer is enough: how few units do you need?',
    'xor',
    { trainSize: 200, noise: 0.05, durationSec: 180, maxLayers: 3, maxUnits: 16, maxParams: 1000, maxEpochs: 100 },
  ),
  preset(
    'spiral-sprint',
    'Spiral sprint',
    'Two interleaved spirals. Depth, width or a smarter activation: find the fastest way to untangle them.',
    'spiral',
    { trainSize: 400, noise: 0.1, durationSec: 300, maxLayers: 8, maxUnits: 32, maxParams: 5000, maxEpochs: 200 },
  ),
  preset(
    'budget-battle',
    'Budget battle',
    'At most 500 parameters. Spend them on depth, on width, or on more groups?',
    'spiral',
    { trainSize: 400, noise: 0.1, durationSec: 300, maxLayers: 8, maxUnits: 64, maxParams: 500, maxEpochs: 200, maxGroups: 8 },
  ),
  preset(
    'too-deep',
    'Too deep to train',
    'At least 12 layers. Plain deep nets stall: do shortcuts and the choice of activation rescue them?',
    'circle',
    { trainSize: 200, noise: 0.1, durationSec: 300, minLayers: 12, maxLayers: 16, maxUnits: 16, maxParams: 10_000, maxEpochs: 60 },
  ),
  preset(
    'sigmoid-vs-relu',
    'Sigmoid vs ReLU',
    'Only sigmoid and ReLU are allowed. Which one trains a deeper network on the checkerboard?',
    'checkerboard',
    { trainSize: 400, noise: 0.05, durationSec: 240, maxLayers: 6, maxUnits: 32, maxEpochs: 150, allowedActivations: ['sigmoid', 'relu'] },
  ),
  preset(
    'digits',
    'Digits',
    'Real handwritten digits: 64 pixels, 10 classes. Small nets, few epochs: who generalizes best?',
    'digits',
    { trainSize: 1000, durationSec: 300, maxLayers: 4, maxUnits: 128, maxParams: 50_000, maxEpochs: 30, maxTrainingWork: 25_000_000 },
  ),
  // Issue 12: two conv lessons. Both budgets fit the protocol's conv examples and a dense net alike,
  // so the class compares the two kinds at the same parameter count.
  preset(
    'conv-vs-dense',
    'Conv vs dense',
    'Digits with at most 2,000 parameters. Spend them on dense layers over 64 flat pixels, or on small shared kernels that slide over the 8×8 picture?',
    'digits',
    { trainSize: 1000, durationSec: 300, maxLayers: 4, maxUnits: 64, maxParams: 2000, maxEpochs: 30, maxTrainingWork: 25_000_000, allowConv: true },
  ),
  preset(
    'strokes-edges',
    'Strokes: find the edge detector',
    'Which way does the stroke run? At most 500 parameters: a dense net barely fits, while a few 3×3 kernels can learn to see edges anywhere in the picture.',
    'strokes',
    { trainSize: 400, noise: 0.2, durationSec: 240, maxLayers: 4, maxUnits: 32, maxParams: 500, maxEpochs: 30, allowConv: true },
  ),
];

/** Looks up a preset by id, or undefined. */
export function findPreset(id: string): Preset | undefined {
  return PRESETS.find((p) => p.id === id);
}

/** One invalid rule: the English `message` renders `code` + `params` (game/rule-messages). */
export interface RuleViolation {
  field: string;
  message: string;
  code: ViolationCode;
  params: RuleParams;
}

const ruleViolation = (field: string, code: ViolationCode, params: RuleParams): RuleViolation => ({
  field,
  message: formatViolation(code, params),
  code,
  params,
});

/** Thrown by `resolveRules` for an unknown task or preset, or rules outside `rulesSchema`. */
export class RulesError extends Error {
  constructor(
    readonly code: 'UNKNOWN_TASK' | 'UNKNOWN_PRESET' | 'INVALID_RULES',
    message: string,
    readonly violations: RuleViolation[] = [],
  ) {
    super(message);
    this.name = 'RulesError';
  }
}

const MIN_LAYERS_RANGE = { min: 1, max: 16 } as const;
const minLayersSchema = z.number().int().min(MIN_LAYERS_RANGE.min).max(MIN_LAYERS_RANGE.max);

/**
 * The rules of a new round: the preset's rules (or the task's defaults), then each defined
 * override field by field. The top-level `taskId` names the task; when a preset made for another
 * task is used, the task-dependent fields (`trainSize`, `noise`) come from the task's defaults.
 * Throws `RulesError` when the task or preset is unknown or the result breaks `rulesSchema`.
 * @example resolveRules('moons', 'budget-battle', { durationSec: 120 }).maxParams // 500
 */
export function resolveRules(taskId: string, presetId?: string | null, overrides?: Partial<RoundRules> | null): RoundRules {
  if (!(TASK_IDS as readonly string[]).includes(taskId)) {
    throw new RulesError('UNKNOWN_TASK', `Unknown task "${taskId}": expected one of ${TASK_IDS.join(', ')}.`);
  }
  const task = taskId as TaskId;
  let base = defaultRules(task);
  if (presetId) {
    const p = findPreset(presetId);
    if (!p) throw new RulesError('UNKNOWN_PRESET', `Unknown preset "${presetId}": expected one of ${PRESETS.map((x) => x.id).join(', ')}.`);
    base = p.taskId === task ? { ...p.rules } : { ...p.rules, taskId: task, trainSize: base.trainSize, noise: base.noise };
  }
  const merged: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(overrides ?? {})) if (v !== undefined) merged[k] = v;
  merged.taskId = task;
  const parsed = rulesSchema.safeParse(merged);
  const violations = parsed.success
    ? []
    : parsed.error.issues.map((i) => {
      const rule = i.path.map(String).join('.');
      return ruleViolation(`rules.${rule}`, 'rules.invalid', { rule, detail: i.message });
    });
  const min = merged.minLayers === undefined ? undefined : minLayersSchema.safeParse(merged.minLayers);
  if (min && !min.success) violations.push(ruleViolation('rules.minLayers', 'rules.minLayersInvalid', MIN_LAYERS_RANGE));
  if (parsed.success && min?.success && min.data > parsed.data.maxLayers) {
    violations.push(ruleViolation('rules.minLayers', 'rules.minLayersOverMax', { min: min.data, max: parsed.data.maxLayers }));
  }
  if (parsed.success && parsed.data.allowConv === true && TASKS[task].image === undefined) {
    violations.push(ruleViolation('rules.allowConv', 'rules.allowConvNotImage', { task }));
  }
  if (!parsed.success || violations.length > 0) {
    throw new RulesError('INVALID_RULES', violations[0]?.message ?? 'The rules are not valid.', violations);
  }
  return min?.success ? { ...parsed.data, minLayers: min.data } : parsed.data;
}
