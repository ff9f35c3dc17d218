/**
 * The server's scorer (issue 9: 2,000 distinct submissions in 10 s): the predicted class of every
 * hidden row on tfjs wasm, and the public, private and full accuracy counted in one pass.
 *
 * Why it is not `game/evaluate`: a score needs only the argmax, not the log-probabilities, so it
 * reads back one int32 per row (argMax on the backend) instead of [n × classes] floats; the hidden
 * rows stay on the backend as one kept tensor per test set instead of being uploaded per score;
 * and on ungrouped dense nets tanh, the kernel that was two thirds of a score, is computed as
 * tanh(z) = 2·σ(2z) − 1 inside the fused matMul (wasm's Sigmoid is 3–5× faster than its Tanh,
 * measured in README "Scoring alone"). Doubling the kernel and bias is exact in float32, so σ sees
 * exactly 2z; the result differs from tf.tanh by float32 rounding only, which can move the argmax
 * of a row whose class scores tie to within ~1e-7 (tests/integration/scorer.test.ts counts them).
 *
 * Which path scores a net is a pure function of its spec (`scorePath`), so a submission gets the
 * same score in every worker and process. A net with a grouped layer, or a layer kind this file
 * does not know, takes the generic path: game/model.ts's own forward (whatever layer kinds it
 * knows), with tf.tanh. Shortcuts (residual, highway, projections) are the same ops as model.ts's.
 */
import * as tf from '@tensorflow/tfjs-core';
import { bmm, fusedBmm } from '../../game/kernels';
import { createModel } from '../../game/model';
import type { NetworkSpec, TaskShape } from '../../game/spec';
import type { Dataset } from '../../game/tasks/dataset';

/** 'dense': the fused ungrouped-dense forward below; 'generic': game/model.ts's forward. */
export type ScorePath = 'dense' | 'generic';

export interface Scores {
  publicScore: number;
  privateScore: number;
  fullScore: number;
}

/**
 * The path that scores `network`: 'dense' when every layer is an ungrouped dense layer (any
 * shortcut), else 'generic'. Pure; a layer kind this file does not know (e.g. conv) is generic.
 * @example scorePath({ layers: [{ units: 8, activation: 'tanh', groups: 1 }], shortcut: 'none' }) // 'dense'
 */
export function scorePath(network: NetworkSpec): ScorePath {
  const plain = network.layers.every((l) => {
    const kind = (l as { kind?: unknown }).kind;
    return (kind === undefined || kind === 'dense') && l.groups === 1;
  });
  return plain ? 'dense' : 'generic';
}

// The hidden rows as kept tensors, per data set and backend; disposed when evicted.
const KEPT_INPUTS = 4;
const inputs: { data: Dataset; backend: string; x: tf.Tensor }[] = [];

function inputOf(data: Dataset): tf.Tensor {
  const backend = tf.getBackend();
  const at = inputs.findIndex((e) => e.data === data && e.backend === backend && !e.x.isDisposed);
  if (at >= 0) return inputs[at].x;
  const x = tf.keep(tf.tensor3d(data.x, [1, data.n, data.inputDim]));
  inputs.push({ data, backend, x });
  while (inputs.length > KEPT_INPUTS) inputs.shift()!.x.dispose();
  return x;
}

function denseLogits(model: ReturnType<typeof createModel>, x: tf.Tensor): tf.Tensor {
  const { plan } = model;
  const w = model.views();
  let h = x;
  for (const layer of plan.layers) {
    const kernel = w[layer.kernel];
    const bias = w[layer.bias];
    let f: tf.Tensor;
    if (layer.activation === 'tanh') {
      f = tf.sub(tf.mul(fusedBmm(h, tf.mul(kernel, 2), tf.mul(bias, 2), 'sigmoid'), 2), 1);
    } else if (layer.impl.fused !== undefined) {
      f = fusedBmm(h, kernel, bias, layer.impl.fused);
    } else {
      f = layer.impl.forward(fusedBmm(h, kernel, bias, 'linear')).a;
    }
    // The shortcuts exactly as game/model.ts's layerForward and layerOutput compute them.
    if (layer.shortcut === 'none') {
      h = f;
      continue;
    }
    const skip = layer.projection >= 0 ? bmm(h, w[layer.projection]) : h;
    if (layer.shortcut === 'residual') {
      h = tf.add(f, skip);
      continue;
    }
    const gate = fusedBmm(h, w[layer.gateKernel], w[layer.gateBias], 'sigmoid');
    h = tf.add(skip, tf.mul(gate, tf.sub(f, skip)));
  }
  return fusedBmm(h, w[plan.headKernel], w[plan.headBias], 'linear');
}

/**
 * The predicted class of every row of `data` (first maximum on ties), on the active tfjs backend.
 * Side effects: keeps `data`'s rows on the backend (the last 4 data sets); every other tensor is
 * disposed. Throws ModelInputError when the weights do not fit the network.
 * @example predictClasses(net, task, weights, hidden.test) // Int32Array(10000) [1, 0, …]
 */
export function predictClasses(network: NetworkSpec, task: TaskShape, weights: Float32Array, data: Dataset): Int32Array {
  const model = createModel(network, task, weights);
  try {
    const x = inputOf(data);
    const path = scorePath(network);
    const labels = tf.tidy(() => {
      const logits = path === 'dense' ? denseLogits(model, x) : model.logits(tf.reshape(x, [data.n, data.inputDim]));
      return tf.argMax(tf.reshape(logits, [data.n, task.classes]), 1);
    });
    try {
      return Int32Array.from(labels.dataSync());
    } finally {
      labels.dispose();
    }
  } finally {
    model.dispose();
  }
}

const round4 = (v: number): number => Math.round(v * 10_000) / 10_000;

/**
 * Public (mask 1), private (mask 0) and full accuracy of `predicted` against `data.y`, rounded to
 * 4 decimals, in one pass.
 * @example scoresOf(predictClasses(net, task, w, hidden.test), hidden.test, hidden.publicMask)
 */
export function scoresOf(predicted: Int32Array, data: Dataset, publicMask: Uint8Array): Scores {
  let pub = 0;
  let pubN = 0;
  let priv = 0;
  for (let i = 0; i < data.n; i++) {
    const hit = predicted[i] === data.y[i] ? 1 : 0;
    if (publicMask[i]) {
      pubN++;
      pub += hit;
    } else priv += hit;
  }
  const privN = data.n - pubN;
  return {
    publicScore: round4(pubN ? pub / pubN : 0),
    privateScore: round4(privN ? priv / privN : 0),
    fullScore: round4(data.n ? (pub + priv) / data.n : 0),
  };
}
