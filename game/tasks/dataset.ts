/**
 * The in-memory shape of a classification data set, shared by tasks, training, evaluation and the
 * server's replay.
 */
import type { ImageShape } from '../spec';

/**
 * A classification data set: row-major features and integer labels.
 * `x` holds `n × inputDim` float32 values (row i is `x[i*inputDim .. (i+1)*inputDim)`), `y` holds
 * `n` labels in `[0, classes)`.
 * @example const d: Dataset = { x: new Float32Array([0, 1]), y: new Int32Array([1]), n: 1, inputDim: 2, classes: 2 };
 */
export interface Dataset {
  x: Float32Array;
  y: Int32Array;
  n: number;
  inputDim: number;
  classes: number;
  /** Image tasks: the picture each row is, row-major [height, width, channels] (what conv layers read). */
  image?: ImageShape;
}

/**
 * Counts the rows of each class. Pure.
 * @example classCounts({ y: new Int32Array([0, 1, 1]), classes: 2 }) // [1, 2]
 */
export function classCounts(data: Pick<Dataset, 'y' | 'classes'>): number[] {
  const counts = new Array<number>(data.classes).fill(0);
  for (let i = 0; i < data.y.length; i++) counts[data.y[i]]++;
  return counts;
}
