/**
 * Checks a submission's network and training spec against the schema, the network's structure
 * and the round's rules, and explains every problem with a stable `code` + `params` and the English
 * sentence they render to (game/rule-messages). The builder UI renders the code in the player's
 * language as they edit; the server answers BAD_REQUEST / RULE_VIOLATION with the English message.
 */
import type { z } from 'zod';
import { paramCount } from './manifest';
import type { FieldLabelCode, RuleParam, RuleParams, ViolationCode } from './rule-messages';
import { formatViolation } from './rule-messages';
import type { NetworkSpec, Rules, TaskShape, TrainingSpec } from './spec';
import { isConvLayer, layerSchema, networkSchema, trainingSchema, type LayerSpec } from './spec';
import { convShapes, inputShape, type TensorShape } from './conv-shape';
import { isImageTask } from './tasks/catalog';
import { convPatchFloats, MAX_CONV_STEP_FLOATS, trainingWork, trainingWorkBudget, workParams } from './training-work';

/** One problem: `field` is a path such as `network.layers[2].groups` or `training.learningRate`. */
export interface Violation {
  field: string;
  /** The English sentence: `formatViolation(code, params)`. */
  message: string;
  /** `schema`: outside the spec's bounds or malformed; `structure`: groups do not fit; `rule`: the round forbids it. */
  kind: 'schema' | 'structure' | 'rule';
  /** Which sentence, stable across languages, e.g. `groups.notDivisor`. */
  code: ViolationCode;
  /** The numbers and names the sentence shows, by placeholder name. */
  params: RuleParams;
}

/**
 * Builds a violation whose English message comes from the one template table. Pure.
 * @example violation('network.layers', 'rule', 'layers.tooMany', { max: 3, count: 4 }).message
 *   // 'This round allows at most 3 layers; the network has 4.'
 */
