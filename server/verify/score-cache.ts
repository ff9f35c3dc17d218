/**
 * Per-worker memo of scores (issue 9: 2,000 submissions in 10 s). A score is a pure function of the
 * round's data, the network and the weight bytes, and training is deterministic: in a class, every
 * student who keeps a preset's recipe and seed submits byte-identical weights, and each of those
 * costs a full forward pass over the 10,000-point hidden test set (about 1.5–2.5 ms of CPU with
 * scorer.ts, 6–8 ms before it). The memo answers a repeat from the first result; distinct weights are
 * scored as before. Keys are SHA-256 digests, so the memo holds no weights.
 */
import { createHash } from 'node:crypto';
import type { NetworkSpec } from '../../game/spec';
import { LruCache } from '../lru';
import type { RoundSecret, ScoreResult } from './messages';
import { roundKey } from './round-data-cache';

const KEPT = 4096;

export type Scores = Omit<ScoreResult, 'ms'>;

const memo = new LruCache<string, Scores>(KEPT);

/**
 * The memo key of one submission: the round's data parameters, the network and the weight bytes.
 * @example scoreKey(round, network, packed) // '3f9a…' (64 hex digits)
 */
export function scoreKey(round: RoundSecret, network: NetworkSpec, weights: Uint8Array): string {
  return createHash('sha256').update(roundKey(round)).update('\0').update(JSON.stringify(network)).update('\0').update(weights).digest('hex');
}

/** The remembered scores of `key`, if this worker scored the same submission before. */
export function rememberedScores(key: string): Scores | undefined {
  return memo.get(key);
}

/** Remembers the scores of `key` (the least recently used entry goes past 4,096). */
export function rememberScores(key: string, scores: Scores): void {
  memo.set(key, scores);
}
