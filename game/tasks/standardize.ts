/**
 * Feature standardization for the real data sets. Statistics come from the training rows only,
 * computed in float64 in a fixed order (ascending row index, two passes), so the browser, the bot
 * and the server replay compute the same bits: +, −, ×, ÷ and √ are correctly rounded everywhere.
 */

export interface Standardizer {
  /** Per-feature mean of the training rows. */
  mean: Float64Array;
  /** Per-feature population standard deviation; 1 where a feature is constant (no division by 0). */
  std: Float64Array;
}

/**
 * Fits mean and standard deviation per feature over `rows` of a row-major table. Pure.
 * `rows` should be sorted ascending: the summation order is part of the result.
 * @example fitStandardizer(new Float64Array([1, 3]), 1, [0, 1]) // { mean: [2], std: [1] }
 */
export function fitStandardizer(x: Float64Array, inputDim: number, rows: ArrayLike<number>): Standardizer {
  const mean = new Float64Array(inputDim);
  const std = new Float64Array(inputDim);
  const n = rows.length;
  if (n === 0) {
    std.fill(1);
    return { mean, std };
  }
  for (let k = 0; k < n; k++) {
    const base = rows[k] * inputDim;
    for (let j = 0; j < inputDim; j++) mean[j] += x[base + j];
  }
  for (let j = 0; j < inputDim; j++) mean[j] /= n;
  for (let k = 0; k < n; k++) {
    const base = rows[k] * inputDim;
    for (let j = 0; j < inputDim; j++) {
      const d = x[base + j] - mean[j];
      std[j] += d * d;
    }
  }
  for (let j = 0; j < inputDim; j++) {
    const s = Math.sqrt(std[j] / n);
    std[j] = s > 1e-12 ? s : 1;
  }
  return { mean, std };
}

/**
 * Standardizes `rows` of a table into a new float32 row-major array, in the order given. Pure.
 * @example applyStandardizer(table, 4, [3, 7], stats) // Float32Array of 8 values
 */
export function applyStandardizer(
  x: Float64Array,
  inputDim: number,
  rows: ArrayLike<number>,
  stats: Standardizer,
): Float32Array {
  const out = new Float32Array(rows.length * inputDim);
  for (let k = 0; k < rows.length; k++) {
    const base = rows[k] * inputDim;
    for (let j = 0; j < inputDim; j++) {
      out[k * inputDim + j] = (x[base + j] - stats.mean[j]) / stats.std[j];
    }
  }
  return out;
}
