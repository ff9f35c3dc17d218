/**
 * Decision-boundary grids over the 2-D input plane: where the points lie and how a prediction
 * over them is laid out.
 */
import { GameInputError } from './errors';

/** A res × res grid of cell centres covering [xMin, xMax] × [yMin, yMax]. */
export interface GridSpec {
  xMin: number;
  xMax: number;
  yMin: number;
  yMax: number;
  /** Cells per side, 1..400 (100 gives 10,000 points). */
  res: number;
}

/** Class probabilities over a grid. Cell (row r, column c) has index r·res + c; row 0 is at yMin. */
export interface GridPrediction {
  res: number;
  classes: number;
  /** res² × classes probabilities, cell-major. */
  probs: Float32Array;
  /** res² most likely classes. */
  labels: Uint8Array;
}

/** Thrown for a grid that is not a finite, non-empty square of at most 400 cells a side. */
export class GridSpecError extends GameInputError {
  readonly code = 'BAD_GRID' as const;
}

export const MAX_GRID_RES = 400;

/**
 * The grid's cell centres as (x, y) rows, float32. Pure. Throws GridSpecError.
 * @example gridPoints({ xMin: 0, xMax: 2, yMin: 0, yMax: 2, res: 2 }) // [0.5,0.5, 1.5,0.5, 0.5,1.5, 1.5,1.5]
 */
export function gridPoints(grid: GridSpec): Float32Array {
  const { xMin, xMax, yMin, yMax, res } = grid;
  if (!Number.isInteger(res) || res < 1 || res > MAX_GRID_RES) throw new GridSpecError(`res must be 1..${MAX_GRID_RES}`);
  if (![xMin, xMax, yMin, yMax].every(Number.isFinite) || xMax <= xMin || yMax <= yMin) {
    throw new GridSpecError('grid bounds must be finite with min < max');
  }
  const out = new Float32Array(res * res * 2);
  const dx = (xMax - xMin) / res;
  const dy = (yMax - yMin) / res;
  for (let r = 0; r < res; r++) {
    for (let c = 0; c < res; c++) {
      const k = 2 * (r * res + c);
      out[k] = xMin + (c + 0.5) * dx;
      out[k + 1] = yMin + (r + 0.5) * dy;
    }
  }
  return out;
}

/**
 * Most likely class per row of a row-major probability matrix (first index wins a tie). Pure.
 * @example argmaxRows(new Float32Array([0.2, 0.8, 0.6, 0.4]), 2) // Uint8Array [1, 0]
 */
export function argmaxRows(probs: Float32Array, classes: number): Uint8Array {
  const n = probs.length / classes;
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let k = 1; k < classes; k++) if (probs[i * classes + k] > probs[i * classes + best]) best = k;
    out[i] = best;
  }
  return out;
}
