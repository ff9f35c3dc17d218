/**
 * The 2-D synthetic tasks. Each point is drawn by game/'s seeded generator and every coordinate
 * passes through `quantize`, so the browser, the bot and the server replay see the same bytes even
 * where Math.sin/cos/log differ by an ulp between JS engines.
 *
 * Convention for all tasks: clean points lie in [-1, 1]² (see `PLOT_DOMAIN_2D`). Labels cycle
 * 0, 1, …, classes−1, so classes are exactly balanced (within one point); each generator draws a
 * clean point of the wanted class, then adds Gaussian noise whose scale grows with `noise` ∈ [0, 1].
 */
import type { ImageSyntheticTaskId, SyntheticTaskId } from '../spec';
import { IMAGE_SYNTHETIC_TASK_IDS, SYNTHETIC_TASK_IDS } from '../spec';
import type { Rng } from '../rng';
import { createRng, quantize } from '../rng';
import type { Dataset } from './dataset';
import { GameInputError } from '../errors';
import { generateStrokes } from './strokes';

export interface SyntheticParams {
  /** Any 32-bit integer. */
  seed: number;
  /** Number of points, 1..1,000,000. */
  n: number;
  /** 0 (clean) .. 1 (hard): scales each task's Gaussian jitter. */
  noise: number;
}

/** Thrown for parameters outside their ranges or an id that is not a synthetic task. */
export class SyntheticParamsError extends GameInputError {
  readonly code = 'BAD_SYNTHETIC_PARAMS' as const;
}

const MAX_POINTS = 1_000_000;
const TWO_PI = 2 * Math.PI;

type Point = [number, number];
/** Draws one clean point of class `c` (noise is added by the caller). */
type Generator = (rng: Rng, c: number) => Point;

interface TaskGenerator {
  classes: number;
  /** Standard deviation of the jitter at noise = 1, in coordinate units. */
  jitter: number;
  draw: Generator;
}

/** A point uniform in the annulus r0 ≤ r ≤ r1 (uniform in area, hence the square root). */
function annulus(rng: Rng, r0: number, r1: number): Point {
  const r = Math.sqrt(rng.uniform(r0 * r0, r1 * r1));
  const a = rng.uniform(0, TWO_PI);
  return [r * Math.cos(a), r * Math.sin(a)];
}

/** A point on arm `c` of a two-armed Archimedean spiral with `turns` turns, uniform along the arm. */
function spiralArm(rng: Rng, c: number, turns: number, start: number): Point {
  // Arc length grows roughly with t², so t = √u spreads points evenly along the arm.
  const t = start + (1 - start) * Math.sqrt(rng.next());
  const a = t * turns * TWO_PI + c * Math.PI;
  return [t * Math.cos(a), t * Math.sin(a)];
}

