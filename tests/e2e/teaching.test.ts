/**
 * The teaching views on /practice (issue 11), from the js engine's internals: the gradient-flow
 * strip shows the vanishing gradient of a deep sigmoid net and its cure by a residual shortcut.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { arenaDuringSuite, screenshot, trackErrors, trainAndWait } from './harness';

const arena = arenaDuringSuite();

const deep = (act: string, n: number, units: number) => Array.from({ length: n }, () => `${units}:${act}:1`).join(',');

/** The latest epoch's weight-gradient norm per layer, read from the strip's rows. */
async function gradRows(page: Page): Promise<{ layer: number; grad: number; saturated: string | null }[]> {
  return page.getByTestId('grad-row').evaluateAll((rows) =>
    rows.map((r) => ({ layer: Number(r.getAttribute('data-layer')), grad: Number(r.getAttribute('data-grad')), saturated: r.getAttribute('data-saturated') })),
  );
}

describe('teaching views', () => {
  it('the gradient strip shows the gradient vanishing through 8 sigmoid layers and reaching layer 1 with residual', async () => {
    const page = await arena.newPage({ viewport: { width: 1400, height: 1000 } });
    const errors = trackErrors(page);
    // Records the main thread's long tasks (≥ 50 ms) while the strip updates, for the report.
    await page.addInitScript(() => {
      const w = window as unknown as { longTasks: number[][] };
      w.longTasks = [];
      new PerformanceObserver((list) => list.getEntries().forEach((e) => w.longTasks.push([e.startTime, e.duration]))).observe({ type: 'longtask', buffered: true });
    });
    const base = `task=circle&n=300&noise=0.1&ds=1&layers=${deep('sigmoid', 8, 8)}&opt=adam&lr=0.03&bs=16&ep=10&l2=0&seed=1&be=js`;

    await page.goto(`${arena.url}/practice?${base}&sc=none`);
    expect(await trainAndWait(page)).toBe('done');
    const strip = page.getByTestId('gradient-strip');
    await expect.poll(() => strip.getAttribute('data-epochs')).toBe('10');
    expect(await strip.getAttribute('data-layers')).toBe('8');
    const plain = await gradRows(page);
    expect(plain.map((r) => r.layer)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(plain.every((r) => r.saturated !== null)).toBe(true);
    expect(plain[7].grad / plain[0].grad).toBeGreaterThanOrEqual(100);
    const sentence = page.getByTestId('grad-sentence');
    expect(Number(await sentence.getAttribute('data-ratio'))).toBeLessThanOrEqual(0.01);
    expect(await sentence.textContent()).toMatch(/^Layer 1 receives 10⁻[⁰¹²³⁴⁵⁶⁷⁸⁹]+ of the gradient that layer 8 receives\.$/);
    // Stuck at ln 2: a linear axis, not a log one (the range is far below 10×).
    expect(await page.getByTestId('curves').getAttribute('data-scale')).toBe('linear');
    await screenshot(page, 'teaching-gradient-vanishing');

    await page.goto(`${arena.url}/practice?${base}&sc=residual`);
    await page.getByTestId('network-builder').waitFor();
    const clicked = await page.evaluate(() => performance.now());
    expect(await trainAndWait(page)).toBe('done');
    await expect.poll(() => strip.getAttribute('data-epochs')).toBe('10');
    const res = await gradRows(page);
    expect(res).toHaveLength(8);
    expect(res[7].grad / res[0].grad).toBeLessThan(10);
    await screenshot(page, 'teaching-gradient-residual');
    const longTasks = await page.evaluate(() => (window as unknown as { longTasks: number[][] }).longTasks);
    const load = longTasks.filter(([at]) => at < clicked).map(([, d]) => Math.round(d));
    const training = longTasks.filter(([at]) => at >= clicked).map(([, d]) => Math.round(d));
    console.log(`main-thread long tasks (ms): page load ${JSON.stringify(load)}, training ${JSON.stringify(training)}`);
    expect(errors).toEqual([]);
  });

  it('a diverged run gets a log-scale loss axis with titles', async () => {
    const page = await arena.newPage({ viewport: { width: 1400, height: 1000 } });
    const errors = trackErrors(page);
    await page.goto(`${arena.url}/practice?task=circle&n=300&noise=0.1&ds=1&layers=${deep('relu', 6, 32)}&sc=residual&opt=adam&lr=1&bs=16&ep=15&l2=0&seed=1&be=js`);
    expect(await trainAndWait(page)).toBe('done');
    const curves = page.getByTestId('curves');
    await expect.poll(() => curves.getAttribute('data-points')).toBe('15');
    await expect.poll(() => curves.getAttribute('data-scale')).toBe('log');
    // uPlot draws axis titles on its canvas; the chart states them on the DOM too.
    expect(await curves.getAttribute('data-y-label')).toBe('loss (log scale)');
    expect(await curves.getAttribute('data-right-label')).toBe('accuracy');
    // The legend shows the last epoch's values without a hover (a phone never hovers).
    // (circle is synthetic: its fresh validation sample adds two dashed series.)
    await expect.poll(() => curves.locator('.u-legend .u-value').allTextContents()).toEqual(['15', ...Array(4).fill(expect.stringMatching(/^\d/))]);
    await screenshot(page, 'teaching-log-loss');
    // 简体中文: the sentence, the axis title and the loss hint follow the language.
    await page.getByTestId('lang-switch').selectOption('zh-CN');
    await expect.poll(() => curves.getAttribute('data-y-label')).toBe('损失（对数刻度）');
    expect(await page.getByTestId('grad-sentence').textContent()).toMatch(/^第 1 层收到的梯度/);
    expect(await page.getByTestId('loss-hint').textContent()).toBe('单元饱和时，交叉熵仍能继续学习，而平方误差会停滞。');
    await screenshot(page, 'teaching-zh-CN');
    expect(errors).toEqual([]);
  });

  it('offers the loss choice with its hint, and an mse run trains on a squared-error loss', async () => {
    const page = await arena.newPage({ viewport: { width: 1400, height: 1000 } });
    const errors = trackErrors(page);
    await page.goto(`${arena.url}/practice?task=xor&n=200&noise=0.1&ds=1&layers=8:tanh:1,8:tanh:1&sc=none&opt=adam&lr=0.03&bs=16&ep=20&l2=0&seed=2&be=js`);
    const select = page.getByTestId('loss');
    expect(await select.inputValue()).toBe('cross_entropy');
    expect(await select.locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value))).toEqual(['cross_entropy', 'mse']);
    expect(await page.getByTestId('loss-hint').textContent()).toBe('With saturating units, cross-entropy keeps learning where squared error stalls.');
    expect(await trainAndWait(page)).toBe('done');
    const crossEntropy = await page.getByTestId('train-status').textContent();

    // Per-neuron pictures: one per hidden unit (2 layers × 8), each a real picture of the plane.
    const neurons = page.getByTestId('neurons');
    expect(await neurons.getAttribute('data-count')).toBe('16');
    const pics = page.getByTestId('neuron');
    expect(await pics.count()).toBe(16);
    expect(await pics.evaluateAll((cs) => cs.map((c) => c.getAttribute('data-layer')))).toEqual([...Array(8).fill('1'), ...Array(8).fill('2')]);
    const distinct = await pics.first().evaluate((c) => {
      const cv = c as HTMLCanvasElement;
      const d = cv.getContext('2d')?.getImageData(0, 0, cv.width, cv.height).data ?? new Uint8ClampedArray();
      const seen = new Set<number>();
      for (let i = 0; i < d.length; i += 4) seen.add((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]);
      return seen.size;
    });
    expect(distinct).toBeGreaterThan(10);
    await pics.nth(9).click();
    const big = page.getByTestId('neuron-enlarged');
    expect(await big.getAttribute('data-layer')).toBe('2');
    expect(await big.getAttribute('data-unit')).toBe('1');
    await screenshot(page, 'teaching-neurons');

    // The diagram draws the trained links by |w| (thickness) and sign (colour): 2·8 + 8·8 + 8·2 links.
    const diagram = page.getByTestId('network-diagram');
    await expect.poll(() => diagram.getAttribute('data-weighted')).toBe('1');
    const links = await diagram.locator('line[data-w]').evaluateAll((ls) => ls.map((l) => ({ w: Number(l.getAttribute('data-w')), width: Number(l.getAttribute('stroke-width')), stroke: l.getAttribute('stroke') })));
    expect(links).toHaveLength(96);
    expect(links.some((l) => l.w > 0) && links.some((l) => l.w < 0)).toBe(true);
    expect(new Set(links.filter((l) => l.w > 0).map((l) => l.stroke))).toEqual(new Set(['#ff9f43']));
    expect(new Set(links.filter((l) => l.w < 0).map((l) => l.stroke))).toEqual(new Set(['#3ec5ff']));
    const heaviest = links.reduce((m, l) => (Math.abs(l.w) > Math.abs(m.w) ? l : m));
    const lightest = links.reduce((m, l) => (Math.abs(l.w) < Math.abs(m.w) ? l : m));
    expect(heaviest.width).toBeGreaterThan(lightest.width * 2);

    await select.selectOption('mse');
    await expect.poll(() => page.url()).toContain('loss=mse');
    expect(await trainAndWait(page)).toBe('done');
    const status = page.getByTestId('train-status');
    await expect.poll(() => status.getAttribute('data-steps')).toBe(String(20 * Math.ceil(200 / 16)));
    const mse = (await status.textContent()) ?? '';
    // Same net, data and seed: only the loss differs, so the reported loss must too.
    expect(mse).not.toBe(crossEntropy);
    const acc = Number(/accuracy ([\d.]+)%/.exec(mse)?.[1]);
    expect(acc).toBeGreaterThan(80);

    await page.reload();
    await page.getByTestId('network-builder').waitFor();
    expect(await page.getByTestId('loss').inputValue()).toBe('mse');
    await select.selectOption('cross_entropy');
    await expect.poll(() => page.url()).not.toContain('loss=');
    expect(errors).toEqual([]);
  });
});
