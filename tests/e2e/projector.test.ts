/**
 * The projector with a class of 30 bots (server/bot, real training on tfjs in Node): every player
 * is reachable through the pages of the board, the first page says how many more there are, the
 * race legend holds at most 8 (+1 hovered), there is no site header, the sound starts off, a
 * get-ready count opens the round and "time's up" closes it, then the podium; the sound toggles,
 * fullscreen goes on and off, and the final page stays within two 1080p screens.
 */
import { io, type Socket } from 'socket.io-client';
import { afterAll, describe, expect, it } from 'vitest';
import type { RoundPublic } from '../../game/protocol';
import { runBot, type BotHandle } from '../../server/bot/run-bot';
import { arenaDuringSuite, screenshot, trackErrors } from './harness';

const app = arenaDuringSuite();
let host: Socket | null = null;
let bots: BotHandle | null = null;
afterAll(async () => {
  await bots?.stop();
  host?.disconnect();
});

async function must<T>(event: string, payload: unknown): Promise<T> {
  host ??= io(app.url, { auth: { protocol: 1 }, transports: ['websocket'], forceNew: true });
  const ack = (await host.timeout(30_000).emitWithAck(event, payload)) as Record<string, unknown>;
  if (ack.ok !== true) throw new Error(`${event}: ${JSON.stringify(ack)}`);
  return ack as T;
}

describe('projector', () => {
  it('holds a class of 30: every player reachable, a count beyond the first page, and the round as a show', async () => {
    const created = await must<{ tournament: { code: string }; hostKey: string }>('tournament:create', { title: 'Thirty' });
    const { code } = created.tournament;
    const { hostKey } = created;
    const rules = { trainSize: 64, maxEpochs: 3, durationSec: 900, maxSubmissions: 1, auditTopK: 3 };
    const draft = await must<{ round: RoundPublic }>('round:create', { code, hostKey, taskId: 'xor', preset: 'xor-warmup', rules });
    bots = await runBot({ url: app.url, code, count: 30, name: 'bot', backend: 'cpu' });

    const watch = await app.newPage({ viewport: { width: 1920, height: 1080 } });
    const errors = trackErrors(watch);
    await watch.goto(`${app.url}/watch/${code}`);
    await watch.locator('[data-testid=lobby][data-count="30"]').waitFor({ timeout: 30_000 });
    expect(await watch.locator('.site-header').isVisible()).toBe(false);
    // The host link (and its QR code) is for the host's console alone, never the projector.
    expect(await watch.getByTestId('host-link-box').count()).toBe(0);
    expect(await watch.content()).not.toContain('#key=');
    expect(await watch.getByTestId('sound-toggle').getAttribute('aria-pressed')).toBe('false');
    // One toggle for the sound, and fullscreen on and off from the screen's own button.
    await watch.getByTestId('sound-toggle').click();
    expect(await watch.getByTestId('sound-toggle').getAttribute('aria-pressed')).toBe('true');
    await watch.getByTestId('sound-toggle').click();
    expect(await watch.getByTestId('sound-toggle').getAttribute('aria-pressed')).toBe('false');
    await watch.getByTestId('fullscreen').click();
    await expect.poll(() => watch.evaluate(() => document.fullscreenElement !== null)).toBe(true);
    await watch.getByTestId('fullscreen').click();
    await expect.poll(() => watch.evaluate(() => document.fullscreenElement !== null)).toBe(false);

    await must('round:start', { code, hostKey, roundId: draft.round.id });
    await watch.locator('[data-testid=stage-banner][data-stage=ready]').waitFor({ timeout: 10_000 });
    await bots.waitForSubmissions(30, 240_000);
    const paged = watch.getByTestId('paged-board');
    await expect.poll(() => paged.getAttribute('data-total'), { timeout: 30_000 }).toBe('30');
    const pages = Number(await paged.getAttribute('data-pages'));
    expect(pages).toBeGreaterThan(1);
    const perPage = await watch.locator('[data-testid=watch-board] [data-testid=board-row]').count();
    expect(Number(await watch.getByTestId('watch-more').getAttribute('data-beyond'))).toBe(30 - perPage);

    // Turn the pages: every name comes round, and no page runs below the bottom of the screen.
    const names = new Set<string>();
    for (let i = 0; i < pages * 2 && names.size < 30; i++) {
      const rows = watch.locator('[data-testid=watch-board] [data-testid=board-row]');
      for (const name of await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-player') ?? ''))) names.add(name);
      const bottom = await rows.last().evaluate((e) => e.getBoundingClientRect().bottom);
      expect(bottom).toBeLessThanOrEqual(1080);
      const page = await paged.getAttribute('data-page');
      await watch.getByTestId('watch-next').click();
      await expect.poll(() => paged.getAttribute('data-page')).not.toBe(page);
    }
    expect(names.size).toBe(30);
    expect(Number(await watch.getByTestId('race').getAttribute('data-players'))).toBeLessThanOrEqual(9);
    await screenshot(watch, 'watch-thirty');

    await must('round:close', { code, hostKey, roundId: draft.round.id });
    await watch.locator('[data-testid=stage-banner][data-stage=timesUp]').waitFor({ timeout: 15_000 });
    await watch.getByTestId('podium').waitFor({ timeout: 120_000 });
    await expect.poll(() => watch.getByTestId('watch-status').textContent(), { timeout: 120_000 }).toBe('Results');
    // The final page (podium, a page of the board, insights, standings) at 1080p: it was 2,200 px
    // tall; now it stays within two screens, the podium and the standings beside it in the first.
    await watch.locator('[data-testid=insights]').first().waitFor({ timeout: 60_000 });
    const height = await watch.evaluate(() => document.documentElement.scrollHeight);
    console.log(`projector final page at 1920x1080: ${height} px tall`);
    await screenshot(watch, 'watch-thirty-final');
    expect(height).toBeLessThanOrEqual(2 * 1080);
    expect(await watch.getByTestId('podium').evaluate((e) => e.getBoundingClientRect().bottom)).toBeLessThanOrEqual(1080);
    expect(await watch.getByTestId('standings').evaluate((e) => e.getBoundingClientRect().bottom)).toBeLessThanOrEqual(1080);
    expect(errors).toEqual([]);
  });
});
