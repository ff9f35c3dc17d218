/**
 * Issue 14's bug reproductions, each as the browser shows it, in one app and as few page loads as
 * the checks allow: unknown codes (7), Watch without a code (12), a device clock 200 s fast (6), a
 * width field that clears (3), a reload that keeps the per-layer network and the trained model with
 * its curves (2), Submit's reason (16),
 * diagram labels apart (16), "1 submission left" (14), a last-submission card that never mixes two
 * submissions (10), the board's column and order after close (1), results that outlive the next
 * draft on the phone and the projector (8), score cells wide enough on the 1920 board (5), and
 * zh-CN from Accept-Language alone (13). Real server, real SQLite file, wasm training.
 */
import type { Page } from 'playwright-core';
import { io, type Socket } from 'socket.io-client';
import { afterAll, describe, expect, it } from 'vitest';
import type { RoundPublic } from '../../game/protocol';
import { arenaDuringSuite, screenshot, trackErrors, trainAndWait } from './harness';

const app = arenaDuringSuite();
let hostSocket: Socket | null = null;
afterAll(() => {
  hostSocket?.disconnect();
});

type Json = Record<string, unknown>;
async function must<T>(event: string, payload: unknown): Promise<T> {
  hostSocket ??= io(app.url, { auth: { protocol: 1 }, transports: ['websocket'], forceNew: true });
  const ack = (await hostSocket.timeout(30_000).emitWithAck(event, payload)) as Json;
  if (ack.ok !== true) throw new Error(`${event}: ${JSON.stringify(ack)}`);
  return ack as T;
}

/** Bounding boxes of every element matching `selector`, in document order. */
function boxes(page: Page, selector: string): Promise<{ left: number; right: number; top: number; bottom: number }[]> {
  return page.locator(selector).evaluateAll((els) => els.map((e) => e.getBoundingClientRect()).map((r) => ({ left: r.left, right: r.right, top: r.top, bottom: r.bottom })));
}

