/**
 * How a replay shares its worker with scores (issue 8: "replays run in slices, so a score never
 * waits behind one"). A replay trains in slices of about `SLICE_MS`; between two slices the worker
 * turns its event loop and scores whatever batch the pool sent it meanwhile, then trains on with
 * its state (weights, optimiser moments, the epoch's order) untouched. The replay's bytes do not
 * change: the scores run on their own tensors between optimiser steps, never inside one.
 *
 * Scoring always runs on tfjs wasm. A replay on wasm (and a webgl one, replayed on wasm) or on the
 * js engine (which never reads tfjs's global backend once started) can host scores; a cpu replay
 * cannot, because switching tfjs's global backend mid-training would move its tensors.
 */
import type { Backend } from '../../game/spec';

/** Longest a replay trains without turning the worker's event loop, ms. */
export const SLICE_MS = 20;

/** Most submissions in one score message to a worker. */
export const MAX_SCORE_BATCH = 16;

/**
 * True when a replay of `backend` can run scores between its slices.
 * @example hostsScores('wasm') // true; hostsScores('cpu') // false
 */
export function hostsScores(backend: Backend): boolean {
  return backend !== 'cpu';
}

/**
 * How many of `waiting` scores one of `lanes` idle workers takes now: an even share, at most
 * `max`, at least one.
 * @example scoreBatchSize(40, 2) // 16; scoreBatchSize(3, 2) // 2
 */
export function scoreBatchSize(waiting: number, lanes: number, max = MAX_SCORE_BATCH): number {
  return Math.max(1, Math.min(max, Math.ceil(waiting / Math.max(1, lanes))));
}
