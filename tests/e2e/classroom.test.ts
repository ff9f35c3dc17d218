/**
 * The full classroom flow in one browser with four contexts (host, two players, spectator), then
 * a player reloading mid-round. Real server, real SQLite file, js and wasm training in the page's worker.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { arenaDuringSuite, screenshot, trackErrors, trainAndWait } from './harness';

const app = arenaDuringSuite();
const newPage = (): Promise<Page> => app.newPage({ viewport: { width: 1400, height: 1000 }, acceptDownloads: true });

async function joinAs(page: Page, code: string, nickname: string): Promise<void> {
  await page.goto(app.url);
  await page.getByTestId('join-code').fill(code);
  await page.getByTestId('join-nickname').fill(nickname);
  await page.getByTestId('join-submit').click();
  await page.waitForURL(`**/play/${code}`);
  await page.getByTestId('network-builder').waitFor();
}

async function submit(page: Page): Promise<number> {
  await page.getByTestId('submit').click();
  const score = page.getByTestId('my-score');
  await expect.poll(async () => (await score.textContent()) ?? '—', { timeout: 60_000 }).toMatch(/%$/);
  return Number.parseFloat((await score.textContent()) ?? 'NaN');
}

describe('classroom', () => {
  let code = '';
  let host: Page;

  it('host, two players and a spectator play XOR warm-up to the results and the CSV', async () => {
    host = await newPage();
    const hostErrors = trackErrors(host);
    await host.goto(app.url);
    await screenshot(host, 'home');
    await host.getByTestId('host-title').fill('Period 3');
    await host.getByTestId('host-submit').click();
    await host.waitForURL(/\/host\/[A-Z0-9]{6}$/);
    code = (await host.getByTestId('join-code').textContent()) ?? '';
    expect(code).toMatch(/^[A-Z2-9]{6}$/);
    await host.getByTestId('preset').selectOption('xor-warmup');
    await host.getByTestId('create-round').click();
    await host.locator('[data-testid=round-row][data-status=draft]').waitFor();
    await host.getByTestId('start-round').click();
    await host.locator('[data-testid=round-row][data-status=open]').waitFor();

    const watch = await newPage();
    await watch.goto(`${app.url}/watch/${code}`);
    await watch.getByTestId('countdown').waitFor();

    const ada = await newPage();
    const bob = await newPage();
    const adaErrors = trackErrors(ada);
    await joinAs(ada, code, 'Ada');
    await joinAs(bob, code, 'Bob');
    // The console lists players as soon as they join, before any submission.
    await expect.poll(() => host.getByTestId('player').count(), { timeout: 15_000 }).toBe(2);

    // Ada: a real hidden layer of tanh units, which solves XOR. Bob: one linear unit, which cannot.
    await ada.getByTestId('depth').fill('2');
    await ada.getByTestId('width').fill('8');
    await ada.getByTestId('activation').selectOption('tanh');
    await bob.getByTestId('depth').fill('1');
    await bob.getByTestId('width').fill('1');
    await bob.getByTestId('activation').selectOption('linear');
    await expect.poll(() => bob.getByTestId('param-count').textContent()).toBe('7');
    await bob.getByTestId('backend').selectOption('wasm');
    // Ada keeps "auto": the builder picks the js engine for this small net and says why.
    expect(await ada.getByTestId('backend').inputValue()).toBe('auto');
    expect(await ada.getByTestId('backend').getAttribute('data-engine')).toBe('js');
    expect(await ada.getByTestId('engine-reason').textContent()).toMatch(/Trains on js: [\d,]+ multiply-adds per step/);
    expect(await bob.getByTestId('backend').getAttribute('data-engine')).toBe('wasm');

    expect(await trainAndWait(ada)).toBe('done');
    await screenshot(ada, 'play-trained');
    expect(await trainAndWait(bob)).toBe('done');
    // The hidden space on /play (issue 11): Ada's 8 tanh units through PCA, Bob's single unit as is.
    await expect.poll(() => ada.getByTestId('hidden-space').getAttribute('data-method')).toBe('pca');
    expect(await ada.getByTestId('hidden-space').getAttribute('data-dim')).toBe('8');
    await expect.poll(() => bob.getByTestId('hidden-space').getAttribute('data-method')).toBe('direct');
    expect(await bob.getByTestId('hidden-space').getAttribute('data-dim')).toBe('1');
    const adaScore = await submit(ada);
    const bobScore = await submit(bob);
    expect(adaScore).toBeGreaterThan(bobScore);
    await screenshot(ada, 'play-submitted');

    // The spectator's board has both players, best first, and the host sees the race and the board.
    const rows = watch.getByTestId('board-row');
    await expect.poll(() => rows.count(), { timeout: 30_000 }).toBe(2);
    await expect.poll(() => watch.locator('[data-testid=board-row][data-rank="1"]').getAttribute('data-player')).toBe('Ada');
    expect(await watch.locator('[data-testid=board-row][data-rank="2"]').getAttribute('data-player')).toBe('Bob');
    await screenshot(watch, 'watch-live');
    await expect.poll(() => host.getByTestId('board-row').count()).toBe(2);
    await screenshot(host, 'host-live');

    await host.getByTestId('close-round').click();
    await host.locator('[data-testid=round-row][data-status=final], [data-testid=round-row][data-status=closed]').waitFor();
    await watch.getByTestId('podium').waitFor({ timeout: 30_000 });
    await watch.getByTestId('insights').waitFor({ timeout: 60_000 });
    await screenshot(watch, 'watch-podium');

    // Results: both audits verified (Ada's js by a js replay, Bob's on wasm), insights and every
    // submission plotted.
    await host.getByRole('link', { name: /results/i }).first().click();
    await host.getByTestId('results-page').waitFor();
    await expect
      .poll(() => host.locator('[data-testid=results-board] [data-audit=verified]').count(), { timeout: 120_000 })
      .toBe(2);
    await host.getByTestId('insights').waitFor({ timeout: 30_000 });
    expect(await host.getByTestId('parallel-coords').getAttribute('data-rows')).toBe('2');
    // Two submissions make every differing dimension explain everything: the page says so.
    expect(await host.getByTestId('insights-basis').textContent()).toMatch(/Based on 2 scored submissions\. With this few/);
    await screenshot(host, 'results');

    // Replay the winner in this browser.
    expect(await trainAndWait(host)).toBe('done');
    await host.getByTestId('replayed').waitFor();
    // The replay shows the winner's hidden space and a validation curve on a fresh sample.
    await expect.poll(() => host.getByTestId('hidden-space').getAttribute('data-dim')).toBe('8');
    expect(await host.getByTestId('validation').getAttribute('data-source')).toBe('fresh');
    await screenshot(host, 'results-replayed');

    // The CSV export names both players.
    await host.goBack();
    await host.getByTestId('csv').waitFor();
    const [download] = await Promise.all([host.waitForEvent('download'), host.getByTestId('csv').click()]);
    const path = await download.path();
    const csv = readFileSync(path, 'utf8');
    expect(csv).toContain('Ada');
    expect(csv).toContain('Bob');
    expect(adaErrors).toEqual([]);
    expect(hostErrors).toEqual([]);
  });

  it('a player who reloads mid-round keeps their identity and submissions', async () => {
    await host.getByTestId('preset').selectOption('xor-warmup');
    await host.getByTestId('create-round').click();
    await host.locator('[data-testid=round-row][data-status=draft]').waitFor();
    await host.getByTestId('start-round').click();
    await host.locator('[data-testid=round-row][data-status=open]').waitFor();

    const cleo = await newPage();
    await joinAs(cleo, code, 'Cleo');
    const left0 = Number(await cleo.getByTestId('submissions-left').getAttribute('data-left'));
    // A rule break shows at once with game/rules' message, and Train stays disabled until fixed.
    await cleo.getByTestId('groups').selectOption('3');
    await cleo.getByTestId('violations').waitFor();
    expect(await cleo.getByTestId('violations').textContent()).toMatch(/group/i);
    expect(await cleo.getByTestId('train').isDisabled()).toBe(true);
    await cleo.getByTestId('groups').selectOption('1');
    await cleo.getByTestId('builder-valid').waitFor();
    expect(await trainAndWait(cleo)).toBe('done');
    await submit(cleo);
    await expect.poll(async () => Number(await cleo.getByTestId('submissions-left').getAttribute('data-left'))).toBe(left0 - 1);

    await cleo.reload();
    await cleo.getByTestId('network-builder').waitFor();
    expect(await cleo.getByTestId('player-name').textContent()).toContain('Cleo');
    await expect.poll(async () => Number(await cleo.getByTestId('submissions-left').getAttribute('data-left'))).toBe(left0 - 1);
    // After a reload the card shows the board entry (best score and its rank) from the server.
    await expect.poll(async () => (await cleo.getByTestId('my-best').textContent()) ?? '').toMatch(/%$/);
    await screenshot(cleo, 'play-after-reload');

    // A dropped connection: the page says so, reconnects by itself and resumes as the same player.
    await cleo.context().setOffline(true);
    await cleo.getByTestId('disconnected').waitFor({ timeout: 15_000 });
    await cleo.context().setOffline(false);
    await cleo.getByTestId('disconnected').waitFor({ state: 'detached', timeout: 15_000 });
    expect(await cleo.getByTestId('player-name').textContent()).toContain('Cleo');
    expect(await trainAndWait(cleo)).toBe('done');
    await submit(cleo);
    await expect.poll(async () => Number(await cleo.getByTestId('submissions-left').getAttribute('data-left'))).toBe(left0 - 2);
  });

  it('the host kicks a player after confirming, whose page says so and whose token stops working', async () => {
    const dan = await newPage();
    await joinAs(dan, code, 'Dan');
    await host.locator('[data-testid=player][data-player=Dan]').waitFor({ timeout: 15_000 });
    // A kick cannot be undone: the first click only asks, and Cancel keeps the player.
    await host.getByRole('button', { name: 'Kick Dan', exact: true }).click();
    await host.locator('[data-testid=kick-dialog][data-player=Dan]').waitFor();
    await host.getByTestId('kick-cancel').click();
    await host.getByTestId('kick-dialog').waitFor({ state: 'detached' });
    expect(await host.locator('[data-testid=player][data-player=Dan]').count()).toBe(1);
    expect(await dan.getByTestId('kicked').count()).toBe(0);
    await host.getByRole('button', { name: 'Kick Dan', exact: true }).click();
    await host.getByTestId('kick-confirm').click();
    await dan.getByTestId('kicked').waitFor();
    await expect.poll(() => host.locator('[data-testid=player][data-player=Dan]').count(), { timeout: 15_000 }).toBe(0);
    await dan.reload();
    await dan.getByTestId('play-join-form').waitFor();
  });

  it('the host creates a round with custom rules', async () => {
    await host.getByTestId('close-round').click();
    await host.locator('[data-testid=round-row][data-status=open]').waitFor({ state: 'detached' });
    await host.getByTestId('preset').selectOption('custom');
    await host.getByTestId('custom-task').selectOption('moons');
    await host.getByTestId('rule-maxParams').fill('300');
    await host.getByTestId('rule-durationSec').fill('120');
    // Bad values are named beside their own field, and Create waits until they are fixed.
    await host.getByTestId('rule-maxLayers').fill('0');
    expect(await host.getByTestId('rule-error-maxLayers').textContent()).toBe('A whole number from 1 to 16.');
    expect(await host.getByTestId('create-round').isDisabled()).toBe(true);
    await host.getByTestId('rule-maxLayers').fill('3');
    await host.getByTestId('rule-minLayers').fill('5');
    expect(await host.getByTestId('rule-error-minLayers').textContent()).toBe('Min layers (5) cannot exceed max layers (3).');
    await host.getByTestId('rule-minLayers').fill('2');
    await host.getByTestId('rule-error-minLayers').waitFor({ state: 'detached' });
    await host.getByTestId('round-title').fill('Moons on a budget');
    await host.getByTestId('create-round').click();
    const draft = host.locator('[data-testid=round-row][data-status=draft]');
    await draft.waitFor();
    expect(await draft.getAttribute('data-title')).toBe('Moons on a budget');
    expect(await draft.textContent()).toContain('Two moons');
    await screenshot(host, 'host-custom-round');
  });
});