describe('issue 14 bugs', () => {
  let code = '';
  let hostKey = '';
  let round: RoundPublic;
  let play: Page;
  let watch: Page;

  it('unknown codes say so, and Watch without a code asks for one', async () => {
    const page = await app.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${app.url}/play/abc`);
    await page.getByTestId('not-found').waitFor();
    expect(await page.getByTestId('play-join-form').count()).toBe(0);
    await page.goto(`${app.url}/watch/ZZZZZZ`);
    await page.getByTestId('not-found').waitFor();
    expect(await page.getByTestId('qr-code').count()).toBe(0);
    expect(await page.getByTestId('lobby').count()).toBe(0);

    await page.goto(app.url);
    await page.getByTestId('watch-go').click();
    await page.getByTestId('watch-error').waitFor();
    expect(new URL(page.url()).pathname).toBe('/');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('join-code');
  });

  it('a student on a fast clock, a clearable width, a reload that keeps the network, and honest cards', async () => {
    const created = await must<{ tournament: { code: string }; hostKey: string }>('tournament:create', { title: 'Bugs class' });
    code = created.tournament.code;
    hostKey = created.hostKey;
    const rules = { durationSec: 300, maxSubmissions: 2, maxEpochs: 30, maxLayers: 6, allowedShortcuts: ['none', 'residual', 'highway'], auditTopK: 3 };
    const draft = await must<{ round: RoundPublic }>('round:create', { code, hostKey, taskId: 'xor', preset: 'xor-warmup', rules });
    round = (await must<{ round: RoundPublic }>('round:start', { code, hostKey, roundId: draft.round.id })).round;

    play = await app.newPage({ viewport: { width: 1400, height: 1000 } });
    const errors = trackErrors(play);
    // The device clock runs 200 s fast; the countdown must still follow the server.
    await play.addInitScript(() => {
      const real = Date.now.bind(Date);
      Date.now = () => real() + 200_000;
    });
    await play.goto(`${app.url}/play/${code}`);
    await play.getByTestId('join-nickname').fill('Ana');
    await play.getByTestId('join-submit').click();
    await play.getByTestId('network-builder').waitFor();
    await expect.poll(async () => Number(await play.getByTestId('countdown').getAttribute('data-left-s')), { timeout: 15_000 }).toBeGreaterThan(240);

    // Backspace empties the width field instead of snapping to 1; "12" then reads 12, not 112.
    const width = play.getByTestId('width');
    await width.click();
    await width.press('Control+a');
    await width.press('Backspace');
    expect(await width.inputValue()).toBe('');
    await width.pressSequentially('12');
    expect(await width.inputValue()).toBe('12');
    await play.getByTestId('epochs').click();
    expect(await width.inputValue()).toBe('12');

    // A per-layer net with six layers and a residual shortcut.
    await play.getByTestId('mode-per-layer').click();
    const depth = play.getByTestId('depth');
    for (let i = 0; i < 4; i++) await depth.press('ArrowRight');
    await play.getByTestId('layer-0-units').fill('3');
    await play.getByTestId('layer-1-activation').selectOption('tanh');
    await play.getByTestId('shortcut').selectOption('residual');
    expect(await play.locator('[data-testid=layer-table] tbody tr').count()).toBe(6);
    // Eight columns (input, six layers, output): no two labels on one line overlap.
    const labels = await boxes(play, '[data-testid=diagram-label]');
    expect(labels).toHaveLength(8);
    for (let i = 1; i < labels.length; i++) {
      for (let j = 0; j < i; j++) {
        const a = labels[i];
        const b = labels[j];
        const sameLine = a.top < b.bottom && b.top < a.bottom;
        if (sameLine) expect(a.left >= b.right || b.left >= a.right, `labels ${j} and ${i} overlap`).toBe(true);
      }
    }
    expect(await play.getByTestId('submit-why').getAttribute('data-why')).toBe('submit.needTraining');

    await play.reload();
    await play.getByTestId('layer-table').waitFor();
    expect(await play.getByTestId('mode-per-layer').getAttribute('aria-pressed')).toBe('true');
    expect(await play.locator('[data-testid=layer-table] tbody tr').count()).toBe(6);
    expect(await play.getByTestId('layer-0-units').inputValue()).toBe('3');
    expect(await play.getByTestId('layer-1-activation').inputValue()).toBe('tanh');
    expect(await play.getByTestId('shortcut').inputValue()).toBe('residual');

    // A good net first, then a poor one: the card shows the last score apart from the board entry.
    await play.getByTestId('mode-uniform').click();
    await play.getByTestId('depth').press('Home');
    await play.getByTestId('width').fill('8');
    await play.getByTestId('activation').selectOption('tanh');
    await play.getByTestId('shortcut').selectOption('none');
    await play.getByTestId('epochs').fill('30');
    expect(await trainAndWait(play)).toBe('done');
    // A reload keeps the trained model and its curves too: done, 30 points, Submit ready, and the
    // server accepts those weights below.
    const lossBefore = await play.getByTestId('train-status').textContent();
    await play.reload();
    await play.locator('[data-testid=train-status][data-phase=done]').waitFor({ timeout: 15_000 });
    await expect.poll(() => play.getByTestId('curves').getAttribute('data-points')).toBe('30');
    expect(await play.getByTestId('train-status').textContent()).toBe(lossBefore);
    await expect.poll(() => play.getByTestId('submit').isEnabled(), { timeout: 15_000 }).toBe(true);
    await play.getByTestId('submit').click();
    await expect.poll(async () => (await play.getByTestId('my-score').textContent()) ?? '', { timeout: 60_000 }).toMatch(/%$/);
    await expect.poll(() => play.getByTestId('submissions-left').textContent(), { timeout: 15_000 }).toBe('1 submission left');
    const good = Number.parseFloat((await play.getByTestId('my-score').textContent()) ?? 'NaN');

    await play.getByTestId('activation').selectOption('linear');
    await play.getByTestId('width').fill('1');
    await play.getByTestId('epochs').fill('1');
    expect(await trainAndWait(play)).toBe('done');
    await play.getByTestId('submit').click();
    await expect.poll(() => play.getByTestId('submissions-left').getAttribute('data-left'), { timeout: 60_000 }).toBe('0');
    const poor = Number.parseFloat((await play.getByTestId('my-score').textContent()) ?? 'NaN');
    expect(poor).toBeLessThan(good);
    // The entry beside the rank is the board's own row: the best submission, never the last one.
    expect(Number.parseFloat((await play.getByTestId('my-best').textContent()) ?? 'NaN')).toBe(good);
    const row = play.locator('[data-testid=leaderboard] [data-testid=board-row][data-player=Ana]');
    expect(await row.getAttribute('data-rank')).toBe((await play.getByTestId('my-rank').textContent())?.replace('#', ''));
    expect(Number.parseFloat((await row.getByTestId('row-score').textContent()) ?? 'NaN')).toBe(good);
    await play.getByTestId('best-counts').waitFor();
    expect(await play.getByTestId('submit-why').getAttribute('data-why')).toBe('submit.why.sent');
    expect(errors).toEqual([]);
    await screenshot(play, 'play-last-vs-best');
  });

  it('after the close the board ranks by the column it shows, and the next draft keeps the results', async () => {
    // A classmate with a weaker net, from a plain socket.io client.
    const s2 = io(app.url, { auth: { protocol: 1 }, transports: ['websocket'], forceNew: true });
    try {
      const joined = (await s2.timeout(30_000).emitWithAck('player:join', { code, nickname: 'Bo' })) as { ok: boolean; playerToken: string };
      expect(joined.ok).toBe(true);
    } finally {
      s2.disconnect();
    }
    watch = await app.newPage({ viewport: { width: 1920, height: 1080 } });
    await watch.goto(`${app.url}/watch/${code}`);
    await watch.getByTestId('watch-board').waitFor();

    await must('round:close', { code, hostKey, roundId: round.id });
    await play.locator('[data-testid=final-result][data-final=true]').waitFor({ timeout: 120_000 });
    const head = await play.locator('[data-testid=leaderboard] .board-head span').nth(2).textContent();
    expect(head).toBe('Private');
    const scores = await play.locator('[data-testid=leaderboard] [data-testid=row-score]').allTextContents();
    const values = scores.map((v) => Number.parseFloat(v));
    for (let i = 1; i < values.length; i++) expect(values[i]).toBeLessThanOrEqual(values[i - 1]);
    const rank = await play.getByTestId('my-rank').textContent();
    const board = play.locator('[data-testid=leaderboard] [data-testid=board-row][data-player=Ana]');
    expect(`#${await board.getAttribute('data-rank')}`).toBe(rank);
    expect(await play.getByTestId('my-best').textContent()).toBe(await board.getByTestId('row-score').textContent());

    // The 1920 board: both score columns hold "100.00%" in the row's own font.
    await watch.locator('[data-testid=watch-board] [data-testid=board-row]').first().waitFor();
    const fit = await watch.locator('[data-testid=watch-board] [data-testid=board-row]').first().evaluate((row) => {
      const cells = [...row.children] as HTMLElement[];
      const probe = document.createElement('span');
      probe.textContent = '100.00%';
      probe.style.cssText = 'position:absolute;visibility:hidden;white-space:nowrap';
      cells[2].appendChild(probe);
      const need = probe.getBoundingClientRect().width;
      probe.remove();
      return { need, a: cells[2].clientWidth, b: cells[3].clientWidth };
    });
    expect(fit.a).toBeGreaterThanOrEqual(fit.need);
    expect(fit.b).toBeGreaterThanOrEqual(fit.need);

    // The host prepares round 2: the podium and the student's final result stay up.
    await must('round:create', { code, hostKey, taskId: 'xor', preset: 'xor-warmup' });
    await watch.locator('[data-testid=last-results] [data-testid=podium]').waitFor({ timeout: 15_000 });
    await watch.getByTestId('lobby').waitFor();
    await play.getByTestId('lobby').waitFor({ timeout: 15_000 });
    await play.locator('[data-testid=final-result][data-final=true]').waitFor();
    // The draft has no training seed yet: a sentence instead of an empty black preview.
    await play.getByTestId('preview-later').waitFor();
    expect(await play.getByTestId('task-preview').count()).toBe(0);
    await play.reload();
    await play.locator('[data-testid=final-result][data-final=true]').waitFor({ timeout: 15_000 });
    await watch.reload();
    await watch.locator('[data-testid=last-results] [data-testid=podium]').waitFor({ timeout: 15_000 });
    await screenshot(watch, 'watch-draft-keeps-podium');
  });

  it('a browser that asks for zh-CN gets 简体中文 with no choice made, axis and diagram included', async () => {
    const page = await app.newPage({ viewport: { width: 1400, height: 1000 }, locale: 'zh-CN' });
    await page.goto(app.url);
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
    expect(await page.getByTestId('join-submit').textContent()).toBe('加入');
    expect(await page.getByTestId('lang-switch').inputValue()).toBe('zh-CN');
    await page.goto(`${app.url}/play/${code}`);
    await page.getByTestId('join-nickname').fill('小明');
    await page.getByTestId('join-submit').click();
    await page.getByTestId('network-builder').waitFor();
    const labels = await page.getByTestId('diagram-label').allTextContents();
    expect(labels[0]).toBe('输入 2');
    expect(labels[labels.length - 1]).toBe('输出 2');
    await expect.poll(async () => (await page.getByTestId('curves').textContent()) ?? '').toContain('轮次');
  });
});

