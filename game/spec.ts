/**
 * The network and training spec: the zod schemas that define them once, for the builder UI, the
 * trainer, the server and the bot. Limits here are the schema's outer bounds (PROTOCOL.md); a
 * round's rules narrow them (see `rules.ts`).
 */
import { z } from 'zod';

export const ACTIVATIONS = [
  'linear',
  'sigmoid',
  'tanh',
  'relu',
  'leaky_relu',
  'elu',
  'selu',
  'swish',
  'gelu',
  'softplus',
] as const;
export type Activation = (typeof ACTIVATIONS)[number];

export const SHORTCUTS = ['none', 'residual', 'highway'] as const;
export type Shortcut = (typeof SHORTCUTS)[number];

export const OPTIMIZERS = ['sgd', 'momentum', 'adam'] as const;
export type Optimizer = (typeof OPTIMIZERS)[number];

/** `js` is game/'s own engine (game/engine/); the others are tfjs backends. */
export const BACKENDS = ['js', 'wasm', 'webgl', 'cpu'] as const;
export type Backend = (typeof BACKENDS)[number];
/** The tfjs backends alone. */
export type TfjsBackend = Exclude<Backend, 'js'>;

/** Training losses (PROTOCOL.md `training.loss`); absent means cross_entropy. */
export const LOSSES = ['cross_entropy', 'mse'] as const;
export type Loss = (typeof LOSSES)[number];

export const SYNTHETIC_TASK_IDS = [
  'xor',
  'circle',
  'gauss',
  'spiral',
  'spiral-hard',
  'moons',
  'checkerboard',
  'rings',
] as const;
export const REAL_TASK_IDS = ['digits', 'iris', 'wine', 'breast-cancer'] as const;
/** Synthetic image tasks, drawn from `{ seed, n, noise }` like the 2-D ones (game/tasks/strokes.ts). */
export const IMAGE_SYNTHETIC_TASK_IDS = ['strokes'] as const;
export const TASK_IDS = [...SYNTHETIC_TASK_IDS, ...REAL_TASK_IDS, ...IMAGE_SYNTHETIC_TASK_IDS] as const;
export type TaskId = (typeof TASK_IDS)[number];
/** The 2-D point tasks. */
export type SyntheticTaskId = (typeof SYNTHETIC_TASK_IDS)[number];
export type RealTaskId = (typeof REAL_TASK_IDS)[number];
export type ImageSyntheticTaskId = (typeof IMAGE_SYNTHETIC_TASK_IDS)[number];

/** Outer bounds from PROTOCOL.md: 1–16 layers, 1–256 units, 1–16 groups. */
export const LIMITS = {
  maxLayers: 16,
  maxUnits: 256,
  maxGroups: 16,
  maxEpochs: 1000,
  maxBatchSize: 4096,
  maxLearningRate: 10,
  maxL2: 1,
  /** Largest `training.holdout` (share of the training rows kept out for validation). */
  maxHoldout: 0.5,
} as const;

/** A dense layer; `type` may be left out (PROTOCOL.md `DenseLayer`). */
export const denseLayerSchema = z.object({
  type: z.literal('dense').optional(),
  units: z.number().int().min(1).max(LIMITS.maxUnits),
  activation: z.enum(ACTIVATIONS),
  groups: z.number().int().min(1).max(LIMITS.maxGroups).default(1),
});
export type DenseLayerSpec = z.output<typeof denseLayerSchema>;

export const CONV_KERNELS = [1, 3, 5] as const;
export const CONV_STRIDES = [1, 2] as const;
export const CONV_PADDINGS = ['valid', 'same'] as const;
/** 2×2 pools with stride 2, valid (PROTOCOL.md `ConvLayer.pool`). */
export const CONV_POOLS = ['none', 'max', 'avg'] as const;
export type ConvPadding = (typeof CONV_PADDINGS)[number];
export type ConvPool = (typeof CONV_POOLS)[number];

/**
 * A conv layer (PROTOCOL.md `ConvLayer`): image tasks only, before every dense layer. `stride`,
 * `groups` and `pool` default to 1, 1 and `none`.
 * @example convLayerSchema.parse({ type: 'conv', filters: 8, kernel: 3, padding: 'same', activation: 'relu' })
 */
export const convLayerSchema = z.object({
  type: z.literal('conv'),
  filters: z.number().int().min(1).max(LIMITS.maxUnits),
  kernel: z.literal(CONV_KERNELS),
  stride: z.literal(CONV_STRIDES).default(1),
  padding: z.enum(CONV_PADDINGS),
  activation: z.enum(ACTIVATIONS),
  groups: z.number().int().min(1).max(LIMITS.maxGroups).default(1),
  pool: z.enum(CONV_POOLS).default('none'),
});
export type ConvLayerSpec = z.output<typeof convLayerSchema>;

