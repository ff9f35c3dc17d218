/**
 * A network in five numbers and words, as the leaderboard and the insights show it.
 */
import type { Activation, NetworkSpec, Shortcut } from './spec';
import { layerWidth } from './spec';

export interface NetworkSummary {
  /** Number of hidden layers. */
  depth: number;
  /** The largest `units` (or conv `filters`) of any hidden layer. */
  width: number;
  /** The activation every layer shares, or `mixed`. */
  activation: Activation | 'mixed';
  shortcut: Shortcut;
  /** The largest `groups` of any hidden layer. */
  groups: number;
}

/**
 * Summarizes a parsed network. Pure.
 * @example summarizeNetwork({ layers: [{ units: 8, activation: 'relu', groups: 2 }, { units: 4, activation: 'relu', groups: 1 }], shortcut: 'none' })
 *   // { depth: 2, width: 8, activation: 'relu', shortcut: 'none', groups: 2 }
 */
export function summarizeNetwork(network: NetworkSpec): NetworkSummary {
  const layers = network.layers;
  const first = layers[0]?.activation;
  return {
    depth: layers.length,
    width: layers.reduce((m, l) => Math.max(m, layerWidth(l)), 0),
    activation: first !== undefined && layers.every((l) => l.activation === first) ? first : 'mixed',
    shortcut: network.shortcut,
    groups: layers.reduce((m, l) => Math.max(m, l.groups ?? 1), 1),
  };
}
