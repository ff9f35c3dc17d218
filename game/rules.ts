/**
 * Checks a submission's network and training spec against the schema, the network's structure
 * and the round's rules, and explains every problem in one human sentence. The builder UI shows
 * these messages as the player edits; the server answers BAD_REQUEST / RULE_VIOLATION with them.
 */
import type { z } from 'zod';
import { paramCount } from './manifest';
import type { NetworkSpec, Rules, TaskShape, TrainingSpec } from './spec';
import { layerSchema, networkSchema, trainingSchema } from './spec';

/** One problem: `field` is a path such as `network.layers[2].groups` or `training.learningRate`. */
export interface Violation {
  field: string;
  message: string;
  /** `schema`: outside the spec's bounds or malformed; `structure`: groups do not fit; `rule`: the round forbids it. */
  kind: 'schema' | 'structure' | 'rule';
}

/**
 * The round's rules as checked here. `minLayers` is optional and not (yet) part of `rulesSchema`:
 * the "Too deep to train" preset sets it.
 */
export type RoundRules = Rules & { minLayers?: number };

export type SubmissionCheck =
  | { ok: true; network: NetworkSpec; training: TrainingSpec; params: number }
  | { ok: false; violations: Violation[] };

type PathKey = PropertyKey;

/** Formats a zod path under a root: `['layers', 2, 'groups']` → `network.layers[2].groups`. */
export function fieldPath(root: string, path: readonly PathKey[]): string {
  let out = root;
  for (const k of path) out += typeof k === 'number' ? `[${k}]` : `.${String(k)}`;
  return out;
}

const TRAINING_LABELS: Record<string, string> = {
  optimizer: 'The optimizer',
  learningRate: 'The learning rate',
  batchSize: 'The batch size',
  epochs: 'The number of epochs',
  l2: 'The L2 penalty (l2)',
  seed: 'The training seed',
};

/** A human name for a field, used at the start of a sentence: "Layer 3's units", "The learning rate". */
function label(root: 'network' | 'training', path: readonly PathKey[]): string {
  if (root === 'training') return path.length === 0 ? 'The training settings' : (TRAINING_LABELS[String(path[0])] ?? `Training ${String(path[0])}`);
  if (path.length === 0) return 'The network';
  if (path[0] === 'shortcut') return 'The shortcut';
  if (path[0] !== 'layers') return `The network's ${String(path[0])}`;
  if (path.length === 1) return 'The list of layers';
  const n = Number(path[1]) + 1;
  return path.length === 2 ? `Layer ${n}` : `Layer ${n}'s ${String(path[2])}`;
}

function valueAt(raw: unknown, path: readonly PathKey[]): unknown {
  let v: unknown = raw;
  for (const k of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[k];
  }
  return v;
}

function show(v: unknown): string {
  if (typeof v === 'string') return `"${v}"`;
  if (typeof v === 'number') return Number.isNaN(v) ? 'NaN' : String(v);
  if (v === undefined) return 'nothing';
  if (Array.isArray(v)) return `${v.length} items`;
  return v === null ? 'null' : typeof v;
}

function count(v: unknown): string {
  return Array.isArray(v) ? String(v.length) : show(v);
}

/** Turns one zod issue into a sentence that names the field and the limit. */
function issueMessage(root: 'network' | 'training', issue: z.core.$ZodIssue, raw: unknown): string {
  const what = label(root, issue.path);
  const got = valueAt(raw, issue.path);
  const isLayers = root === 'network' && issue.path.length === 1 && issue.path[0] === 'layers';
  if (got === undefined && issue.path.length > 0) return `${what} is missing.`;
  switch (issue.code) {
    case 'invalid_type':
      if (got === undefined) return `${what} is missing.`;
      if (typeof got === 'number' && Number.isNaN(got)) return `${what} must be a number, not NaN.`;
      if (issue.expected === 'int') return `${what} must be a whole number (got ${show(got)}).`;
      return `${what} must be ${issue.expected === 'array' ? 'a list' : `${/^[aeiou]/.test(issue.expected) ? 'an' : 'a'} ${issue.expected}`} (got ${show(got)}).`;
    case 'too_small': {
      const min = Number(issue.minimum);
      if (isLayers) return `The network needs at least ${min} layer${min === 1 ? '' : 's'} (got ${count(got)}).`;
      if (issue.origin === 'array') return `${what} needs at least ${min} items (got ${show(got)}).`;
      return issue.inclusive
        ? `${what} must be at least ${min} (got ${show(got)}).`
        : `${what} must be greater than ${min} (got ${show(got)}).`;
    }
    case 'too_big': {
      const max = Number(issue.maximum);
      if (isLayers) return `The network may have at most ${max} layers (got ${count(got)}).`;
      if (issue.origin === 'array') return `${what} may have at most ${max} items (got ${show(got)}).`;
      return issue.inclusive
        ? `${what} must be at most ${max} (got ${show(got)}).`
        : `${what} must be less than ${max} (got ${show(got)}).`;
    }
    case 'invalid_value':
      return `${what} must be one of ${issue.values.map(String).join(', ')} (got ${show(got)}).`;
    default:
      return `${what} is not valid: ${issue.message}.`;
  }
}