export function violation(field: string, kind: Violation['kind'], code: ViolationCode, params: RuleParams): Violation {
  return { field, message: formatViolation(code, params), kind, code, params };
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

const TRAINING_FIELDS = ['optimizer', 'learningRate', 'batchSize', 'epochs', 'l2', 'seed'] as const;
const LAYER_FIELDS = ['units', 'activation', 'groups', 'type', 'filters', 'kernel', 'stride', 'padding', 'pool'] as const;

/** The label of a field, used at the start of a sentence: "Layer 3's units", "The learning rate". */
function label(root: 'network' | 'training', path: readonly PathKey[]): RuleParam {
  const first = String(path[0]);
  if (root === 'training') {
    if (path.length === 0) return { label: 'training.root' };
    return (TRAINING_FIELDS as readonly string[]).includes(first)
      ? { label: `training.${first}` as FieldLabelCode }
      : { label: 'training.other', name: first };
  }
  if (path.length === 0) return { label: 'network.root' };
  if (first === 'shortcut') return { label: 'network.shortcut' };
  if (first !== 'layers') return { label: 'network.other', name: first };
  if (path.length === 1) return { label: 'network.layers' };
  const n = Number(path[1]) + 1;
  if (path.length === 2) return { label: 'layer', n };
  const f = String(path[2]);
  return (LAYER_FIELDS as readonly string[]).includes(f) ? { label: `layer.${f}` as FieldLabelCode, n } : { label: 'layer.other', n, name: f };
}

function valueAt(raw: unknown, path: readonly PathKey[]): unknown {
  let v: unknown = raw;
  for (const k of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[k];
  }
  return v;
}

function show(v: unknown): RuleParam {
  if (typeof v === 'string') return `"${v}"`;
  if (typeof v === 'number') return v;
  if (v === undefined) return { word: 'nothing' };
  if (Array.isArray(v)) return { word: 'items', count: v.length };
  return v === null ? { word: 'null' } : { word: 'type', type: typeof v };
}

function count(v: unknown): RuleParam {
  return Array.isArray(v) ? v.length : show(v);
}

type Sentence = [ViolationCode, RuleParams];

/** Turns one zod issue into a sentence that names the field and the limit. */
function issueSentence(root: 'network' | 'training', issue: z.core.$ZodIssue, raw: unknown): Sentence {
  const what = label(root, issue.path);
  const got = valueAt(raw, issue.path);
  const isLayers = root === 'network' && issue.path.length === 1 && issue.path[0] === 'layers';
  if (got === undefined && issue.path.length > 0) return ['schema.missing', { what }];
  switch (issue.code) {
    case 'invalid_type':
      if (got === undefined) return ['schema.missing', { what }];
      if (typeof got === 'number' && Number.isNaN(got)) return ['schema.notANumber', { what }];
      if (issue.expected === 'int') return ['schema.notInteger', { what, got: show(got) }];
      return ['schema.wrongType', { what, expected: { expected: issue.expected }, got: show(got) }];
    case 'too_small': {
      const min = Number(issue.minimum);
      if (isLayers) return [min === 1 ? 'layers.needOne' : 'layers.belowSchemaMin', { min, got: count(got) }];
      if (issue.origin === 'array') return ['schema.tooFewItems', { what, min, got: show(got) }];
      return [issue.inclusive ? 'schema.tooSmall' : 'schema.notAbove', { what, min, got: show(got) }];
    }
    case 'too_big': {
      const max = Number(issue.maximum);
      if (isLayers) return ['layers.aboveSchemaMax', { max, got: count(got) }];
      if (issue.origin === 'array') return ['schema.tooManyItems', { what, max, got: show(got) }];
      return [issue.inclusive ? 'schema.tooBig' : 'schema.notBelow', { what, max, got: show(got) }];
    }
    case 'invalid_value':
      return ['schema.notOneOf', { what, values: { list: issue.values.map(String) }, got: show(got) }];
    case 'invalid_union':
      // A layer's `type` that is neither dense nor conv (the layer union's discriminator).
      if ('discriminator' in issue && issue.discriminator === 'type') {
        return ['schema.notOneOf', { what, values: { list: ['dense', 'conv'] }, got: show(got) }];
      }
      return ['schema.invalid', { what, detail: issue.message }];
    default:
      return ['schema.invalid', { what, detail: issue.message }];
  }
}

/**
 * Maps zod issues to violations with readable sentences. Pure.
 * @example zodViolations('training', trainingSchema.safeParse(t).error?.issues ?? [], t)
 */
export function zodViolations(root: 'network' | 'training', issues: readonly z.core.$ZodIssue[], raw: unknown): Violation[] {
  return issues.map((issue) => violation(fieldPath(root, issue.path), 'schema', ...issueSentence(root, issue, raw)));
}

/**
 * Structural problems of a network whose layers parsed: each layer's groups must divide its input
 * width (or channels) and its units (or filters); conv layers need an image task, come before
 * every dense layer, and must leave at least a 1×1 picture. Pure.
 * @example networkStructureErrors({ layers: [{ units: 7, activation: 'relu', groups: 2 }], shortcut: 'none' }, { inputDim: 2, classes: 2 })
 *   // [{ field: 'network.layers[0].groups', message: 'Layer 1 has 7 units but 2 groups: …', kind: 'structure',
 *   //    code: 'groups.notDivisor', params: { layer: 1, units: 7, groups: 2, inputWidth: 2 } }]
 */
export function networkStructureErrors(network: NetworkSpec, task: TaskShape): Violation[] {
  return layerStructure(network.layers, task);
}

function layerStructure(layers: readonly (LayerSpec | null)[], task: TaskShape): Violation[] {
  const out: Violation[] = [];
  // What the next layer reads; null once a layer is unknown (malformed) or broken.
  let prev: TensorShape | null = inputShape(task);
  let seenDense = false;
  layers.forEach((layer, i) => {
    const n = i + 1;
    if (layer && isConvLayer(layer)) {
      const at = `network.layers[${i}]`;
      if (seenDense) {
        out.push(violation(`${at}.type`, 'structure', 'conv.afterDense', { layer: n }));
        prev = null;
        return;
      }
      if (prev !== null && prev.kind === 'flat') {
        out.push(violation(`${at}.type`, 'structure', 'conv.flatInput', { layer: n }));
        prev = null;
        return;
      }
      if (prev === null) return;
      const channels: number = prev.channels;
      if (channels % layer.groups !== 0 || layer.filters % layer.groups !== 0) {
        out.push(violation(`${at}.groups`, 'structure', 'conv.groupsNotDivisor', { layer: n, filters: layer.filters, channels, groups: layer.groups }));
      }
      const { conv, output } = convShapes(layer, prev);
      const img = (t: TensorShape): { height: number; width: number } => (t.kind === 'image' ? t : { height: 0, width: 0 });
      const small = [conv, output].find((t) => img(t).height < 1 || img(t).width < 1);
      if (small) {
        const field = layer.pool !== 'none' && img(conv).height >= 1 && img(conv).width >= 1 ? 'pool' : 'kernel';
        const o = img(output);
        out.push(violation(`${at}.${field}`, 'structure', 'conv.tooSmall', { layer: n, height: Math.max(o.height, 0), width: Math.max(o.width, 0) }));
        prev = null;
        return;
      }
      prev = output;
      return;
    }
    if (layer) seenDense = true;
    const width = prev === null ? null : prev.kind === 'flat' ? prev.width : prev.height * prev.width * prev.channels;
    if (layer && width !== null && (width % layer.groups !== 0 || layer.units % layer.groups !== 0)) {
      const params = { layer: n, units: layer.units, groups: layer.groups, inputWidth: width };
      out.push(violation(`network.layers[${i}].groups`, 'structure', 'groups.notDivisor', params));
    }
    prev = layer ? { kind: 'flat', width: layer.units } : null;
  });
  return out;
}

function layerRules(layer: LayerSpec, i: number, rules: RoundRules): Violation[] {
  const out: Violation[] = [];
  const at = (f: string): string => `network.layers[${i}].${f}`;
  const n = i + 1;
  if (isConvLayer(layer)) {
    if (!convAllowed(rules)) out.push(violation(at('type'), 'rule', 'conv.notAllowed', { layer: n }));
    if (layer.filters > rules.maxUnits) {
      out.push(violation(at('filters'), 'rule', 'filters.tooMany', { layer: n, filters: layer.filters, max: rules.maxUnits }));
    }
  } else if (layer.units > rules.maxUnits) {
    out.push(violation(at('units'), 'rule', 'units.tooMany', { layer: n, units: layer.units, max: rules.maxUnits }));
  }
  if (layer.groups > rules.maxGroups) {
    out.push(violation(at('groups'), 'rule', 'groups.tooMany', { layer: n, groups: layer.groups, max: rules.maxGroups }));
  }
  if (!rules.allowedActivations.includes(layer.activation)) {
    const allowed = { list: [...rules.allowedActivations] };
    out.push(violation(at('activation'), 'rule', 'activation.notAllowed', { layer: n, activation: layer.activation, allowed }));
  }
  return out;
}

/**
 * Whether a round allows conv layers: `allowConv`, which defaults to true on image tasks, and is
 * never true on other tasks (a conv layer there fails the structure check anyway). Pure.
 * @example convAllowed(defaultRules('digits')) // true
 */
export function convAllowed(rules: Pick<RoundRules, 'taskId' | 'allowConv'>): boolean {
  return isImageTask(rules.taskId) && rules.allowConv !== false;
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
    out.push(violation('network.layers', 'rule', 'layers.tooMany', { max: rules.maxLayers, count }));
  }
  if (Array.isArray(rawLayers) && rules.minLayers !== undefined && count < rules.minLayers) {
    out.push(violation('network.layers', 'rule', 'layers.tooFew', { min: rules.minLayers, count }));
  }
  const shortcut = valueAt(raw, ['shortcut']);
  const sc = parsed.success ? parsed.data.shortcut : (shortcut ?? 'none');
  if (typeof sc === 'string' && !(rules.allowedShortcuts as readonly string[]).includes(sc)) {
    const allowed = { list: [...rules.allowedShortcuts] };
    out.push(violation('network.shortcut', 'rule', 'shortcut.notAllowed', { shortcut: sc, allowed }));
  }
  if (parsed.success && !out.some((v) => v.kind === 'structure')) {
    const params = paramCount(parsed.data, task);
    if (params > rules.maxParams) {
      out.push(violation('network.params', 'rule', 'params.overBudget', { params, max: rules.maxParams }));
    }
  }
  return { violations: out, network: parsed.success ? parsed.data : null };
}

