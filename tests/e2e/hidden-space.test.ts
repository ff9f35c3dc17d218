/**
 * The hidden space on /practice (issue 11): the training points as the last hidden layer sees
 * them, with the head's straight decision line. On XOR with one layer of 2 units the hidden layer
 * bends the data until that line separates it; a wider layer is shown through PCA.
 */
import { describe, expect, it } from 'vitest';
import { arenaDuringSuite, screenshot, trackErrors, trainAndWait } from './harness';

const arena = arenaDuringSuite();

describe('hidden space', () => {
  it('XOR on 1×2: the points as the 2 hidden units see them, split by the head’s straight line', async () => {
    const page = await arena.newPage({ viewport: { width: 1400, height: 1000 } });
    const errors = trackErrors(page);
    await page.goto(`${arena.url}/practice?task=xor&n=200&noise=0&ds=3&layers=2:tanh:1&sc=none&opt=adam&lr=0.1&bs=16&ep=100&l2=0&seed=1&be=js`);
    expect(await trainAndWait(page)).toBe('done');
    const view = page.getByTestId('hidden-space');
    await expect.poll(() => view.getAttribute('data-epoch')).toBe('100');
    expect(await view.getAttribute('data-method')).toBe('direct');
    expect(await view.getAttribute('data-dim')).toBe('2');
    expect(await view.getAttribute('data-n')).toBe('200');
    expect(await view.getAttribute('data-line')).toBe('1');
    // The same recipe in the unit test reaches 93.5% training accuracy; the line must agree.
    expect(Number(await view.getAttribute('data-separated'))).toBeGreaterThan(0.9);
    expect(await page.getByTestId('hidden-sentence').textContent()).toMatch(/^One straight line puts 9\d\.\d\d% of the points/);
    // The canvas carries the picture: region shading, class-coloured points and the white line.
    const colours = await page.getByTestId('hidden-canvas').evaluate((c) => {
      const cv = c as HTMLCanvasElement;
      const d = cv.getContext('2d')?.getImageData(0, 0, cv.width, cv.height).data ?? new Uint8ClampedArray();
      let white = 0;
      const seen = new Set<number>();
      for (let i = 0; i < d.length; i += 4) {
        if (d[i] > 200 && d[i + 1] > 200 && d[i + 2] > 200) white++;
        seen.add((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]);
      }
      return { white, distinct: seen.size };
    });
    await screenshot(page, 'teaching-hidden-space-xor');

    // "Discretize output": on, the boundary is flat class regions; off, it fades where the net is unsure.
    const boundary = page.getByTestId('boundary');
    const shades = (): Promise<number> =>
      boundary.evaluate((c) => {
        const cv = c as HTMLCanvasElement;
        const d = cv.getContext('2d')?.getImageData(0, 0, cv.width, cv.height).data ?? new Uint8ClampedArray();
        const seen = new Set<number>();
        for (let i = 0; i < d.length; i += 4) seen.add((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]);
        return seen.size;
      });
    expect(await page.getByTestId('discretize').isChecked()).toBe(true);
    expect(await boundary.getAttribute('data-discrete')).toBe('1');
    const flat = await shades();
    await page.getByTestId('discretize').uncheck();
    await expect.poll(() => boundary.getAttribute('data-discrete')).toBe('0');
    expect(await shades()).toBeGreaterThan(flat + 20);
    expect(colours.white).toBeGreaterThan(60);
    expect(colours.distinct).toBeGreaterThan(4);

    // A wider last layer (8 units) is shown through its two principal directions.
    await page.goto(`${arena.url}/practice?task=xor&n=200&noise=0&ds=3&layers=8:relu:1&sc=none&opt=adam&lr=0.03&bs=16&ep=20&l2=0&seed=1&be=js`);
    expect(await trainAndWait(page)).toBe('done');
    await expect.poll(() => view.getAttribute('data-epoch')).toBe('20');
    expect(await view.getAttribute('data-method')).toBe('pca');
    expect(await view.getAttribute('data-dim')).toBe('8');
    expect(await view.locator('p.hint').first().textContent()).toMatch(/PCA, \d+\.\d\d% of the spread/);
    expect(errors).toEqual([]);
  });
});
