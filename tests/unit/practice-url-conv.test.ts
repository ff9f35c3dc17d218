/**
 * The practice link carries conv layers (`conv:filters:kernel:stride:padding:activation:groups:pool`)
 * and reads them back through the game's schema; a malformed conv token falls back to the default net.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_PRACTICE, parsePracticeQuery, toPracticeQuery, type PracticeState } from '../../app/lib/practice-url';

const state: PracticeState = {
  ...DEFAULT_PRACTICE,
  taskId: 'digits',
  network: {
    layers: [
      { type: 'conv', filters: 8, kernel: 3, stride: 1, padding: 'same', activation: 'relu', groups: 1, pool: 'max' },
      { type: 'conv', filters: 8, kernel: 5, stride: 2, padding: 'valid', activation: 'tanh', groups: 2, pool: 'none' },
      { units: 16, activation: 'relu', groups: 1 },
    ],
    shortcut: 'residual',
  },
};

describe('practice link with conv layers', () => {
  it('round-trips every conv field', () => {
    const q = Object.fromEntries(new URLSearchParams(toPracticeQuery(state)));
    expect(q.layers).toBe('conv:8:3:1:same:relu:1:max,conv:8:5:2:valid:tanh:2:none,16:relu:1');
    expect(parsePracticeQuery(q).network).toEqual(state.network);
  });

  it('falls back to the default network for a conv token the schema rejects', () => {
    expect(parsePracticeQuery({ task: 'digits', layers: 'conv:8:4:1:same:relu:1:max' }).network).toEqual(DEFAULT_PRACTICE.network);
  });
});