/**
 * Maps zod issues to violations with readable sentences. Pure.
 * @example zodViolations('training', trainingSchema.safeParse(t).error?.issues ?? [], t)
 */
export function zodViolations(root: 'network' | 'training', issues: readonly z.core.$ZodIssue[], raw: unknown): Violation[] {
  return issues.map((issue) => ({
    field: fieldPath(root, issue.path),
    message: issueMessage(root, issue, raw),
    kind: 'schema' as const,
  }));
}

/**
 * Structural problems of a network whose layers parsed: each layer's groups must divide its input
 * width and its units. Pure.
 * @example networkStructureErrors({ layers: [{ units: 7, activation: 'relu', groups: 2 }], shortcut: 'none' }, { inputDim: 2, classes: 2 })
 *   // [{ field: 'network.layers[0].groups', message: 'Layer 1 has 7 units but 2 groups: …', kind: 'structure' }]
 */
export function networkStructureErrors(network: NetworkSpec, task: TaskShape): Violation[] {
  return layerStructure(network.layers, task);
}

function layerStructure(layers: readonly (z.output<typeof layerSchema> | null)[], task: TaskShape): Violation[] {
  const out: Violation[] = [];
  let prev: number | null = task.inputDim;
  layers.forEach((layer, i) => {
    if (layer && prev !== null && (prev % layer.groups !== 0 || layer.units % layer.groups !== 0)) {
      out.push({
        field: `network.layers[${i}].groups`,
        message:
          `Layer ${i + 1} has ${layer.units} units but ${layer.groups} groups: groups must divide ` +
          `the layer's input width (${prev}) and its units (${layer.units}).`,
        kind: 'structure',
      });
    }
    prev = layer ? layer.units : null;
  });
  return out;
}

function layerRules(layer: z.output<typeof layerSchema>, i: number, rules: RoundRules): Violation[] {
  const out: Violation[] = [];
  const at = (f: string): string => `network.layers[${i}].${f}`;
  const n = i + 1;
  if (layer.units > rules.maxUnits) {
    out.push({ field: at('units'), message: `Layer ${n} has ${layer.units} units; this round allows at most ${rules.maxUnits} units per layer.`, kind: 'rule' });
  }
  if (layer.groups > rules.maxGroups) {
    out.push({ field: at('groups'), message: `Layer ${n} uses ${layer.groups} groups; this round allows at most ${rules.maxGroups} groups per layer.`, kind: 'rule' });
  }
  if (!rules.allowedActivations.includes(layer.activation)) {
    out.push({
      field: at('activation'),
      message: `Layer ${n}'s activation ${layer.activation} is not allowed in this round (allowed: ${rules.allowedActivations.join(', ')}).`,
      kind: 'rule',
    });
  }
  return out;
}

