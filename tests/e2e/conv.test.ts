/**
 * Conv nets in the browser (issue 12), in a real round of the "Strokes: find the edge detector"
 * preset: the player builds a conv stack and reads its shapes and parameter count, sees a bad
 * groups choice named on its field, trains and watches the kernels and feature maps arrive while
 * training (DOM data attributes), picks another picture, submits, and the server verifies the
 * replay.
 */
import { describe, expect, it } from 'vitest';
import { arenaDuringSuite, screenshot, trackErrors, trainAndWait } from './harness';
import { hostOpenRound, joinAsPlayer } from './ui-flows';

const app = arenaDuringSuite();

const nums = (s: string | null): number[] => (s ?? '').split(',').filter((v) => v !== '').map(Number);

describe('conv nets in a round', () => {
  it('build a conv net and see the shapes, train it and see the kernels, submit it and see it verified', async () => {
    const { host, code } = await hostOpenRound(app, 'Conv lesson', 'strokes-edges');

    const ada = await app.newPage({ viewport: { width: 1400, height: 1600 } });
    const errors = trackErrors(ada);
    await joinAsPlayer(ada, app.url, code, 'Ada');
    await expect.poll(() => ada.getByTestId('look-for').getAttribute('data-view')).toBe('kernels');

    // The conv stack: one layer (the default: 8 filters, 3×3, same, relu, 2×2 max pool), 4 filters,
    // no dense layer, then a copy of it.
    await ada.getByTestId('conv-add').click();
    await ada.getByTestId('conv-0-filters').fill('4');
    await ada.getByTestId('depth').fill('0');
    await ada.getByTestId('conv-add').click();
    await expect.poll(() => ada.getByTestId('conv-stack').getAttribute('data-layers')).toBe('2');
    const chain = ada.getByTestId('shape-chain');
    await expect.poll(() => chain.getAttribute('data-chain')).toBe('12×12×1 → 12×12×4 → 6×6×4 → 6×6×4 → 3×3×4 → 36 → 4');
    expect(await ada.getByTestId('param-count').textContent()).toBe('336');
    expect(await ada.locator('[data-testid=network-diagram] [data-kind=conv]').count()).toBeGreaterThan(0);

    // Groups that do not divide the channels: named on the field, the chain unchanged (shapes still hold).
    await ada.getByTestId('conv-1-groups').selectOption('3');
    const bad = ada.locator('[data-testid=violations] li[data-code="conv.groupsNotDivisor"]');
    await bad.waitFor();
    expect(await bad.getAttribute('data-field')).toBe('network.layers[1].groups');
    expect(await bad.textContent()).toContain('Conv 2, Groups');
    expect(await ada.getByTestId('conv-1-groups').getAttribute('aria-invalid')).toBe('true');
    // 5×5 valid with stride 2 on the 6×6 picture leaves 1×1, which the pool halves to nothing:
    // the shape line cannot be drawn.
    await ada.getByTestId('conv-1-groups').selectOption('1');
    await ada.getByTestId('conv-1-kernel').selectOption('5');
    await ada.getByTestId('conv-1-padding').selectOption('valid');
    await ada.getByTestId('conv-1-stride').selectOption('2');
    await ada.locator('[data-testid=violations] li[data-code="conv.tooSmall"]').waitFor();
    expect(await chain.getAttribute('data-chain')).toBe('');
    await ada.getByTestId('conv-1-kernel').selectOption('3');
    await ada.getByTestId('conv-1-padding').selectOption('same');
    await ada.getByTestId('conv-1-stride').selectOption('1');
    await ada.getByTestId('builder-valid').waitFor();
    expect(await chain.getAttribute('data-chain')).toBe('12×12×1 → 12×12×4 → 6×6×4 → 6×6×4 → 3×3×4 → 36 → 4');

    await ada.getByTestId('backend').selectOption('js');
    await ada.getByTestId('epochs').fill('30');
    await ada.getByTestId('learning-rate').fill('0.03');
    // Record every kernel frame the page shows and the training phase at that moment.
    await ada.evaluate(() => {
      const seen: [string, string][] = [];
      (window as unknown as { convSeen: [string, string][] }).convSeen = seen;
      new MutationObserver(() => {
        const k = document.querySelector('[data-testid=conv-kernels]');
        const phase = document.querySelector('[data-testid=train-status]')?.getAttribute('data-phase') ?? '';
        if (k) seen.push([k.getAttribute('data-epoch') ?? '', phase]);
      }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-epoch', 'data-phase'] });
    });
    expect(await trainAndWait(ada)).toBe('done');
    const seen = await ada.evaluate(() => (window as unknown as { convSeen: [string, string][] }).convSeen);
    expect(seen.some(([epoch, phase]) => phase === 'training' && Number(epoch) >= 1), JSON.stringify(seen.slice(0, 20))).toBe(true);

    // The kernels: two layers of four 3×3 filters (1 and 4 input channels), not all zero.
    const kernels = ada.getByTestId('conv-kernels');
    expect(await kernels.getAttribute('data-epoch')).toBe('30');
    const layers = ada.getByTestId('kernels-layer');
    expect(await layers.count()).toBe(2);
    expect([await layers.nth(0).getAttribute('data-filters'), await layers.nth(0).getAttribute('data-kernel'), await layers.nth(0).getAttribute('data-in-channels')]).toEqual(['4', '3', '1']);
    expect(await layers.nth(1).getAttribute('data-in-channels')).toBe('4');
    const k1 = nums(await layers.nth(0).getAttribute('data-values'));
    expect(k1).toHaveLength(36);
    expect(k1.some((v) => v !== 0)).toBe(true);
    expect(await ada.locator('[data-testid=kernels-layer][data-layer="2"] [data-testid=kernel-filter]').first().locator('canvas').count()).toBe(4);
    await ada.getByTestId('kernels-summed').click();
    expect(await ada.locator('[data-testid=kernels-layer][data-layer="2"] [data-testid=kernel-filter]').first().locator('canvas').count()).toBe(1);

    // The feature maps of a picture, and of another one once picked.
    const maps = ada.getByTestId('maps-layer');
    expect([await maps.nth(0).getAttribute('data-shape'), await maps.nth(1).getAttribute('data-shape')]).toEqual(['12×12×4', '6×6×4']);
    const before = await maps.nth(0).getAttribute('data-values');
    expect(nums(before)).toHaveLength(576);
    await ada.getByTestId('conv-sample-5').click();
    await expect.poll(() => ada.getByTestId('feature-maps').getAttribute('data-sample')).toBe('5');
    expect(await maps.nth(0).getAttribute('data-values')).not.toBe(before);
    await screenshot(ada, 'conv-kernels');

    await ada.getByTestId('submit').click();
    const score = ada.getByTestId('my-score');
    await expect.poll(async () => (await score.textContent()) ?? '—', { timeout: 60_000 }).toMatch(/%$/);

    await host.getByTestId('close-round').click();
    await host.locator('[data-testid=round-row][data-status=final], [data-testid=round-row][data-status=closed]').waitFor();
    await host.getByRole('link', { name: /results/i }).first().click();
    await host.getByTestId('results-page').waitFor();
    await expect
      .poll(() => host.locator('[data-testid=results-board] [data-audit=verified]').count(), { timeout: 120_000 })
      .toBe(1);
    const roundId = /\/rounds\/([^/?#]+)/.exec(host.url())?.[1];
    const body = (await (await host.request.get(`${app.url}/api/rounds/${roundId}`)).json()) as { submissions: { network: { layers: { type?: string }[] }; backend: string }[] };
    expect(body.submissions.map((s) => [s.network.layers.map((l) => l.type ?? 'dense'), s.backend])).toEqual([[['conv', 'conv'], 'js']]);
    expect(errors).toEqual([]);
  });
});
