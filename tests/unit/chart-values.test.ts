import { describe, expect, it } from 'vitest';
import { plotValues } from '../../app/components/shared/line-chart';

describe('line chart values', () => {
  it('turns a diverged run’s NaN and ±Infinity into gaps and keeps every finite value and gap', () => {
    const ys = [
      [50.9, Number.POSITIVE_INFINITY, 0.35, null],
      [0.5, Number.NaN, Number.NEGATIVE_INFINITY, 0],
    ];
    expect(plotValues(ys)).toEqual([
      [50.9, null, 0.35, null],
      [0.5, null, null, 0],
    ]);
    // A copy: the caller's history is not changed.
    expect(ys[0][1]).toBe(Number.POSITIVE_INFINITY);
  });
});