function networkChecks(raw: unknown, rules: RoundRules, task: TaskShape): { violations: Violation[]; network: NetworkSpec | null } {
  const parsed = networkSchema.safeParse(raw);
  const out: Violation[] = parsed.success ? [] : zodViolations('network', parsed.error.issues, raw);
  const rawLayers = valueAt(raw, ['layers']);
  // Check the layers that parse on their own even when another part is malformed, so the player
  // sees every problem at once.
  const layers = Array.isArray(rawLayers) ? rawLayers.map((l) => {
    const r = layerSchema.safeParse(l);
    return r.success ? r.data : null;
  }) : [];
  out.push(...layerStructure(layers, task));
  layers.forEach((l, i) => l && out.push(...layerRules(l, i, rules)));
  const count = layers.length;
  if (Array.isArray(rawLayers) && count > rules.maxLayers) {
    out.push({ field: 'network.layers', message: `This round allows at most ${rules.maxLayers} layers; the network has ${count}.`, kind: 'rule' });
  }
  if (Array.isArray(rawLayers) && rules.minLayers !== undefined && count < rules.minLayers) {
    out.push({ field: 'network.layers', message: `This round needs at least ${rules.minLayers} layers; the network has ${count}.`, kind: 'rule' });
  }
  const shortcut = valueAt(raw, ['shortcut']);
  const sc = parsed.success ? parsed.data.shortcut : (shortcut ?? 'none');
  if (typeof sc === 'string' && !(rules.allowedShortcuts as readonly string[]).includes(sc)) {
    out.push({
      field: 'network.shortcut',
      message: `The shortcut ${sc} is not allowed in this round (allowed: ${rules.allowedShortcuts.join(', ')}).`,
      kind: 'rule',
    });
  }
  if (parsed.success && !out.some((v) => v.kind === 'structure')) {
    const params = paramCount(parsed.data, task);
    if (params > rules.maxParams) {
      out.push({
        field: 'network.params',
        message: `The network has ${params} parameters; this round's budget is ${rules.maxParams} parameters.`,
        kind: 'rule',
      });
    }
  }
  return { violations: out, network: parsed.success ? parsed.data : null };
}

function trainingChecks(raw: unknown, rules: RoundRules): { violations: Violation[]; training: TrainingSpec | null } {
  const parsed = trainingSchema.safeParse(raw);
  const out: Violation[] = parsed.success ? [] : zodViolations('training', parsed.error.issues, raw);
  const epochs = trainingSchema.shape.epochs.safeParse(valueAt(raw, ['epochs']));
  if (epochs.success && epochs.data > rules.maxEpochs) {
    out.push({
      field: 'training.epochs',
      message: `The number of epochs is ${epochs.data}; this round allows at most ${rules.maxEpochs} epochs.`,
      kind: 'rule',
    });
  }
  return { violations: out, training: parsed.success ? parsed.data : null };
}

/**
 * Checks a submission against the schema, the network's structure and the round's rules.
 * Returns every violation (schema problems first, then structure, then rules; a rule is not
 * reported on a field that already has a schema problem), or the parsed specs with their
 * parameter count. Pure.
 * @example
 * const r = checkSubmission(body.network, body.training, round.rules, taskInfo(round.rules.taskId));
 * if (!r.ok) return fail('RULE_VIOLATION', r.violations[0].message);
 */
export function checkSubmission(network: unknown, training: unknown, rules: RoundRules, task: TaskShape): SubmissionCheck {
  const n = networkChecks(network, rules, task);
  const t = trainingChecks(training, rules);
  const all = [...n.violations, ...t.violations];
  const schemaFields = new Set(all.filter((v) => v.kind === 'schema').map((v) => v.field));
  const kindOrder = { schema: 0, structure: 1, rule: 2 } as const;
  const violations = all
    .filter((v) => v.kind === 'schema' || !schemaFields.has(v.field))
    .sort((a, b) => kindOrder[a.kind] - kindOrder[b.kind]);
  if (violations.length > 0 || !n.network || !t.training) return { ok: false, violations };
  return { ok: true, network: n.network, training: t.training, params: paramCount(n.network, task) };
}

/**
 * The protocol error code for a failed check: `BAD_REQUEST` when any violation is a schema
 * problem (PROTOCOL.md checks the schema first), else `RULE_VIOLATION`.
 * @example if (!r.ok) return fail(submissionErrorCode(r.violations), r.violations[0].message);
 */
export function submissionErrorCode(violations: readonly Violation[]): 'BAD_REQUEST' | 'RULE_VIOLATION' {
  return violations.some((v) => v.kind === 'schema') ? 'BAD_REQUEST' : 'RULE_VIOLATION';
}
