/**
 * Shape inference for conv nets (PROTOCOL.md "Network, parameter count, weight order"): what each
 * layer reads and writes, the one place the output-size formulas live. The manifest, the rules,
 * both engines and the builder's "8×8×1 → 8×8×8 → 4×4×8 → 128 → 10" all call it. Pure.
 *
 *   same:  h' = ceil(h / stride)                       valid: h' = floor((h − kernel) / stride) + 1
 *   pool (2×2, stride 2, valid): h'' = floor(h' / 2)
 *   same padding puts floor(total / 2) zeros before and the rest after, total = max((h' − 1)·s + k − h, 0)
 *   (TensorFlow's rule, which tfjs follows, so both engines read the same pixels).
 */
import type { ConvLayerSpec, ConvPadding, ImageShape, LayerSpec, NetworkSpec, TaskShape } from './spec';
import { isConvLayer } from './spec';
import { GameInputError } from './errors';

/** What a layer reads or writes: a picture [height, width, channels] or a flat vector. */
export type TensorShape =
  | { kind: 'image'; height: number; width: number; channels: number }
  | { kind: 'flat'; width: number };

/** One hidden layer's shapes. For a dense layer `conv` and `output` are the same flat shape. */
export interface LayerShapes {
  /** What the layer reads (a conv output read by a dense layer is shown as the image; it is flattened). */
  input: TensorShape;
  /** Conv layers: the convolution's output before the pool (where the shortcut joins). */
  conv: TensorShape;
  /** The layer's output (after the pool). */
  output: TensorShape;
}

/** Thrown when a network's shapes cannot be inferred (conv on a flat input, a picture shrunk to nothing). */
export class ShapeError extends GameInputError {
  readonly code = 'BAD_SHAPE' as const;
  constructor(
    message: string,
    /** 0-based index of the layer that fails. */
    readonly layer: number,
  ) {
    super(message);
  }
}

/**
 * Output length of a convolution along one axis; 0 or less when the kernel does not fit.
 * @example convOutputSize(8, 3, 2, 'same') // 4; convOutputSize(8, 5, 1, 'valid') // 4
 */
export function convOutputSize(n: number, kernel: number, stride: number, padding: ConvPadding): number {
  return padding === 'same' ? Math.ceil(n / stride) : Math.floor((n - kernel) / stride) + 1;
}

/**
 * Zeros `same` padding puts before the first pixel along one axis (0 for `valid`).
 * @example padBefore(8, 3, 1, 'same') // 1; padBefore(8, 3, 2, 'same') // 0
 */
export function padBefore(n: number, kernel: number, stride: number, padding: ConvPadding): number {
  if (padding === 'valid') return 0;
  const out = convOutputSize(n, kernel, stride, padding);
  return Math.floor(Math.max((out - 1) * stride + kernel - n, 0) / 2);
}

/**
 * Where the 1×1 shortcut paths (projection, highway gate) of a conv layer read: output pixel o
 * reads input pixel o·stride + offset. `same`: offset 0 (a 1×1 `same` conv pads nothing);
 * `valid`: offset (kernel − 1)/2, the centre of the kernel's window, so the path has the
 * convolution's output size.
 * @example shortcutOffset(3, 'valid') // 1
 */
export function shortcutOffset(kernel: number, padding: ConvPadding): number {
  return padding === 'valid' ? (kernel - 1) / 2 : 0;
}

/** The number of values in a shape. @example shapeSize({ kind: 'image', height: 4, width: 4, channels: 8 }) // 128 */
export function shapeSize(s: TensorShape): number {
  return s.kind === 'flat' ? s.width : s.height * s.width * s.channels;
}

/** True when both shapes are the same. */
export function sameShape(a: TensorShape, b: TensorShape): boolean {
  if (a.kind === 'flat' || b.kind === 'flat') return a.kind === b.kind && shapeSize(a) === shapeSize(b);
  return a.height === b.height && a.width === b.width && a.channels === b.channels;
}

/** The input shape of a task: its image, or a flat vector. */
export function inputShape(task: TaskShape): TensorShape {
  const img: ImageShape | undefined = task.image;
  return img ? { kind: 'image', ...img } : { kind: 'flat', width: task.inputDim };
}

