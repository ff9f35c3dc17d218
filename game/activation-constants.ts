/**
 * Constants of the activations, shared by the tfjs path (activations.ts) and the js engine
 * (engine/activations.ts) so both compute the same functions. No tfjs import: the js engine must
 * load without it.
 */

/** Slope of leaky_relu for negative inputs. */
export const LEAKY_ALPHA = 0.01;
/** SELU constants (Klambauer et al. 2017), as tf.selu uses them. */
export const SELU_SCALE = 1.0507009873554805;
export const SELU_ALPHA = 1.6732632423543772;
