/**
 * The results page explains a round: twelve bots train real nets on XOR (a sweep over depth, width
 * and activation, with linear nets that cannot solve it beside tanh nets that can), the host
 * closes the round, and the results page shows the fANOVA bars with their spread, the marginal
 * curves drawn by uPlot, and one sentence naming what mattered: in English, then in 简体中文.
 */
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBot, type BotHandle } from '../../server/bot/run-bot';
import { arenaDuringSuite, screenshot, trackErrors } from './harness';

const app = arenaDuringSuite();
let socket: Socket;
let bots: BotHandle | null = null;

beforeAll(() => {
  socket = io(app.url, { auth: { protocol: 1 }, transports: ['websocket'] });
});
afterAll(async () => {
  await bots?.stop();
  socket?.close();
});

type Ack = { ok: boolean; [k: string]: unknown };
const call = async <T>(event: string, payload: object): Promise<T> => {
  const ack = (await socket.timeout(30_000).emitWithAck(event, payload)) as Ack;
  if (!ack.ok) throw new Error(`${event} failed: ${JSON.stringify(ack)}`);
  return ack as unknown as T;
};

const BOTS = 12;

describe('insights on the results page', () => {
  it('shows the curves and the sentence, in English and in Chinese', async () => {
    const { tournament, hostKey } = await call<{ tournament: { code: string }; hostKey: string }>('tournament:create', { title: 'Activation class' });
    const code = tournament.code;
    const { round } = await call<{ round: { id: string } }>('round:create', {
      code,
      hostKey,
      taskId: 'xor',
      // The sigmoid-vs-relu lesson (issue 11) expects activation to decide: the debrief must say so.
      preset: 'sigmoid-vs-relu',
      rules: { trainSize: 200, noise: 0.05, durationSec: 600, maxLayers: 2, maxUnits: 16, maxEpochs: 40, allowedActivations: ['linear', 'tanh'], allowedShortcuts: ['none'], maxSubmissions: 1, auditTopK: 1 },
    });
    bots = await runBot({ url: app.url, code, name: 'sweep', count: BOTS, strategy: 'sweep', seed: 3, backend: 'cpu' });
    await call('round:start', { code, hostKey, roundId: round.id });
    await bots.waitForSubmissions(BOTS, 240_000);
    await call('round:close', { code, hostKey, roundId: round.id });

    const page = await app.newPage({ viewport: { width: 1400, height: 1000 } });
    const errors = trackErrors(page);
    await page.goto(`${app.url}/rounds/${round.id}`);
    const insights = page.locator(`[data-testid=insights][data-version="2"]`);
    await insights.waitFor({ timeout: 60_000 });
    expect(await insights.getAttribute('data-verdict')).toBe('clear');
    const sentence = page.getByTestId('insight-sentence');
    // tanh nets solve XOR and linear ones cannot: activation is what the class should read.
    expect(await sentence.textContent()).toMatch(/^Activation mattered most: tanh nets scored \d+ points higher than linear\.$/);
    const points = Number(/scored (\d+) points/.exec((await sentence.textContent()) ?? '')?.[1]);
    expect(points).toBeGreaterThanOrEqual(15);
    const debrief = page.getByTestId('debrief');
    expect(await debrief.getAttribute('data-preset')).toBe('sigmoid-vs-relu');
    expect(await debrief.getAttribute('data-outcome')).toBe('expected');
    expect(await debrief.getAttribute('data-dimension')).toBe('activation');
    expect(await debrief.locator('p').textContent()).toMatch(/^Activation decided the round \(best: tanh\): saturating sigmoid units/);
    // Before the replay, the lesson says which view to watch.
    const lookFor = page.getByTestId('look-for');
    expect(await lookFor.getAttribute('data-view')).toBe('gradient-strip');
    expect(await lookFor.locator('p').textContent()).toMatch(/^Watch the gradient-flow strip and its saturated units/);
    // Small multiples: one uPlot chart per varying dimension (activation, depth, width at least).
    const curves = page.getByTestId('marginal-curve');
    await page.locator('[data-testid=marginal-curve][data-name=activation] canvas').first().waitFor();
    expect(await curves.count()).toBeGreaterThanOrEqual(3);
    expect(await page.locator('[data-testid=marginal-curve] .uplot').count()).toBe(await curves.count());
    expect(await page.locator('[data-testid=insight-row][data-name=params]').count()).toBe(0);
    expect(await page.getByTestId('insight-params').textContent()).toMatch(/Parameter count/);
    expect(await page.locator('[data-testid=parallel-tick]').count()).toBeGreaterThan(10);
    await screenshot(page, 'results-insights-en');

    await page.getByTestId('lang-switch').selectOption('zh-CN');
    await page.locator('[data-testid=insight-sentence]', { hasText: '影响最大' }).waitFor();
    expect(await sentence.textContent()).toMatch(/^激活函数影响最大：tanh 网络的得分比 linear 高 \d+ 分。$/);
    expect(await page.getByTestId('marginal-curves').locator('p').textContent()).toBe('按取值的预测得分（其他维度取平均）');
    expect(await debrief.locator('strong').textContent()).toBe('全班的发现');
    expect(await lookFor.locator('strong').textContent()).toBe('要观察什么');
    expect(await debrief.locator('p').textContent()).toMatch(/^激活函数决定了这一轮（最佳：tanh）/);
    await screenshot(page, 'results-insights-zh-CN');
    expect(errors).toEqual([]);
  });
});
