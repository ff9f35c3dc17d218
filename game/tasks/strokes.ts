/**
 * `strokes`: a synthetic image task (PROTOCOL.md "Tasks"). Each 12×12×1 picture holds one straight
 * stroke, horizontal (class 0), vertical (1), diagonal `/` (2) or diagonal `\` (3), 3 to 6 pixels
 * long, at a random place, of brightness 0.6–1 on a black background, plus Gaussian noise of
 * standard deviation 0.6·noise on every pixel. Where the stroke lies carries no information, only
 * its orientation does: a small conv net finds the four edge detectors, a dense net of the same
 * budget has to learn every position separately.
 *
 * Drawn from `{ seed, n, noise }` like the 2-D tasks: labels cycle 0..3, every draw goes through
 * game/'s generator in a fixed order (the stroke, then all 144 noise values, drawn even at noise 0
 * so the stream does not depend on it), and every pixel is quantized to a multiple of 2^-16.
 */
import { createRng, quantize, type Rng } from '../rng';
import type { Dataset } from './dataset';
import type { SyntheticParams } from './synthetic';

export const STROKES_SIZE = 12;
export const STROKES_CLASSES = 4;
/** Noise standard deviation per pixel at noise = 1. */
export const STROKES_JITTER = 0.6;
const MIN_LENGTH = 3;
const MAX_LENGTH = 6;

/** Row and column step of each class's stroke: horizontal, vertical, `/` (up and right), `\`. */
const STEPS: readonly (readonly [number, number])[] = [
  [0, 1],
  [1, 0],
  [-1, 1],
  [1, 1],
];

/** Draws one clean picture of class c into `px` (row-major, 144 values, zeroed first). */
function drawStroke(rng: Rng, c: number, px: Float64Array): void {
  px.fill(0);
  const n = STROKES_SIZE;
  const len = MIN_LENGTH + rng.int(MAX_LENGTH - MIN_LENGTH + 1);
  const [dr, dc] = STEPS[c];
  // Start positions that keep the whole stroke inside the picture.
  const rowLo = dr < 0 ? len - 1 : 0;
  const rowHi = dr > 0 ? n - len : n - 1;
  const colHi = dc > 0 ? n - len : n - 1;
  const r0 = rowLo + rng.int(rowHi - rowLo + 1);
  const c0 = rng.int(colHi + 1);
  const bright = rng.uniform(0.6, 1);
  for (let t = 0; t < len; t++) px[(r0 + dr * t) * n + (c0 + dc * t)] = bright;
}

/**
 * Generates `n` stroke pictures. Pure and deterministic; parameters are checked by the caller
 * (`generateSynthetic`).
 * @example generateStrokes({ seed: 1, n: 8, noise: 0.2 }).x.length // 8 × 144
 */
export function generateStrokes(params: SyntheticParams): Dataset {
  const { seed, n, noise } = params;
  const d = STROKES_SIZE * STROKES_SIZE;
  const rng = createRng(seed);
  const sigma = STROKES_JITTER * noise;
  const x = new Float32Array(n * d);
  const y = new Int32Array(n);
  const px = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    const c = i % STROKES_CLASSES;
    drawStroke(rng, c, px);
    for (let k = 0; k < d; k++) x[i * d + k] = quantize(px[k] + sigma * rng.normal());
    y[i] = c;
  }
  return { x, y, n, inputDim: d, classes: STROKES_CLASSES, image: { height: STROKES_SIZE, width: STROKES_SIZE, channels: 1 } };
}
