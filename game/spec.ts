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
export const TASK_IDS = [...SYNTHETIC_TASK_IDS, ...REAL_TASK_IDS] as const;
export type TaskId = (typeof TASK_IDS)[number];
export type SyntheticTaskId = (typeof SYNTHETIC_TASK_IDS)[number];
export type RealTaskId = (typeof REAL_TASK_IDS)[number];

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

export const layerSchema = z.object({
  units: z.number().int().min(1).max(LIMITS.maxUnits),
  activation: z.enum(ACTIVATIONS),
  groups: z.number().int().min(1).max(LIMITS.maxGroups).default(1),
});
export type LayerSpec = z.output<typeof layerSchema>;

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
});
export type Rules = z.output<typeof rulesSchema>;

/** Static facts about a task that shapes depend on. */
export interface TaskShape {
  inputDim: number;
  classes: number;
}