/**
 * A conv layer's convolution output and pooled output for an image input, without checking that
 * they are at least 1×1. Pure.
 */
export function convShapes(layer: ConvLayerSpec, input: { height: number; width: number }): { conv: TensorShape; output: TensorShape } {
  const h = convOutputSize(input.height, layer.kernel, layer.stride, layer.padding);
  const w = convOutputSize(input.width, layer.kernel, layer.stride, layer.padding);
  const conv: TensorShape = { kind: 'image', height: h, width: w, channels: layer.filters };
  if (layer.pool === 'none') return { conv, output: conv };
  return { conv, output: { kind: 'image', height: Math.floor(h / 2), width: Math.floor(w / 2), channels: layer.filters } };
}

/**
 * Every hidden layer's input, convolution and output shapes. Throws ShapeError when a conv layer
 * reads a flat input (a non-image task, or after a dense layer) or shrinks the picture below 1×1.
 * Groups are not checked here (rules.ts does). Pure.
 * @example layerShapes(protocolConvExample, TASKS.digits).map((s) => s.output) // [4×4×8, 4×4×8]
 */
export function layerShapes(network: Pick<NetworkSpec, 'layers'>, task: TaskShape): LayerShapes[] {
  let input = inputShape(task);
  return network.layers.map((layer: LayerSpec, i) => {
    if (!isConvLayer(layer)) {
      const output: TensorShape = { kind: 'flat', width: layer.units };
      const s: LayerShapes = { input, conv: output, output };
      input = output;
      return s;
    }
    if (input.kind === 'flat') {
      throw new ShapeError(`Layer ${i + 1} is a conv layer but reads a flat input: conv layers need an image task and come before every dense layer.`, i);
    }
    const { conv, output } = convShapes(layer, input);
    const small = (t: TensorShape): boolean => t.kind === 'image' && (t.height < 1 || t.width < 1);
    if (small(conv) || small(output)) {
      const o = output.kind === 'image' ? `${Math.max(output.height, 0)}×${Math.max(output.width, 0)}` : '0';
      throw new ShapeError(`Layer ${i + 1} would output ${o} pixels: the picture is too small for its kernel, stride, padding or pool.`, i);
    }
    const s: LayerShapes = { input, conv, output };
    input = output;
    return s;
  });
}

/** A shape as the builder writes it: `8×8×1` or `128`. */
export function formatShape(s: TensorShape): string {
  return s.kind === 'flat' ? String(s.width) : `${s.height}×${s.width}×${s.channels}`;
}

/**
 * The shape after every step, as the builder shows it: the input, each conv output (and its pooled
 * output when it pools), the flattened length where dense layers (or the head) take over, each
 * dense layer's width, and the classes. Throws ShapeError as `layerShapes` does. Pure.
 * @example shapeChain({ layers: [{ type: 'conv', filters: 8, kernel: 3, stride: 1, padding: 'same', activation: 'relu', groups: 1, pool: 'max' }], shortcut: 'none' }, TASKS.digits)
 *   // '8×8×1 → 8×8×8 → 4×4×8 → 128 → 10'
 */
export function shapeChain(network: Pick<NetworkSpec, 'layers'>, task: TaskShape): string {
  const shapes = layerShapes(network, task);
  const parts: string[] = [formatShape(inputShape(task))];
  let last = inputShape(task);
  shapes.forEach((s, i) => {
    const layer = network.layers[i];
    if (isConvLayer(layer)) {
      parts.push(formatShape(s.conv));
      if (layer.pool !== 'none') parts.push(formatShape(s.output));
    } else {
      if (last.kind === 'image') parts.push(String(shapeSize(last)));
      parts.push(formatShape(s.output));
    }
    last = s.output;
  });
  if (last.kind === 'image') parts.push(String(shapeSize(last)));
  parts.push(String(task.classes));
  return parts.join(' → ');
}

/**
 * True when hidden layer i (1-based) has a shortcut: layer 2 onward, a shortcut other than `none`,
 * and its input of the same type (conv after conv, dense after dense). Pure.
 */
export function layerHasShortcut(network: Pick<NetworkSpec, 'layers' | 'shortcut'>, i: number): boolean {
  if (i < 2 || network.shortcut === 'none') return false;
  return isConvLayer(network.layers[i - 1]) === isConvLayer(network.layers[i - 2]);
}
