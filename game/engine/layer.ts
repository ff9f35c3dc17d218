/**
 * What every layer kind of the js engine provides. A network is a list of these followed by the
 * softmax head; the trainer never looks inside one. A new kind (conv, issue 12) implements this
 * interface, claims its entries of the weight manifest, and nothing else changes (conv-layer.ts).
 *
 * Buffers are row-major [rows × width] Float64Arrays allocated once for `capacity` rows; `forward`
 * and `backward` fill them for the first `rows` rows and allocate nothing.
 */

/** Per-unit counters of one layer over an epoch (see `internals.ts` for the definitions). */
export interface UnitTally {
  /** Σ over rows of the unit's derivative relative to its maximum, f′(z)/max f′ (saturating kinds). */
  slope: Float64Array;
  /** Number of rows where the unit's pre-activation was > 0 (rectified kinds). */
  active: Float64Array;
}

export interface EngineLayer {
  readonly kind: 'dense' | 'conv';
  /** 1-based hidden layer index. */
  readonly index: number;
  /** Units of a dense layer, filters of a conv layer: what the per-unit counters count. */
  readonly units: number;
  readonly inputWidth: number;
  readonly outputWidth: number;
  /** The layer's output y, [capacity × outputWidth]. */
  readonly out: Float64Array;
  /** The unit outputs before any shortcut (what a per-neuron picture shows), [capacity × outputWidth]. */
  readonly unitOut: Float64Array;
  /** dL/dy, [capacity × outputWidth]: written by the layer above (or the head) before `backward`. */
  readonly dOut: Float64Array;
  /** Manifest entries (indices) this layer owns, for its gradient norm. */
  readonly entries: readonly number[];
  /**
   * Σ dOut[i]² over the last `backward`'s rows (sum-sq.ts order): the squared norm of the signal
   * arriving from above, taken in the loop that reads it.
   */
  readonly signalSq: number;
  /**
   * Runs the layer on `rows` rows of `input` ([rows × inputWidth]) with weights `w`; on a training
   * step, also adds the batch to the unit counters `tally` (null: inference, counts nothing).
   */
  forward(input: Float64Array, rows: number, w: Float64Array, tally: UnitTally | null): void;
  /**
   * From `dOut`, writes this layer's weight gradients into `grad` (its own offsets, overwritten)
   * and, when `dInput` is given, dL/d(input) into it (overwritten).
   */
  backward(input: Float64Array, rows: number, w: Float64Array, grad: Float64Array, dInput: Float64Array | null): void;
}
