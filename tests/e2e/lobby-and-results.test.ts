/**
 * A class as people use it: the big screen lists names as players join (one from a bare QR link on
 * a phone, one on a laptop using only the keyboard); both build, train and submit; the host closes
 * the round; each player's page shows their final rank, private score and audit with the podium; and
 * the big screen and the host console show the tournament standings before the next round.
 * One real server and SQLite file for the whole file.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { arenaDuringSuite, screenshot, trackErrors } from './harness';

const app = arenaDuringSuite();
const newPage = (viewport: { width: number; height: number }, mobile = false): Promise<Page> =>
  app.newPage({ viewport, isMobile: mobile, hasTouch: mobile });

/** Presses Tab until the element with this test id has focus (keyboard only), at most 80 times. */
async function tabTo(page: Page, testId: string): Promise<void> {
  for (let i = 0; i < 80; i++) {
    if (await page.evaluate((id) => document.activeElement?.getAttribute('data-testid') === id, testId)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${testId}`);
}

/** Whether the focused element draws a visible focus ring (outline or box-shadow). */
function focusRing(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el) return false;
    const s = getComputedStyle(el);
    return (s.outlineStyle !== 'none' && Number.parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none';
  });
}

/** Horizontal overflow of the page in CSS pixels (0 when nothing sticks out). */
function overflowX(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

describe('lobby, phone and keyboard players, final results and standings', () => {
  let code = '';
  let host: Page;
  let watch: Page;
  let phone: Page;
  let laptop: Page;

  it('the big screen lists players as they join, one from a bare /play/CODE link on a phone', async () => {
    host = await newPage({ width: 1400, height: 1000 });
    await host.goto(app.url);
    await host.getByTestId('host-title').fill('Lobby class');
    await host.getByTestId('host-submit').click();
    await host.waitForURL(/\/host\/[A-Z0-9]{6}$/);
    code = (await host.getByTestId('join-code').textContent()) ?? '';

    watch = await newPage({ width: 1920, height: 1080 });
    const watchErrors = trackErrors(watch);
    await watch.goto(`${app.url}/watch/${code}`);
    await watch.locator('[data-testid=lobby][data-count="0"]').waitFor();

    // A QR scan lands on /play/CODE with no stored token: the page asks for a nickname right there.
    phone = await newPage({ width: 390, height: 844 }, true);
    const phoneErrors = trackErrors(phone);
    await phone.goto(`${app.url}/play/${code}`);
    await phone.getByTestId('play-join-form').waitFor();
    expect(await overflowX(phone)).toBe(0);
    await phone.getByTestId('join-nickname').fill('Pia');
    await phone.getByTestId('join-submit').click();
    await phone.getByTestId('waiting').waitFor();
    await watch.locator('[data-testid=lobby-player][data-player=Pia]').waitFor({ timeout: 15_000 });

    // The laptop player joins with the keyboard only: the nickname field has focus on arrival.
    laptop = await newPage({ width: 1280, height: 800 });
    await laptop.goto(`${app.url}/play/${code}`);
    await laptop.getByTestId('play-join-form').waitFor();
    await tabTo(laptop, 'join-nickname');
    await laptop.keyboard.type('Kai');
    await laptop.keyboard.press('Enter');
    await laptop.getByTestId('waiting').waitFor();
    await watch.locator('[data-testid=lobby][data-count="2"]').waitFor({ timeout: 15_000 });
    expect(await watch.getByTestId('lobby-player').allTextContents()).toEqual(['Pia', 'Kai']);
    // Players waiting for the first round see their classmates arrive too.
    await phone.locator('[data-testid=lobby][data-count="2"]').waitFor({ timeout: 15_000 });
    expect(await overflowX(phone)).toBe(0);
    await screenshot(watch, 'watch-lobby');
    expect(watchErrors).toEqual([]);
    expect(phoneErrors).toEqual([]);
  });

  it('a phone player builds, trains and submits at 390 px without horizontal scrolling', async () => {
    await host.getByTestId('preset').selectOption('xor-warmup');
    await host.getByTestId('create-round').click();
    await host.locator('[data-testid=round-row][data-status=draft]').waitFor();
    await host.getByTestId('start-round').click();
    await host.locator('[data-testid=round-row][data-status=open]').waitFor();

    await phone.getByTestId('network-builder').waitFor();
    expect(await overflowX(phone)).toBe(0);
    // The rules start folded on a phone, and unfold within the screen's width.
    const rules = phone.getByTestId('rules');
    await expect.poll(() => rules.evaluate((d) => (d as HTMLDetailsElement).open)).toBe(false);
    await rules.locator('summary').click();
    await expect.poll(() => rules.evaluate((d) => (d as HTMLDetailsElement).open)).toBe(true);
    expect(await overflowX(phone)).toBe(0);
    await phone.getByTestId('width').fill('8');
    await phone.getByTestId('activation').selectOption('tanh');
    await phone.getByTestId('train').click();
    await phone.locator('[data-testid=train-status][data-phase=done]').waitFor({ timeout: 120_000 });
    expect(await overflowX(phone)).toBe(0);
    await phone.getByTestId('submit').click();
    await expect.poll(async () => (await phone.getByTestId('my-score').textContent()) ?? '', { timeout: 60_000 }).toMatch(/%$/);
    await phone.locator('[data-testid=leaderboard] [data-testid=board-row]').first().waitFor();
    expect(await overflowX(phone)).toBe(0);
    await screenshot(phone, 'play-phone');
  });

  it('a laptop player builds, trains and submits with the keyboard only, with visible focus', async () => {
    await laptop.getByTestId('network-builder').waitFor();
    await tabTo(laptop, 'depth');
    expect(await focusRing(laptop)).toBe(true);
    await laptop.keyboard.press('ArrowRight'); // 2 → 3 hidden layers
    await expect.poll(() => laptop.getByTestId('depth').inputValue()).toBe('3');
    await tabTo(laptop, 'width');
    await laptop.keyboard.press('Control+A');
    await laptop.keyboard.type('6');
    await expect.poll(() => laptop.getByTestId('width').inputValue()).toBe('6');
    await tabTo(laptop, 'activation');
    // ArrowDown in a closed <select> moves to the next enabled activation.
    const before = await laptop.getByTestId('activation').inputValue();
    await laptop.keyboard.press('ArrowDown');
    await expect.poll(() => laptop.getByTestId('activation').inputValue()).not.toBe(before);
    await laptop.getByTestId('builder-valid').waitFor();

    await tabTo(laptop, 'train');
    expect(await focusRing(laptop)).toBe(true);
    await laptop.keyboard.press('Enter');
    await laptop.locator('[data-testid=train-status][data-phase=done]').waitFor({ timeout: 120_000 });
    await tabTo(laptop, 'submit');
    expect(await focusRing(laptop)).toBe(true);
    await laptop.keyboard.press('Enter');
    await expect.poll(async () => (await laptop.getByTestId('my-score').textContent()) ?? '', { timeout: 60_000 }).toMatch(/%$/);
    await expect.poll(() => watch.getByTestId('board-row').count(), { timeout: 15_000 }).toBe(2);
    await screenshot(laptop, 'play-keyboard');
  });

  it('after the close each player sees their final result and podium; standings show between rounds', async () => {
    await host.getByTestId('close-round').click();
    await host.locator('[data-testid=round-row][data-status=final]').waitFor({ timeout: 120_000 });

    for (const page of [phone, laptop]) {
      await page.locator('[data-testid=final-result][data-final=true]').waitFor({ timeout: 60_000 });
      expect(await page.getByTestId('final-rank').textContent()).toMatch(/^#[12]/);
      expect(await page.getByTestId('final-score').textContent()).toMatch(/%$/);
      await page.locator('[data-testid=final-audit] [data-audit=verified]').waitFor({ timeout: 60_000 });
      await page.getByTestId('podium').waitFor();
      expect(Number(await page.getByTestId('final-points').textContent())).toBeGreaterThan(0);
      expect(await page.getByTestId('results-link').getAttribute('href')).toMatch(/^\/rounds\//);
    }
    expect(await overflowX(phone)).toBe(0);
    await screenshot(phone, 'play-final-phone');
    // The results link from the phone opens a page that fits the phone as well.
    await phone.getByTestId('results-link').click();
    await phone.getByTestId('results-board').waitFor();
    expect(await overflowX(phone)).toBe(0);

    // The big screen shows the standings under the final board, and again in the next round's lobby.
    await expect.poll(() => watch.locator('[data-testid=standings] [data-testid=standing-row]').count(), { timeout: 30_000 }).toBe(2);
    await host.getByTestId('preset').selectOption('budget-battle');
    await host.getByTestId('create-round').click();
    await host.locator('[data-testid=round-row][data-status=draft]').waitFor();
    await watch.locator('[data-testid=lobby][data-count="2"]').waitFor({ timeout: 15_000 });
    const points = await watch.locator('[data-testid=standing-row]').evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-points'))));
    expect(points).toHaveLength(2);
    expect(Math.max(...points)).toBeGreaterThan(0);
    await screenshot(watch, 'watch-standings');
    // The laptop player waits for round 2 in the lobby, with the standings and their own row marked.
    await laptop.locator('[data-testid=standings] tr.mine[data-player=Kai]').waitFor({ timeout: 15_000 });
    await expect.poll(() => host.locator('[data-testid=standings] [data-testid=standing-row]').count(), { timeout: 15_000 }).toBe(2);
    // The players list keeps each player's points after the final board arrives.
    await expect.poll(() => host.locator('[data-testid=player] [data-testid=player-points]').count(), { timeout: 15_000 }).toBe(2);
    await screenshot(host, 'host-standings');
  });
});