/** One hidden layer: dense (the default when `type` is absent) or conv. */
export const layerSchema = z.discriminatedUnion('type', [denseLayerSchema, convLayerSchema]);
export type LayerSpec = z.output<typeof layerSchema>;

/** True for a conv layer. @example isConvLayer({ type: 'conv', ... }) // true */
export function isConvLayer(layer: { type?: string }): layer is ConvLayerSpec {
  return layer.type === 'conv';
}

/**
 * A layer's output channels: `units` of a dense layer, `filters` of a conv layer.
 * @example layerWidth({ units: 8, activation: 'relu', groups: 1 }) // 8
 */
export function layerWidth(layer: LayerSpec): number {
  return isConvLayer(layer) ? layer.filters : layer.units;
}

/**
 * A layer as a dense layer (a conv layer's filters become units): for views that know only dense
 * layers. Pure. @example asDenseLayer({ type: 'conv', filters: 8, ... }).units // 8
 */
export function asDenseLayer(layer: LayerSpec): DenseLayerSpec {
  return isConvLayer(layer) ? { units: layer.filters, activation: layer.activation, groups: layer.groups } : layer;
}

export const networkSchema = z.object({
  layers: z.array(layerSchema).min(1).max(LIMITS.maxLayers),
  shortcut: z.enum(SHORTCUTS).default('none'),
});
/** A network spec after parsing: `groups` and `shortcut` always present. */
export type NetworkSpec = z.output<typeof networkSchema>;

export const trainingSchema = z.object({
  optimizer: z.enum(OPTIMIZERS),
  learningRate: z.number().gt(0).max(LIMITS.maxLearningRate),
  batchSize: z.number().int().min(1).max(LIMITS.maxBatchSize),
  epochs: z.number().int().min(1).max(LIMITS.maxEpochs),
  l2: z.number().min(0).max(LIMITS.maxL2).default(0),
  seed: z.number().int().min(0).max(0xffffffff),
  // Optional rather than defaulted so specs stored before it existed keep their exact JSON.
  loss: z.enum(LOSSES).optional(),
  /**
   * Addition (issue 11): the share of the training rows held out for a validation curve, in
   * (0, 0.5]; absent means none. Both trainers apply it (game/validation.ts splitHoldout), so the
   * replay holds out the same rows.
   */
  holdout: z.number().gt(0).max(LIMITS.maxHoldout).optional(),
});
/** Training hyperparameters after parsing. `learningRate` is the optimizer's step size. */
export type TrainingSpec = z.output<typeof trainingSchema>;

export const backendSchema = z.enum(BACKENDS);

export const taskIdSchema = z.enum(TASK_IDS);

/** Round rules set by the host (DESIGN.md "Rules a host sets per round"). */
export const rulesSchema = z.object({
  taskId: taskIdSchema,
  trainSize: z.number().int().min(4).max(5000),
  noise: z.number().min(0).max(1),
  durationSec: z.number().int().min(10).max(24 * 3600),
  maxLayers: z.number().int().min(1).max(LIMITS.maxLayers),
  /** Addition to PROTOCOL.md's Rules ("Too deep to train" needs at least 12 layers). */
  minLayers: z.number().int().min(1).max(LIMITS.maxLayers).optional(),
  maxUnits: z.number().int().min(1).max(LIMITS.maxUnits),
  maxParams: z.number().int().min(1).max(1_000_000),
  maxEpochs: z.number().int().min(1).max(LIMITS.maxEpochs),
  /** Addition (issue 8): declared training work, steps × (params + 1,000); game/training-work.ts. */
  maxTrainingWork: z.number().int().min(1).max(1_000_000_000).optional(),
  // Capped at the number of choices: rules are stored and sent in every RoundPublic.
  allowedActivations: z.array(z.enum(ACTIVATIONS)).min(1).max(ACTIVATIONS.length),
  allowedShortcuts: z.array(z.enum(SHORTCUTS)).min(1).max(SHORTCUTS.length),
  maxGroups: z.number().int().min(1).max(LIMITS.maxGroups),
  maxSubmissions: z.number().int().min(1).max(1000),
  auditTopK: z.number().int().min(0).max(100),
  /** Conv layers allowed (PROTOCOL.md): absent means true on image tasks; never true on others. */
  allowConv: z.boolean().optional(),
});
export type Rules = z.output<typeof rulesSchema>;

/** An image task's picture: the input is [height, width, channels], row-major. */
export interface ImageShape {
  height: number;
  width: number;
  channels: number;
}

/** Static facts about a task that shapes depend on. */
export interface TaskShape {
  inputDim: number;
  classes: number;
  /** Image tasks only (`digits`, `strokes`): what conv layers read. */
  image?: ImageShape;
}
