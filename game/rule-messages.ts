/**
 * The sentences of rule violations, kept as templates so that every language renders the same
 * machine-readable `code` + `params`. game/ owns the English table (the server and the English UI
 * use its sentences); the UI adds a table per language with the same codes and placeholders.
 * Pure and isomorphic.
 */

/** One template per violation code; `{name}` placeholders are filled from the violation's params. */
export const VIOLATION_TEMPLATES_EN = {
  'schema.missing': '{what} is missing.',
  'schema.notANumber': '{what} must be a number, not NaN.',
  'schema.notInteger': '{what} must be a whole number (got {got}).',
  'schema.wrongType': '{what} must be {expected} (got {got}).',
  'schema.tooFewItems': '{what} needs at least {min} items (got {got}).',
  'schema.tooManyItems': '{what} may have at most {max} items (got {got}).',
  'schema.tooSmall': '{what} must be at least {min} (got {got}).',
  'schema.notAbove': '{what} must be greater than {min} (got {got}).',
  'schema.tooBig': '{what} must be at most {max} (got {got}).',
  'schema.notBelow': '{what} must be less than {max} (got {got}).',
  'schema.notOneOf': '{what} must be one of {values} (got {got}).',
  'schema.invalid': '{what} is not valid: {detail}.',
  'layers.needOne': 'The network needs at least {min} layer (got {got}).',
  'layers.belowSchemaMin': 'The network needs at least {min} layers (got {got}).',
  'layers.aboveSchemaMax': 'The network may have at most {max} layers (got {got}).',
  'groups.notDivisor':
    "Layer {layer} has {units} units but {groups} groups: groups must divide the layer's input width ({inputWidth}) and its units ({units}).",
  'units.tooMany': 'Layer {layer} has {units} units; this round allows at most {max} units per layer.',
  'groups.tooMany': 'Layer {layer} uses {groups} groups; this round allows at most {max} groups per layer.',
  'activation.notAllowed': "Layer {layer}'s activation {activation} is not allowed in this round (allowed: {allowed}).",
  'layers.tooMany': 'This round allows at most {max} layers; the network has {count}.',
  'layers.tooFew': 'This round needs at least {min} layers; the network has {count}.',
  'shortcut.notAllowed': 'The shortcut {shortcut} is not allowed in this round (allowed: {allowed}).',
  'params.overBudget': "The network has {params} parameters; this round's budget is {max} parameters.",
  'epochs.overRule': 'The number of epochs is {epochs}; this round allows at most {max} epochs.',
  'work.overBudget':
    'The recipe declares {work} units of training work (steps × (parameters + 1,000)); this round allows at most {max}: use fewer epochs, a bigger batch or a smaller network.',
  'rules.invalid': 'Rule {rule}: {detail}.',
  'rules.minLayersInvalid': 'Rule minLayers must be a whole number from {min} to {max}.',
  'rules.minLayersOverMax': 'Rule minLayers ({min}) must not exceed maxLayers ({max}).',
  'conv.flatInput': 'Layer {layer} is a conv layer, but this task is not an image: conv layers need an image task.',
  'conv.afterDense': 'Layer {layer} is a conv layer after a dense layer: every conv layer must come before the first dense layer.',
  'conv.groupsNotDivisor':
    'Layer {layer} has {filters} filters and {channels} input channels but {groups} groups: groups must divide both.',
  'conv.tooSmall':
    'Layer {layer} would output {height}×{width} pixels: the picture is too small for its kernel, stride, padding or pool.',
  'conv.notAllowed': 'This round does not allow conv layers (layer {layer} is one).',
  'filters.tooMany': 'Layer {layer} has {filters} filters; this round allows at most {max} filters per layer.',
  'conv.stepMemory':
    'The conv layers would hold {floats} values per training step ({max} at most): use a smaller batch, fewer channels or a smaller kernel.',
  'rules.allowConvNotImage': 'Rule allowConv can be true only on an image task ({task} is not one).',
} as const;

export type ViolationCode = keyof typeof VIOLATION_TEMPLATES_EN;

/** Names of fields, used as the `{what}` of a schema sentence. */
export const FIELD_LABELS_EN = {
  'network.root': 'The network',
  'network.layers': 'The list of layers',
  'network.shortcut': 'The shortcut',
  'network.other': "The network's {name}",
  layer: 'Layer {n}',
  'layer.units': "Layer {n}'s units",
  'layer.activation': "Layer {n}'s activation",
  'layer.groups': "Layer {n}'s groups",
  'layer.other': "Layer {n}'s {name}",
  'layer.type': "Layer {n}'s type",
  'layer.filters': "Layer {n}'s filters",
  'layer.kernel': "Layer {n}'s kernel size",
  'layer.stride': "Layer {n}'s stride",
  'layer.padding': "Layer {n}'s padding",
  'layer.pool': "Layer {n}'s pool",
  'training.root': 'The training settings',
  'training.optimizer': 'The optimizer',
  'training.learningRate': 'The learning rate',
  'training.batchSize': 'The batch size',
  'training.epochs': 'The number of epochs',
  'training.l2': 'The L2 penalty (l2)',
  'training.seed': 'The training seed',
  'training.other': 'Training {name}',
} as const;

