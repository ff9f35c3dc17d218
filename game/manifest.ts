/**
 * The canonical order of the flat weight vector (PROTOCOL.md "Network, parameter count, weight
 * order"). This is the only place that lists it; the model builder, the packer, the server's
 * length check and the UI's parameter counter all call `weightManifest` or `paramCount`.
 */
import type { NetworkSpec, TaskShape } from './spec';

export type WeightKind = 'kernel' | 'bias' | 'projection' | 'gateKernel' | 'gateBias' | 'headKernel' | 'headBias';

export interface WeightEntry {
  /** Stable name, e.g. `layer2/kernel`, `head/bias`. */
  name: string;
  kind: WeightKind;
  /** 1-based hidden layer index, or 0 for the head. */
  layer: number;
  shape: number[];
  /** Number of float32 values. */
  size: number;
  /** Offset (in values, not bytes) of this entry in the flat vector. */
  offset: number;
}

/** True when hidden layer i (1-based) has a shortcut from its input. */
export function hasShortcut(network: NetworkSpec, i: number): boolean {
  return i >= 2 && network.shortcut !== 'none';
}

/**
 * Lists every weight array in canonical order with its shape and offset.
 * Pure; no side effects.
 * @example weightManifest({ layers: [{ units: 4, activation: 'relu', groups: 1 }], shortcut: 'none' }, { inputDim: 2, classes: 2 })
 *   // [layer1/kernel [1,2,4], layer1/bias [4], head/kernel [4,2], head/bias [2]]
 */
export function weightManifest(network: NetworkSpec, task: TaskShape): WeightEntry[] {
  const out: WeightEntry[] = [];
  let offset = 0;
  const push = (name: string, kind: WeightKind, layer: number, shape: number[]): void => {
    const size = shape.reduce((a, b) => a * b, 1);
    out.push({ name, kind, layer, shape, size, offset });
    offset += size;
  };
  let prev = task.inputDim;
  network.layers.forEach((layer, idx) => {
    const i = idx + 1;
    const g = layer.groups;
    push(`layer${i}/kernel`, 'kernel', i, [g, prev / g, layer.units / g]);
    push(`layer${i}/bias`, 'bias', i, [layer.units]);
    if (hasShortcut(network, i) && prev !== layer.units) {
      push(`layer${i}/projection`, 'projection', i, [prev, layer.units]);
    }
    if (hasShortcut(network, i) && network.shortcut === 'highway') {
      push(`layer${i}/gate_kernel`, 'gateKernel', i, [prev, layer.units]);
      push(`layer${i}/gate_bias`, 'gateBias', i, [layer.units]);
    }
    prev = layer.units;
  });
  push('head/kernel', 'headKernel', 0, [prev, task.classes]);
  push('head/bias', 'headBias', 0, [task.classes]);
  return out;
}

/**
 * Total number of trainable float32 values; the weight payload is 4 × this many bytes.
 * Assumes groups divide the widths (check with `networkStructureErrors` first).
 * @example paramCount(net16x3Residual, { inputDim: 2, classes: 2 }) // 626
 */
export function paramCount(network: NetworkSpec, task: TaskShape): number {
  return weightManifest(network, task).reduce((a, e) => a + e.size, 0);
}
