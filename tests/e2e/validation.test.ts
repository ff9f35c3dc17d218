/**
 * Validation beside training (issue 11) on /practice: a synthetic task validates on a fresh
 * sample, a real one on the training rows the player holds out; both draw a dashed curve next to
 * the training curve, read here from the page's DOM. The new labels follow the language (简体中文).
 */
import { describe, expect, it } from 'vitest';
import { arenaDuringSuite, screenshot, trackErrors, trainAndWait } from './harness';

const arena = arenaDuringSuite();

describe('validation curves', () => {
  it('a synthetic task validates on a fresh sample, drawn beside the training curve, in English and Chinese', async () => {
    const page = await arena.newPage({ viewport: { width: 1400, height: 1000 } });
    const errors = trackErrors(page);
    await page.goto(`${arena.url}/practice?task=spiral&n=200&noise=0.2&ds=2&layers=16:relu:1,16:relu:1&sc=none&opt=adam&lr=0.03&bs=16&ep=30&l2=0&seed=3&be=js`);
    // Synthetic tasks offer no holdout: they have a fresh sample.
    expect(await page.getByTestId('holdout').count()).toBe(0);
    expect(await trainAndWait(page)).toBe('done');
    const v = page.getByTestId('validation');
    await expect.poll(() => v.getAttribute('data-points')).toBe('30');
    expect(await v.getAttribute('data-source')).toBe('fresh');
    expect(await v.getAttribute('data-n')).toBe('200');
    const acc = Number(await v.getAttribute('data-accuracy'));
    expect(acc).toBeGreaterThan(0.3);
    expect(acc).toBeLessThanOrEqual(1);
    expect(Number(await v.getAttribute('data-loss'))).toBeGreaterThan(0);
    expect(await v.textContent()).toMatch(/^Dashed: validation on a fresh sample of 200 points.* Now: loss [\d.]+, accuracy [\d.]+% \(training is -?[\d.]+% higher\)\.$/);
    // The chart carries both curves: its legend lists the validation series with values.
    const legend = page.getByTestId('curves').locator('.u-legend .u-series');
    await expect.poll(() => legend.locator('.u-label').allTextContents()).toEqual(['epoch', 'Loss', 'Accuracy', 'Validation loss', 'Validation accuracy']);
    expect(await legend.nth(3).locator('.u-value').textContent()).toMatch(/^\d/);
    await screenshot(page, 'teaching-validation-fresh');

    await page.getByTestId('lang-switch').selectOption('zh-CN');
    await expect.poll(() => v.textContent()).toMatch(/^虚线：在同一任务新抽取的 200 个点上验证/);
    await expect.poll(() => legend.locator('.u-label').allTextContents()).toContain('验证损失');
    expect(await page.getByTestId('hidden-space').locator('h3').textContent()).toBe('隐藏空间');
    expect(await page.getByTestId('hidden-sentence').textContent()).toMatch(/^一条直线把 [\d.]+% 的点分到了各自类别的一侧/);
    expect(await page.getByTestId('discretize').locator('xpath=..').textContent()).toBe('离散化输出');
    await page.getByTestId('lang-switch').selectOption('en');
    expect(errors).toEqual([]);
  });

  it('a real task validates on the rows the player holds out, and the link keeps the share', async () => {
    const page = await arena.newPage({ viewport: { width: 1400, height: 1000 } });
    const errors = trackErrors(page);
    await page.goto(`${arena.url}/practice?task=iris&n=100&noise=0&ds=2&layers=8:relu:1&sc=none&opt=adam&lr=0.03&bs=8&ep=20&l2=0&seed=3&be=js`);
    const holdout = page.getByTestId('holdout');
    expect(await holdout.inputValue()).toBe('0');
    expect(await holdout.locator('xpath=..').textContent()).toMatch(/^Validation hold-out \(%\)/);
    expect(await trainAndWait(page)).toBe('done');
    const v = page.getByTestId('validation');
    await expect.poll(() => v.getAttribute('data-source')).toBe('none');
    expect(await v.getAttribute('data-points')).toBe('0');

    await holdout.fill('20');
    await expect.poll(() => page.url()).toContain('ho=0.2');
    expect(await trainAndWait(page)).toBe('done');
    await expect.poll(() => v.getAttribute('data-points')).toBe('20');
    expect(await v.getAttribute('data-source')).toBe('holdout');
    expect(await v.getAttribute('data-n')).toBe('20');
    // 80 rows trained on, batches of 8: 10 steps an epoch.
    expect(await page.getByTestId('train-status').getAttribute('data-steps')).toBe(String(20 * 10));
    expect(await v.textContent()).toMatch(/^Dashed: validation on 20 training rows held out of training\./);
    await screenshot(page, 'teaching-validation-holdout');
    await page.reload();
    expect(await page.getByTestId('holdout').inputValue()).toBe('20');
    expect(errors).toEqual([]);
  });
});