function trainingChecks(raw: unknown, rules: RoundRules): { violations: Violation[]; training: TrainingSpec | null } {
  const parsed = trainingSchema.safeParse(raw);
  const out: Violation[] = parsed.success ? [] : zodViolations('training', parsed.error.issues, raw);
  const epochs = trainingSchema.shape.epochs.safeParse(valueAt(raw, ['epochs']));
  if (epochs.success && epochs.data > rules.maxEpochs) {
    out.push(violation('training.epochs', 'rule', 'epochs.overRule', { epochs: epochs.data, max: rules.maxEpochs }));
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
  const params = paramCount(n.network, task);
  // Every submission is replayed on the server: the declared work must be redoable in seconds.
  const work = trainingWork(workParams(n.network, task), rules.trainSize, t.training);
  const max = trainingWorkBudget(rules);
  if (work > max) return { ok: false, violations: [violation('training.work', 'rule', 'work.overBudget', { work, max })] };
  // A conv step's im2col patches on tfjs grow with batch × window: bound what a replay allocates.
  const rows = Math.min(t.training.batchSize, rules.trainSize);
  const floats = rows * convPatchFloats(n.network, task);
  if (floats > MAX_CONV_STEP_FLOATS) {
    return { ok: false, violations: [violation('training.batchSize', 'rule', 'conv.stepMemory', { floats, max: MAX_CONV_STEP_FLOATS })] };
  }
  return { ok: true, network: n.network, training: t.training, params };
}

/**
 * The protocol error code for a failed check: `BAD_REQUEST` when any violation is a schema
 * problem (PROTOCOL.md checks the schema first), else `RULE_VIOLATION`.
 * @example if (!r.ok) return fail(submissionErrorCode(r.violations), r.violations[0].message);
 */
export function submissionErrorCode(violations: readonly Violation[]): 'BAD_REQUEST' | 'RULE_VIOLATION' {
  return violations.some((v) => v.kind === 'schema') ? 'BAD_REQUEST' : 'RULE_VIOLATION';
}
