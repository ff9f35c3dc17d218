/**
 * The three optimizers a player may choose, as tfjs optimizers. Hyperparameters other than the
 * learning rate are fixed so a replay needs nothing but the TrainingSpec.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { TrainingSpec } from './spec';

/** Momentum coefficient of the 'momentum' optimizer (classical, not Nesterov). */
export const MOMENTUM = 0.9;

/**
 * tfjs 4.22's MomentumOptimizer.dispose forgets the learning-rate scalar its SGD base keeps, one
 * leaked tensor per training; this subclass releases it too.
 */
class MomentumOptimizer extends tf.MomentumOptimizer {
  override dispose(): void {
    super.dispose();
    if (!this.c.isDisposed) this.c.dispose();
  }
}

/**
 * Creates the optimizer for a training spec: 'sgd', 'momentum' (0.9) or 'adam' (tfjs defaults:
 * β1 0.9, β2 0.999, ε = the backend's epsilon). Side effects: allocates tfjs state; dispose it.
 * @example const opt = createOptimizer({ optimizer: 'adam', learningRate: 0.01, ... }); opt.dispose();
 */
export function createOptimizer(training: Pick<TrainingSpec, 'optimizer' | 'learningRate'>): tf.Optimizer {
  switch (training.optimizer) {
    case 'sgd':
      return tf.train.sgd(training.learningRate);
    case 'momentum':
      return new MomentumOptimizer(training.learningRate, MOMENTUM);
    case 'adam':
      return tf.train.adam(training.learningRate);
  }
}
