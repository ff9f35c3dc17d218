import { describe, expect, it } from 'vitest';
import { clipRace } from '../../app/lib/race-clip';

describe('race chart outliers', () => {
  it('cuts a diverging curve at twice a typical peak and marks it, leaving the others as they are', () => {
    const r = clipRace([
      [0.7, 0.5, 0.3],
      [0.69, 0.6, null],
      [3, 900, Number.POSITIVE_INFINITY],
    ]);
    expect(r.ceiling).toBeCloseTo(1.4, 12);
    expect(r.clipped).toEqual([false, false, true]);
    expect(r.rows[0]).toEqual([0.7, 0.5, 0.3]);
    expect(r.rows[1]).toEqual([0.69, 0.6, null]);
    expect(r.rows[2]).toEqual([1.4, 1.4, 1.4]);
  });

  it('keeps ordinary high first epochs (everyone starts near ln 10) and a lone curve unclipped', () => {
    const digits = clipRace([
      [2.3, 0.4, 0.2],
      [2.2, 0.9, 0.5],
      [2.4, 1.1, 0.8],
    ]);
    expect(digits.ceiling).toBeNull();
    expect(digits.clipped).toEqual([false, false, false]);
    expect(clipRace([[0.7, 5000]]).ceiling).toBeNull();
    expect(clipRace([]).rows).toEqual([]);
  });

  it('with two curves, the lower one sets the ceiling (a diverging half cannot hide the other)', () => {
    const r = clipRace([
      [0.8, 0.4],
      [50, 5000],
    ]);
    expect(r.ceiling).toBeCloseTo(1.6, 12);
    expect(r.clipped).toEqual([false, true]);
  });
});