export type FieldLabelCode = keyof typeof FIELD_LABELS_EN;

/** How a received value reads (`{got}`) when it is not a plain number or string. */
export const VALUE_WORDS_EN = {
  nothing: 'nothing',
  null: 'null',
  items: '{count} items',
  type: '{type}',
} as const;

export type ValueWordCode = keyof typeof VALUE_WORDS_EN;

/** The type a field must have (`{expected}`), by zod's name for it; `other` for any name not listed. */
export const TYPE_NAMES_EN = {
  array: 'a list',
  object: 'an object',
  number: 'a number',
  string: 'a string',
  boolean: 'a boolean',
  other: 'a {type}',
  /** English needs its article: `an {type}` before a vowel. */
  otherVowel: 'an {type}',
} as const;

export type TypeNameCode = keyof typeof TYPE_NAMES_EN;

/** One language's templates for every violation. A table per language must cover every code. */
export interface RuleTemplates {
  violations: Record<ViolationCode, string>;
  labels: Record<FieldLabelCode, string>;
  values: Record<ValueWordCode, string>;
  types: Record<TypeNameCode, string>;
  /** Joins lists such as the allowed activations: `', '` in English. */
  listSeparator: string;
}

/**
 * The English tables: the sentences the server sends and the English UI shows.
 * @example formatViolation('epochs.overRule', { epochs: 101, max: 100 }, RULE_MESSAGES_EN)
 */
export const RULE_MESSAGES_EN: RuleTemplates = {
  violations: VIOLATION_TEMPLATES_EN,
  labels: FIELD_LABELS_EN,
  values: VALUE_WORDS_EN,
  types: TYPE_NAMES_EN,
  listSeparator: ', ',
};

/**
 * A violation's parameter. Numbers and plain strings are shown as they are (identifiers such as
 * `tanh`, or a received string already in quotes); the object forms are words each language
 * renders from its own tables.
 */
export type RuleParam =
  | string
  | number
  | { readonly list: readonly string[] }
  | { readonly label: FieldLabelCode; readonly n?: number; readonly name?: string }
  | { readonly word: ValueWordCode; readonly count?: number; readonly type?: string }
  | { readonly expected: string };

export type RuleParams = Readonly<Record<string, RuleParam>>;

/** The `{name}` placeholders of a template, sorted, e.g. `['max', 'what']`. */
export function placeholders(template: string): string[] {
  return [...new Set([...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]))].sort();
}

function fill(template: string, vars: Readonly<Record<string, string>>): string {
  return template.replace(/\{(\w+)\}/g, (m, name: string) => vars[name] ?? m);
}

const numberText = (n: number): string => (Number.isNaN(n) ? 'NaN' : String(n));

function paramText(p: RuleParam, t: RuleTemplates): string {
  if (typeof p === 'string') return p;
  if (typeof p === 'number') return numberText(p);
  if ('list' in p) return p.list.join(t.listSeparator);
  if ('label' in p) return fill(t.labels[p.label], { n: numberText(p.n ?? 0), name: p.name ?? '' });
  if ('word' in p) return fill(t.values[p.word], { count: numberText(p.count ?? 0), type: p.type ?? '' });
  const known = p.expected in t.types && p.expected !== 'other' && p.expected !== 'otherVowel';
  const code: TypeNameCode = known ? (p.expected as TypeNameCode) : /^[aeiou]/.test(p.expected) ? 'otherVowel' : 'other';
  return fill(t.types[code], { type: p.expected });
}

/**
 * Renders one violation's sentence in the language of `templates`. Pure; a placeholder with no
 * param stays as written, so a missing param shows rather than vanishing.
 * @example formatViolation('layers.tooMany', { max: 3, count: 4 }) // 'This round allows at most 3 layers; the network has 4.'
 */
export function formatViolation(code: ViolationCode, params: RuleParams, templates: RuleTemplates = RULE_MESSAGES_EN): string {
  const vars: Record<string, string> = {};
  for (const [k, v] of Object.entries(params)) vars[k] = paramText(v, templates);
  return fill(templates.violations[code] ?? RULE_MESSAGES_EN.violations[code] ?? code, vars);
}