const GENERATORS: Record<SyntheticTaskId, TaskGenerator> = {
  xor: {
    classes: 2,
    jitter: 0.35,
    draw: (rng, c) => {
      // Keep a small margin around the axes so the clean task is separable.
      const ax = rng.uniform(0.05, 1);
      const ay = rng.uniform(0.05, 1);
      const sx = rng.next() < 0.5 ? -1 : 1;
      const sy = c === 0 ? sx : -sx;
      return [sx * ax, sy * ay];
    },
  },
  circle: {
    classes: 2,
    jitter: 0.25,
    draw: (rng, c) => (c === 0 ? annulus(rng, 0, 0.5) : annulus(rng, 0.7, 1)),
  },
  gauss: {
    classes: 2,
    jitter: 0.35,
    draw: (rng, c) => {
      const m = c === 0 ? 0.45 : -0.45;
      return [m + 0.15 * rng.normal(), m + 0.15 * rng.normal()];
    },
  },
  spiral: {
    classes: 2,
    jitter: 0.12,
    draw: (rng, c) => spiralArm(rng, c, 1.75, 0.05),
  },
  'spiral-hard': {
    classes: 2,
    // Arms are 1/6 apart; even full noise leaves the gaps thin but visible.
    jitter: 0.035,
    draw: (rng, c) => spiralArm(rng, c, 3, 0.03),
  },
  moons: {
    classes: 2,
    jitter: 0.2,
    draw: (rng, c) => {
      // scikit-learn's moons ([-1, 2] × [-0.5, 1]) mapped onto [-1, 1] × [-0.5, 0.5].
      const a = rng.uniform(0, Math.PI);
      const x = c === 0 ? Math.cos(a) : 1 - Math.cos(a);
      const y = c === 0 ? Math.sin(a) : 0.5 - Math.sin(a);
      return [(x - 0.5) / 1.5, (y - 0.25) / 1.5];
    },
  },
  checkerboard: {
    classes: 2,
    jitter: 0.15,
    draw: (rng, c) => {
      // Pick a square of the wanted colour, then a point inside it: no rejection loop needed.
      const k = rng.int(8);
      const row = Math.floor(k / 2);
      const col = 2 * (k % 2) + ((row + c) % 2);
      return [-1 + 0.5 * col + 0.5 * rng.next(), -1 + 0.5 * row + 0.5 * rng.next()];
    },
  },
  rings: {
    classes: 3,
    jitter: 0.15,
    draw: (rng, c) => {
      const bands: Point[] = [
        [0, 0.3],
        [0.45, 0.65],
        [0.8, 1],
      ];
      const [r0, r1] = bands[c];
      return annulus(rng, r0, r1);
    },
  },
};

/** True for the ids of the 2-D synthetic tasks. */
export function isSyntheticTask(id: string): id is SyntheticTaskId {
  return (SYNTHETIC_TASK_IDS as readonly string[]).includes(id);
}

/** True for the ids of the synthetic image tasks (`strokes`). */
export function isImageSyntheticTask(id: string): id is ImageSyntheticTaskId {
  return (IMAGE_SYNTHETIC_TASK_IDS as readonly string[]).includes(id);
}

/**
 * Generates `n` points of a synthetic task (or `n` pictures of `strokes`, game/tasks/strokes.ts). Pure and deterministic: the same id and parameters
 * give the same bytes on every JS engine. Coordinates are multiples of 2^-16.
 * Throws `SyntheticParamsError` for an unknown id, a non-integer or out-of-range `n`, or noise
 * outside [0, 1].
 * @example const d = generateSynthetic('xor', { seed: 7, n: 200, noise: 0.1 }); // d.x.length === 400
 */
export function generateSynthetic(id: string, params: SyntheticParams): Dataset {
  if (!isSyntheticTask(id) && !isImageSyntheticTask(id)) throw new SyntheticParamsError(`"${id}" is not a synthetic task.`);
  const { seed, n, noise } = params;
  if (!Number.isInteger(n) || n < 1 || n > MAX_POINTS) {
    throw new SyntheticParamsError(`The number of points must be an integer from 1 to ${MAX_POINTS} (got ${n}).`);
  }
  if (!Number.isFinite(noise) || noise < 0 || noise > 1) {
    throw new SyntheticParamsError(`Noise must lie between 0 and 1 (got ${noise}).`);
  }
  if (!Number.isFinite(seed)) throw new SyntheticParamsError(`The seed must be a finite integer (got ${seed}).`);
  if (isImageSyntheticTask(id)) return generateStrokes(params);
  const gen = GENERATORS[id];
  const rng = createRng(seed);
  const sigma = gen.jitter * noise;
  const x = new Float32Array(n * 2);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = i % gen.classes;
    const [px, py] = gen.draw(rng, c);
    // Always draw the jitter, even at noise 0, so the stream of draws does not depend on noise.
    const jx = rng.normal();
    const jy = rng.normal();
    x[2 * i] = quantize(px + sigma * jx);
    x[2 * i + 1] = quantize(py + sigma * jy);
    y[i] = c;
  }
  return { x, y, n, inputDim: 2, classes: gen.classes };
}
