/**
 * Simplified Chinese: the choice made on the home page survives a reload and reaches the play
 * page, whose labels (builder, training, Train) are Chinese; a server error and a rule violation are
 * Chinese sentences.
 */
import type { Browser } from 'playwright-core';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch, screenshot, startApp, type App } from './harness';

let app: App;
let browser: Browser;
let socket: Socket;

beforeAll(async () => {
  app = await startApp();
  browser = await launch();
  socket = io(app.url, { auth: { protocol: 1 }, transports: ['websocket'] });
});
afterAll(async () => {
  socket?.close();
  await browser?.close();
  await app?.close();
});

type Ack = { ok: boolean; [k: string]: unknown };
const call = (event: string, payload: object): Promise<Ack> => socket.timeout(20_000).emitWithAck(event, payload) as Promise<Ack>;

describe('zh-CN', () => {
  it('shows Chinese labels on the play page and Chinese error sentences', async () => {
    const created = await call('tournament:create', { title: '三年二班' });
    expect(created.ok).toBe(true);
    const { tournament, hostKey } = created as unknown as { tournament: { code: string }; hostKey: string };
    const code = tournament.code;
    const round = (await call('round:create', { code, hostKey, taskId: 'xor', preset: 'xor-warmup' })) as unknown as { round: { id: string } };
    expect((await call('round:start', { code, hostKey, roundId: round.round.id })).ok).toBe(true);
    expect((await call('player:join', { code, nickname: '小明' })).ok).toBe(true);

    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await page.goto(app.url);
    await page.getByTestId('lang-switch').selectOption('zh-CN');
    await page.reload();
    expect(await page.getByTestId('lang-switch').inputValue()).toBe('zh-CN');
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
    expect(await page.getByTestId('join-submit').textContent()).toBe('加入');

    // The server's NICKNAME_TAKEN comes back as a localized sentence.
    await page.getByTestId('join-code').fill(code);
    await page.getByTestId('join-nickname').fill('小明');
    await page.getByTestId('join-submit').click();
    await expect.poll(() => page.getByTestId('join-error').textContent()).toBe('该昵称在本场比赛中已被使用。');

    await page.getByTestId('join-nickname').fill('小红');
    await page.getByTestId('join-submit').click();
    await page.waitForURL(`**/play/${code}`);
    await page.getByTestId('network-builder').waitFor();
    const text = (await page.locator('main').textContent()) ?? '';
    for (const label of ['网络搭建', '深度（隐藏层数）', '激活函数', '捷径连接', '分组数', '优化器', '学习率', '批大小', '规则', '参数量']) {
      expect(text).toContain(label);
    }
    expect(await page.getByTestId('task-title').textContent()).toBe('异或（XOR）');
    expect(await page.getByTestId('train').textContent()).toBe('训练');
    expect(await page.getByTestId('submit').textContent()).toBe('提交');

    // A rule violation (3 groups cannot divide the 2 inputs of xor) reads as a Chinese sentence
    // naming the layer and the widths, rendered from game/rules' code and params.
    await page.getByTestId('mode-uniform').click();
    await page.getByTestId('width').fill('8');
    await page.getByTestId('groups').selectOption('3');
    const first = page.getByTestId('violations').locator('li').first();
    await expect.poll(() => first.textContent()).toBe('第 1 层有 8 个单元、3 个分组：分组数必须同时整除该层的输入宽度（2）和单元数（8）。');
    expect(await first.getAttribute('data-code')).toBe('groups.notDivisor');
    expect(await page.locator('main').textContent()).toContain('违反规则');
    await screenshot(page, 'play-zh-CN-violation');
    await page.getByTestId('groups').selectOption('1');
    await page.getByTestId('builder-valid').waitFor();
    await screenshot(page, 'play-zh-CN');
    await page.close();
  });
});
