/**
 * The canonical order of the flat weight vector (PROTOCOL.md "Network, parameter count, weight
 * order"). This is the only place that lists it; the model builder, the packer, the server's
 * length check and the UI's parameter counter all call `weightManifest` or `paramCount`.
 */
import { layerHasShortcut, layerShapes, sameShape } from './conv-shape';
import type { NetworkSpec, TaskShape } from './spec';
import { isConvLayer } from './spec';

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

/**
 * True when hidden layer i (1-based) has a shortcut from its input: layer 2 onward, and its input
 * is a layer of the same type (conv after conv, dense after dense; PROTOCOL.md).
 */
export function hasShortcut(network: NetworkSpec, i: number): boolean {
  return layerHasShortcut(network, i);
}

/**
 * Lists every weight array in canonical order with its shape and offset. A conv layer's kernel is
 * [g, k, k, c/g, f/g], its projection and highway gate kernel [c, f] (1×1 convolutions); the head
 * reads a conv output flattened in [h, w, c] order. Pure; throws ShapeError (conv-shape.ts) for a
 * conv layer on a flat input or a picture shrunk below 1×1.
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
  // Shapes first: a conv layer's kernel and its shortcut depend on the picture it reads.
  const shapes = layerShapes(network, task);
  let prev = task.inputDim;
  network.layers.forEach((layer, idx) => {
    const i = idx + 1;
    const g = layer.groups;
    if (isConvLayer(layer)) {
      const { input, conv } = shapes[idx];
      const c = input.kind === 'image' ? input.channels : 0;
      const f = layer.filters;
      const k = layer.kernel;
      push(`layer${i}/kernel`, 'kernel', i, [g, k, k, c / g, f / g]);
      push(`layer${i}/bias`, 'bias', i, [f]);
      if (hasShortcut(network, i) && !sameShape(input, conv)) push(`layer${i}/projection`, 'projection', i, [c, f]);
      if (hasShortcut(network, i) && network.shortcut === 'highway') {
        push(`layer${i}/gate_kernel`, 'gateKernel', i, [c, f]);
        push(`layer${i}/gate_bias`, 'gateBias', i, [f]);
      }
      const out = shapes[idx].output;
      prev = out.kind === 'image' ? out.height * out.width * out.channels : out.width;
      return;
    }
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
