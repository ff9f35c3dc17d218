/**
 * A class bigger than the board: 55 players (real socket.io clients with networks trained by game/)
 * submit strong networks, and one browser player a weak one that ranks below the top 50. Their
 * play page still shows their own row and true rank (from `leaderboard:you`), the big screen shows
 * the top and how many are on the board, and the results page pages the whole board.
 */
import type { Page } from 'playwright-core';
import { io, type Socket } from 'socket.io-client';
import { afterAll, describe, expect, it } from 'vitest';
import type { Ack, RoundPublic } from '../../game/protocol';
import { initBackend } from '../../game/backend';
import { buildTrainSet } from '../../game/tasks/round-data';
import { train } from '../../game/train';
import { packWeights } from '../../game/weights';
import { arenaDuringSuite, trackErrors } from './harness';

const app = arenaDuringSuite();
const CLASS = 55;
const sockets: Socket[] = [];
afterAll(() => sockets.forEach((s) => s.disconnect()));

async function client(): Promise<Socket> {
  const s = io(app.url, { auth: { protocol: 1 }, transports: ['websocket'], reconnection: false, forceNew: true });
  sockets.push(s);
  await new Promise<void>((resolve, reject) => {
    s.once('connect', () => resolve());
    s.once('connect_error', reject);
  });
  return s;
}

async function must<T>(s: Socket, event: string, payload: unknown): Promise<T> {
  const a = (await s.timeout(60_000).emitWithAck(event, payload)) as Ack<T>;
  if (!a.ok) throw new Error(`${event}: ${a.error.code} ${a.error.message}`);
  return a;
}

describe('a class bigger than the board', () => {
  it('shows a player ranked below the top 50 their own row, the screen the count, and the results every page', async () => {
    const host = await client();
    const created = await must<{ tournament: { code: string }; hostKey: string }>(host, 'tournament:create', { title: 'Assembly' });
    const { code } = created.tournament;
    const { hostKey } = created;
    const draft = await must<{ round: RoundPublic }>(host, 'round:create', { code, hostKey, taskId: 'xor', preset: 'xor-warmup', rules: { maxSubmissions: 3 } });
    const { round } = await must<{ round: RoundPublic }>(host, 'round:start', { code, hostKey, roundId: draft.round.id });

    // The class: a strong network each (different seeds), trained with game/ on cpu.
    await initBackend('cpu');
    const data = await buildTrainSet({ taskId: 'xor', trainSeed: round.trainSeed ?? 0, trainSize: round.rules.trainSize, noise: round.rules.noise, trainRows: null });
    const network = { layers: [{ units: 8, activation: 'tanh' as const, groups: 1 }, { units: 8, activation: 'tanh' as const, groups: 1 }], shortcut: 'none' as const };
    for (let i = 0; i < CLASS; i++) {
      const s = await client();
      const joined = await must<{ playerToken: string }>(s, 'player:join', { code, nickname: `kid${i}` });
      const training = { optimizer: 'adam' as const, learningRate: 0.05, batchSize: 32, epochs: 30, l2: 0, seed: 500 + i };
      const { weights } = await train({ network, training, data });
      await must(s, 'submission:create', { playerToken: joined.playerToken, roundId: round.id, network, training, backend: 'cpu', weights: packWeights(weights) });
    }

    // One browser player with a single linear unit: it cannot learn XOR, so it ranks last.
    const page: Page = await app.newPage({ viewport: { width: 1400, height: 1000 } });
    const errors = trackErrors(page);
    await page.goto(`${app.url}/play/${code}`);
    await page.getByTestId('join-nickname').fill('Weak');
    await page.getByTestId('join-submit').click();
    await page.getByTestId('network-builder').waitFor();
    await page.getByTestId('depth').fill('1');
    await page.getByTestId('width').fill('1');
    await page.getByTestId('activation').selectOption('linear');
    await page.getByTestId('train').click();
    await expect.poll(() => page.getByTestId('submit').isEnabled(), { timeout: 120_000 }).toBe(true);
    await page.getByTestId('submit').click();

    // Their own row is on their board below the top 50, with their true rank.
    const own = page.locator('[data-testid=board-row][data-player="Weak"]');
    await own.waitFor({ timeout: 60_000 });
    const board = (await (await fetch(`${app.url}/api/rounds/${round.id}/leaderboard`)).json()) as { total: number; entries: { nickname: string; rank: number }[] };
    const rank = board.entries.find((e) => e.nickname === 'Weak')?.rank ?? 0;
    expect(rank).toBeGreaterThan(50);
    await expect.poll(() => own.getAttribute('data-rank'), { timeout: 30_000 }).toBe(String(rank));
    await expect.poll(() => page.getByTestId('my-rank').textContent()).toBe(`#${rank}`);
    await expect.poll(() => page.getByTestId('board-row').count()).toBe(51);
    await page.getByTestId('board-total').waitFor();

    // The big screen: the top 50 and the count.
    const watch = await app.newPage({ viewport: { width: 1920, height: 1080 } });
    await watch.goto(`${app.url}/watch/${code}`);
    await expect.poll(() => watch.getByTestId('watch-board-total').getAttribute('data-total'), { timeout: 30_000 }).toBe(String(CLASS + 1));
    // It holds the top 50 and pages through them (a screenful at a time: issue 14's projector).
    await expect.poll(() => watch.getByTestId('paged-board').getAttribute('data-total')).toBe('50');
    expect(Number(await watch.getByTestId('paged-board').getAttribute('data-pages'))).toBeGreaterThan(1);

    // The results page pages the whole board: 50, then the last 6 with the weak player among them.
    await must(host, 'round:close', { code, hostKey, roundId: round.id });
    const results = await app.newPage({ viewport: { width: 1400, height: 1000 } });
    await results.goto(`${app.url}/rounds/${round.id}`);
    const rows = results.locator('[data-testid=results-board] [data-testid=board-row]');
    await expect.poll(() => rows.count(), { timeout: 30_000 }).toBe(50);
    await results.getByTestId('results-board-next').click();
    await expect.poll(() => rows.count()).toBe(CLASS + 1 - 50);
    const ranks = (await rows.evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-rank'))))).sort((a, b) => a - b);
    expect(ranks).toEqual([51, 52, 53, 54, 55, 56]);
    expect(errors).toEqual([]);
  });
});
