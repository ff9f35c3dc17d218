import { describe, expect, it } from 'vitest';
import { rememberScores, rememberedScores, scoreKey } from '../../server/verify/score-cache';
import type { RoundSecret } from '../../server/verifier';
import type { NetworkSpec } from '../../game/spec';

const round: RoundSecret = { roundId: 'r1', taskId: 'xor', trainSeed: 1, testSeed: 2, trainSize: 120, noise: 0.1 };
const net: NetworkSpec = { layers: [{ units: 4, activation: 'tanh', groups: 1 }], shortcut: 'none' };
const weights = new Uint8Array(new Float32Array([0.1, -0.2, 0.3, 0.4]).buffer);

describe('the score memo key', () => {
  it('is the same for byte-identical submissions and differs for any change of round, network or byte', () => {
    const key = scoreKey(round, net, weights);
    expect(scoreKey({ ...round }, structuredClone(net), weights.slice())).toBe(key);
    const flipped = weights.slice();
    flipped[0] ^= 1;
    expect(scoreKey(round, net, flipped)).not.toBe(key);
    expect(scoreKey({ ...round, testSeed: 3 }, net, weights)).not.toBe(key);
    expect(scoreKey({ ...round, roundId: 'r2' }, net, weights)).not.toBe(key);
    expect(scoreKey(round, { ...net, shortcut: 'residual' }, weights)).not.toBe(key);
    expect(key).toMatch(/^[0-9a-f]{64}$/);
  });

  it('remembers scores by key', () => {
    const key = scoreKey(round, net, weights);
    expect(rememberedScores(key)).toBeUndefined();
    rememberScores(key, { publicScore: 0.5, privateScore: 0.6, fullScore: 0.57 });
    expect(rememberedScores(key)).toEqual({ publicScore: 0.5, privateScore: 0.6, fullScore: 0.57 });
  });
});
