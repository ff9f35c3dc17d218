import { describe, expect, it } from 'vitest';
import { forLogAxis, wantsLogScale } from '../../app/lib/loss-scale';

describe('loss chart scale', () => {
  it('turns logarithmic only when the finite positive losses span more than 10×', () => {
    expect(wantsLogScale([0.69, 0.7, 0.71])).toBe(false);
    expect(wantsLogScale([50.9, 1.09, 0.35])).toBe(true);
    expect(wantsLogScale([1, 0.1])).toBe(false);
    expect(wantsLogScale([1, 0.0999])).toBe(true);
    expect(wantsLogScale([0.5, NaN, Infinity, 0, -1])).toBe(false);
    expect(wantsLogScale([])).toBe(false);
  });
  it('leaves gaps where a log axis cannot draw', () => {
    expect(forLogAxis([1, 0, NaN, Infinity, 0.2])).toEqual([1, null, null, null, 0.2]);
  });
});

describe('gradient strip sentence', () => {
  it('writes powers of ten with superscripts', async () => {
    const { powerOfTen } = await import('../../app/components/shared/gradient-strip');
    expect(powerOfTen(-5)).toBe('10⁻⁵');
    expect(powerOfTen(12)).toBe('10¹²');
    expect(powerOfTen(0)).toBe('10⁰');
  });
});
