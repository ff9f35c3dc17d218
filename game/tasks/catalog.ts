/**
 * The catalogue of tasks: static facts the UI, the server and the trainer need about each task
 * (shape, class names, where a real data set lives, the plotting domain of 2-D tasks).
 */
import type { ImageShape, TaskId, TaskShape } from '../spec';
import { TASK_IDS } from '../spec';
import { GameInputError } from '../errors';

/**
 * The square every 2-D synthetic task is drawn in, in feature units. All 2-D tasks share one
 * convention: clean points lie in [-1, 1]², noise may push a few slightly beyond, so the UI plots
 * decision boundaries over this slightly larger square.
 */
export const PLOT_DOMAIN_2D = { xMin: -1.5, xMax: 1.5, yMin: -1.5, yMax: 1.5 } as const;

export interface PlotDomain {
  xMin: number;
  xMax: number;
  yMin: number;
  yMax: number;
}

export interface TaskInfo {
  id: TaskId;
  kind: 'synthetic' | 'real';
  inputDim: number;
  classes: number;
  classNames: string[];
  title: string;
  description: string;
  /** Real data only: file name under game/tasks/data (served as /datasets/<file>). */
  datasetFile?: string;
  /** Real data only: number of rows in the file. */
  rows?: number;
  /** 2-D tasks only: the square to draw the decision boundary over. */
  domain?: PlotDomain;
  /** Image tasks only (`digits`, `strokes`): each row is this picture, row-major [height, width, channels]. */
  image?: ImageShape;
}

const synthetic = (
  id: TaskId,
  title: string,
  description: string,
  classes = 2,
): TaskInfo => ({
  id,
  kind: 'synthetic',
  inputDim: 2,
  classes,
  classNames: Array.from({ length: classes }, (_, i) => `class ${i}`),
  title,
  description,
  domain: { ...PLOT_DOMAIN_2D },
});

/**
 * Every task by id.
 * @example TASKS.iris.classes // 3
 */
export const TASKS: Record<TaskId, TaskInfo> = {
  xor: synthetic('xor', 'XOR', 'Opposite quadrants share a class: no single straight line separates them.'),
  circle: synthetic('circle', 'Circle', 'A disc inside a ring.'),
  gauss: synthetic('gauss', 'Two Gaussians', 'Two overlapping blobs; noise widens them.'),
  spiral: synthetic('spiral', 'Spiral', 'Two interleaved spiral arms, about 1.75 turns each.'),
  'spiral-hard': synthetic(
    'spiral-hard',
    'Hard spiral',
    'Two spiral arms of three turns each with thin gaps between them.',
  ),
  moons: synthetic('moons', 'Two moons', 'Two interleaving half circles.'),
  checkerboard: synthetic('checkerboard', 'Checkerboard', 'A 4 × 4 board of alternating squares.'),
  rings: synthetic('rings', 'Rings', 'A disc and two concentric rings: three classes.', 3),
  digits: {
    id: 'digits',
    kind: 'real',
    inputDim: 64,
    classes: 10,
    classNames: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
    title: 'Digits',
    description: 'Handwritten digits as 8 × 8 images of pixel counts (UCI, 1,797 rows).',
    datasetFile: 'digits.csv.gz',
    rows: 1797,
    image: { height: 8, width: 8, channels: 1 },
  },
  iris: {
    id: 'iris',
    kind: 'real',
    inputDim: 4,
    classes: 3,
    classNames: ['setosa', 'versicolor', 'virginica'],
    title: 'Iris',
    description: "Fisher's iris flowers: four measurements, three species (150 rows).",
    datasetFile: 'iris.csv',
    rows: 150,
  },
  wine: {
    id: 'wine',
    kind: 'real',
    inputDim: 13,
    classes: 3,
    classNames: ['class_0', 'class_1', 'class_2'],
    title: 'Wine',
    description: 'Chemical analysis of wines from three cultivars (178 rows).',
    datasetFile: 'wine_data.csv',
    rows: 178,
  },
  'breast-cancer': {
    id: 'breast-cancer',
    kind: 'real',
    inputDim: 30,
    classes: 2,
    classNames: ['malignant', 'benign'],
    title: 'Breast cancer',
    description: 'Wisconsin diagnostic breast cancer: 30 features of cell nuclei (569 rows).',
    datasetFile: 'breast_cancer.csv',
    rows: 569,
  },
  strokes: {
    id: 'strokes',
    kind: 'synthetic',
    inputDim: 144,
    classes: 4,
    classNames: ['horizontal', 'vertical', 'diagonal /', 'diagonal \\'],
    title: 'Strokes',
    description: 'A 12 × 12 picture of one short stroke at a random place: horizontal, vertical, / or \\. Only its direction counts.',
    image: { height: 12, width: 12, channels: 1 },
  },
};

/**
 * What shapes depend on for a task: its width, its classes and, for image tasks, its picture.
 * @example taskShape('digits') // { inputDim: 64, classes: 10, image: { height: 8, width: 8, channels: 1 } }
 */
export function taskShape(id: TaskId): TaskShape {
  const t = TASKS[id];
  return t.image ? { inputDim: t.inputDim, classes: t.classes, image: { ...t.image } } : { inputDim: t.inputDim, classes: t.classes };
}

/** True for tasks whose rows are pictures (conv layers allowed). @example isImageTask('digits') // true */
export function isImageTask(id: TaskId): boolean {
  return TASKS[id].image !== undefined;
}

/** Thrown for a task id outside the catalogue. */
export class UnknownTaskError extends GameInputError {
  readonly code = 'UNKNOWN_TASK' as const;
  constructor(readonly taskId: string) {
    super(`Unknown task "${taskId}": expected one of ${TASK_IDS.join(', ')}.`);
  }
}

/**
 * Looks up a task; throws `UnknownTaskError` for an unknown id.
 * @example taskInfo('xor').inputDim // 2
 */
export function taskInfo(id: string): TaskInfo {
  if (!Object.prototype.hasOwnProperty.call(TASKS, id)) throw new UnknownTaskError(id);
  return TASKS[id as TaskId];
}
