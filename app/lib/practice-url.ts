/**
 * The practice sandbox's whole state as a query string, so a reload or a shared link restores it.
 * Compact on purpose (links get pasted in chats): layers as `units:activation:groups` (conv layers as
 * `conv:filters:kernel:stride:padding:activation:groups:pool`) joined by
 * commas. Parsing goes through the game's zod schemas; anything invalid falls back to defaults.
 */
import { z } from 'zod';
import { BACKEND_CHOICES, type BackendChoice } from '../../game/engine-choice';
import { LOSSES, isConvLayer, networkSchema, taskIdSchema, trainingSchema, type NetworkSpec, type TaskId, type TrainingSpec } from '../../game/spec';

export interface PracticeState {
  taskId: TaskId;
  noise: number;
  trainSize: number;
  dataSeed: number;
  network: NetworkSpec;
  training: TrainingSpec;
  /** The engine setting: "auto" (game/engine-choice.ts's rule) or an explicit backend. */
  backend: BackendChoice;
}

export const DEFAULT_PRACTICE: PracticeState = {
  taskId: 'spiral',
  noise: 0.1,
  trainSize: 300,
  dataSeed: 1,
  network: { layers: [{ units: 16, activation: 'tanh', groups: 1 }, { units: 16, activation: 'tanh', groups: 1 }], shortcut: 'none' },
  training: { optimizer: 'adam', learningRate: 0.03, batchSize: 16, epochs: 60, l2: 0, seed: 1 },
  backend: 'auto',
};

type Query = Record<string, string | string[] | undefined>;
const first = (q: Query, k: string): string | undefined => {
  const v = q[k];
  return Array.isArray(v) ? v[0] : v;
};
const numIn = (v: string | undefined, lo: number, hi: number, fallback: number): number => {
  const n = Number(v);
  return v !== undefined && v !== '' && Number.isFinite(n) && n >= lo && n <= hi ? n : fallback;
};

/**
 * Reads a practice state from query parameters; each invalid part falls back to its default.
 * @example parsePracticeQuery({ task: 'xor', layers: '8:relu:1' }).network.layers.length // 1
 */
export function parsePracticeQuery(q: Query): PracticeState {
  const d = DEFAULT_PRACTICE;
  const task = taskIdSchema.safeParse(first(q, 'task'));
  const layersRaw = first(q, 'layers');
  const layers = layersRaw
    ? layersRaw.split(',').map((s) => {
        const parts = s.split(':');
        if (parts[0] === 'conv') {
          const [, filters, kernel, stride, padding, activation, groups, pool] = parts;
          return { type: 'conv', filters: Number(filters), kernel: Number(kernel), stride: Number(stride), padding, activation, groups: Number(groups ?? 1), pool: pool ?? 'none' };
        }
        const [units, activation, groups] = parts;
        return { units: Number(units), activation, groups: Number(groups ?? 1) };
      })
    : null;
  const net = networkSchema.safeParse({ layers, shortcut: first(q, 'sc') ?? 'none' });
  // Each training field falls back on its own, so a hand-edited link keeps what it got right.
  const num = (k: string): number | undefined => (first(q, k) === undefined ? undefined : Number(first(q, k)));
  const field = <K extends keyof TrainingSpec>(key: K, value: unknown): TrainingSpec[K] => {
    const r = trainingSchema.shape[key].safeParse(value);
    return r.success ? (r.data as TrainingSpec[K]) : d.training[key];
  };
  const holdout = trainingSchema.shape.holdout.safeParse(num('ho'));
  const tr = {
    optimizer: field('optimizer', first(q, 'opt')),
    learningRate: field('learningRate', num('lr')),
    batchSize: field('batchSize', num('bs')),
    epochs: field('epochs', num('ep')),
    l2: field('l2', num('l2')),
    seed: field('seed', num('seed')),
    ...(first(q, 'loss') === 'mse' ? { loss: 'mse' as const } : {}),
    ...(holdout.success && holdout.data !== undefined ? { holdout: holdout.data } : {}),
  };
  const be = z.enum(BACKEND_CHOICES as [BackendChoice, ...BackendChoice[]]).safeParse(first(q, 'be'));
  return {
    taskId: task.success ? task.data : d.taskId,
    noise: numIn(first(q, 'noise'), 0, 1, d.noise),
    trainSize: Math.round(numIn(first(q, 'n'), 4, 5000, d.trainSize)),
    dataSeed: Math.round(numIn(first(q, 'ds'), 0, 0xffffffff, d.dataSeed)),
    network: layers && net.success ? net.data : d.network,
    training: tr,
    backend: be.success ? be.data : d.backend,
  };
}

/** One layer in the link: `16:tanh:1`, or `conv:8:3:1:same:relu:1:max`. */
function layerToken(l: NetworkSpec['layers'][number]): string {
  if (isConvLayer(l)) return `conv:${l.filters}:${l.kernel}:${l.stride}:${l.padding}:${l.activation}:${l.groups}:${l.pool}`;
  return `${l.units}:${l.activation}:${l.groups}`;
}

/**
 * Writes a practice state as a query string (without the `?`).
 * @example toPracticeQuery(DEFAULT_PRACTICE) // 'task=spiral&noise=0.1&…'
 */
export function toPracticeQuery(s: PracticeState): string {
  const p = new URLSearchParams({
    task: s.taskId,
    noise: String(s.noise),
    n: String(s.trainSize),
    ds: String(s.dataSeed),
    layers: s.network.layers.map(layerToken).join(','),
    sc: s.network.shortcut,
    opt: s.training.optimizer,
    lr: String(s.training.learningRate),
    bs: String(s.training.batchSize),
    ep: String(s.training.epochs),
    l2: String(s.training.l2),
    seed: String(s.training.seed),
    be: s.backend,
  });
  // Only a non-default loss is written, so links made before the choice existed stay the same.
  if (s.training.loss && s.training.loss !== LOSSES[0]) p.set('loss', s.training.loss);
  if (s.training.holdout) p.set('ho', String(s.training.holdout));
  return p.toString();
}