describe('issue 14 bug 4: chart axes', () => {
  it('the loss axis is wide enough for its longest tick label ("0.0001", once clipped to "0,000")', async () => {
    const page = await app.newPage({ viewport: { width: 1400, height: 1000 } });
    const errors = trackErrors(page);
    // A net that solves noiseless XOR: the loss falls to about 2e-4, so the log axis reads 0.0001.
    await page.goto(`${app.url}/practice?task=xor&n=200&noise=0&ds=1&layers=16:tanh:1,16:tanh:1&sc=none&opt=adam&lr=0.1&bs=16&ep=40&l2=0&seed=1&be=js`);
    expect(await trainAndWait(page)).toBe('done');
    const curves = page.getByTestId('curves');
    await expect.poll(() => curves.getAttribute('data-points')).toBe('40');
    await expect.poll(() => curves.getAttribute('data-scale')).toBe('log');
    // Each vertical axis: the drawn labels (from the chart), measured here in the axis' own font,
    // against the box uPlot gave the axis on the page; labels are drawn right of the tick and gap.
    const fit = await curves.evaluate((el) => {
      const ticks = JSON.parse(el.getAttribute('data-axis-ticks') ?? '[]') as { side: number; labels: string[]; font: string }[];
      const boxes = [...el.querySelectorAll('.u-axis')].map((a) => (a as HTMLElement).getBoundingClientRect().width);
      const ctx = document.createElement('canvas').getContext('2d');
      if (!ctx) throw new Error('no 2d canvas');
      return ticks.flatMap((a, i) => {
        if (a.side % 2 === 0) return [];
        ctx.font = a.font;
        const widest = a.labels.reduce((w, l) => Math.max(w, ctx.measureText(l).width), 0);
        return [{ side: a.side, labels: a.labels, need: widest / (window.devicePixelRatio || 1) + 10 + 5, box: boxes[i] }];
      });
    });
    const left = fit.find((a) => a.side === 3);
    expect(left?.labels).toContain('0.0001');
    // uPlot's fixed 50 px would have clipped it: the case this bug was about.
    expect(left?.need ?? 0).toBeGreaterThan(50);
    for (const a of fit) expect(a.box, `axis ${a.side}: ${a.labels.join(' ')}`).toBeGreaterThanOrEqual(a.need);
    // The legend reads the last loss with its digits, not uPlot's three decimals ("0").
    expect((await curves.locator('.u-legend .u-value').allTextContents())[1]).toMatch(/^0\.000[1-9]/);
    await screenshot(page, 'chart-axis-fits');
    expect(errors).toEqual([]);
  });
});
