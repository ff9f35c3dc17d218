/**
 * The phone: Train and Submit sit in a bar stuck to the bottom of the screen, in reach at the top
 * of the page, halfway down the builder and at the end, and the page does not scroll sideways. The
 * page is shorter than the 4,100 px issue 14 measured: a control's note shows while it has focus.
 */
import { io } from 'socket.io-client';
import { describe, expect, it } from 'vitest';
import type { RoundPublic } from '../../game/protocol';
import { arenaDuringSuite, screenshot, trainAndWait } from './harness';

const app = arenaDuringSuite();

describe('phone', () => {
  it('keeps Train and Submit on screen while the player scrolls', async () => {
    const host = io(app.url, { auth: { protocol: 1 }, transports: ['websocket'], forceNew: true });
    try {
      const call = async <T>(event: string, payload: unknown): Promise<T> => {
        const ack = (await host.timeout(30_000).emitWithAck(event, payload)) as Record<string, unknown>;
        if (ack.ok !== true) throw new Error(`${event}: ${JSON.stringify(ack)}`);
        return ack as T;
      };
      const { tournament, hostKey } = await call<{ tournament: { code: string }; hostKey: string }>('tournament:create', { title: 'Phones' });
      const draft = await call<{ round: RoundPublic }>('round:create', { code: tournament.code, hostKey, taskId: 'xor', preset: 'xor-warmup' });
      await call('round:start', { code: tournament.code, hostKey, roundId: draft.round.id });

      const page = await app.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
      await page.goto(`${app.url}/play/${tournament.code}`);
      await page.getByTestId('join-nickname').fill('Pho');
      await page.getByTestId('join-submit').click();
      await page.getByTestId('network-builder').waitFor();
      const inView = async (testId: string): Promise<boolean> =>
        page.getByTestId(testId).evaluate((el) => {
          const r = el.getBoundingClientRect();
          return r.top >= 0 && r.bottom <= window.innerHeight && r.height > 0;
        });
      const height = await page.evaluate(() => document.documentElement.scrollHeight);
      console.log(`play page at 390x844 before training: ${height} px tall`);
      await screenshot(page, 'phone-play');
      expect(height).toBeGreaterThan(844 * 2);
      // Shorter than the 4,100 px the issue measured: notes show beside the control in focus.
      expect(height).toBeLessThan(3800);
      const width = page.getByTestId('width');
      const note = page.locator('label.field:has([data-testid=width]) .explain');
      expect(await note.isVisible()).toBe(false);
      await width.focus();
      expect(await note.isVisible()).toBe(true);
      await width.blur();
      for (const y of [0, Math.round(height / 3), height]) {
        await page.evaluate((to) => window.scrollTo(0, to), y);
        expect(await inView('train'), `Train at scroll ${y}`).toBe(true);
        expect(await inView('submit'), `Submit at scroll ${y}`).toBe(true);
      }
      expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBe(0);
      // The bar works from where it is: train from the top of the page, then submit.
      await page.evaluate(() => window.scrollTo(0, 0));
      expect(await trainAndWait(page)).toBe('done');
      // The views that appear after training (gradient strip, neuron pictures) fit the phone too.
      await page.getByTestId('gradient-strip').waitFor();
      console.log(`play page at 390x844 after training: ${await page.evaluate(() => document.documentElement.scrollHeight)} px tall`);
      expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBe(0);
      await page.getByTestId('submit').tap();
      await expect.poll(async () => (await page.getByTestId('my-score').textContent()) ?? '', { timeout: 60_000 }).toMatch(/%$/);
    } finally {
      host.disconnect();
    }
  });
});
