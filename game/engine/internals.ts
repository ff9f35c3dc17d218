/**
 * What the js engine reports about the inside of the net after each epoch, gathered from the
 * training steps themselves (no extra pass over the data). Definitions:
 *
 * - `weightGradNorm` of a layer: the root mean square, over the epoch's optimiser steps, of the
 *   Euclidean norm of the loss gradient with respect to all that layer's weights (kernel, bias,
 *   projection, gate) at that step, l2 term excluded: sqrt(mean_steps ‖dL/dθ_layer‖²).
 * - `signalGradNorm` of a layer: the same RMS of ‖dL/dy‖, the back-propagated gradient arriving at
 *   the layer's output y from above (Frobenius norm over the batch's rows and the layer's units).
 *   This is the signal that enters the layer in the backward pass.
 * - `saturated` (sigmoid and tanh layers; null otherwise): the number of units whose slope
 *   relative to its maximum, f′(z)/max f′ (sigmoid 4a(1 − a), tanh 1 − a²), averaged over the
 *   epoch's training rows, is below SATURATION_SLOPE (0.05): for tanh that is |a| ≳ 0.975 on
 *   average, for sigmoid a outside about [0.013, 0.987].
 * - `dead` (relu and leaky_relu layers; null otherwise): the number of units whose pre-activation
 *   z was ≤ 0 on every training row of the epoch, so relu passed no gradient through them.
 */
import type { Activation } from '../spec';
import { RECTIFIED, SATURATING } from './activations';
import type { UnitTally } from './layer';
import type { EngineNetwork } from './network';
import { sumSqRanges } from './sum-sq';

/** Relative slope under which a saturating unit counts as saturated. */
export const SATURATION_SLOPE = 0.05;

export interface LayerInternals {
  /** 1-based hidden layer index. */
  layer: number;
  activation: Activation;
  units: number;
  weightGradNorm: number;
  signalGradNorm: number;
  saturated: number | null;
  dead: number | null;
}

export interface EpochInternals {
  layers: LayerInternals[];
  /** RMS over steps of ‖dL/dθ_head‖ for the softmax head's kernel and bias. */
  headGradNorm: number;
}

/** Every hidden unit's output over a grid, plus the class probabilities there. */
export interface HiddenGrid {
  res: number;
  /** Per hidden layer, [units × res²]: unit j's outputs over the cells (cell index r·res + c). */
  layers: Float32Array[];
  /** [res² × classes]. */
  probs: Float32Array;
}

/** Accumulates the internals over one epoch; `report` returns them and starts a new epoch. */
export class InternalsMeter {
  private readonly net: EngineNetwork;
  private readonly activations: Activation[];
  private readonly tallies: readonly UnitTally[];
  private readonly weightSq: Float64Array;
  private readonly signalSq: Float64Array;
  /** Per layer, then the head: the [start, end) offsets of its weight entries, flat. */
  private readonly layerRanges: Int32Array[];
  private readonly headRanges: Int32Array;
  private headSq = 0;
  private steps = 0;
  private rows = 0;

  constructor(net: EngineNetwork, activations: Activation[]) {
    this.net = net;
    this.activations = activations;
    const L = net.layers.length;
    this.tallies = net.tallies;
    this.weightSq = new Float64Array(L);
    this.signalSq = new Float64Array(L);
    const ranges = (entries: readonly number[]): Int32Array =>
      Int32Array.from(entries.flatMap((idx) => [net.manifest[idx].offset, net.manifest[idx].offset + net.manifest[idx].size]));
    this.layerRanges = net.layers.map((l) => ranges(l.entries));
    this.headRanges = ranges([net.manifest.length - 2, net.manifest.length - 1]);
  }

  /**
   * Per layer, the unit counters its forward pass adds a training batch to: pass to
   * `EngineNetwork.forward` on the training steps (never on inference), so the counts ride on the
   * activation loop instead of a second pass over the outputs.
   */
  get unitTallies(): readonly UnitTally[] {
    return this.tallies;
  }

  /**
   * Call after each step's backward pass (before the l2 term is added), whose forward pass was
   * given `unitTallies`. The signal norms come from the layers' backward loops (`signalSq`).
   */
  afterStep(rows: number): void {
    const layers = this.net.layers;
    const g = this.net.grad;
    for (let k = 0; k < layers.length; k++) {
      this.weightSq[k] += sumSqRanges(g, this.layerRanges[k]);
      this.signalSq[k] += layers[k].signalSq;
    }
    this.headSq += sumSqRanges(g, this.headRanges);
    this.steps++;
    this.rows += rows;
  }

  /** The epoch's internals; resets the counters. */
  report(): EpochInternals {
    const steps = this.steps > 0 ? this.steps : 1;
    const rows = this.rows > 0 ? this.rows : 1;
    const layers = this.net.layers.map((layer, k): LayerInternals => {
      const act = this.activations[k];
      const t = this.tallies[k];
      let saturated = 0;
      let dead = 0;
      for (let j = 0; j < layer.units; j++) {
        if (t.slope[j] / rows < SATURATION_SLOPE) saturated++;
        if (t.active[j] === 0) dead++;
      }
      t.slope.fill(0);
      t.active.fill(0);
      return {
        layer: layer.index,
        activation: act,
        units: layer.units,
        weightGradNorm: Math.sqrt(this.weightSq[k] / steps),
        signalGradNorm: Math.sqrt(this.signalSq[k] / steps),
        saturated: SATURATING.has(act) ? saturated : null,
        dead: RECTIFIED.has(act) ? dead : null,
      };
    });
    const headGradNorm = Math.sqrt(this.headSq / steps);
    this.weightSq.fill(0);
    this.signalSq.fill(0);
    this.headSq = 0;
    this.steps = 0;
    this.rows = 0;
    return { layers, headGradNorm };
  }
}
