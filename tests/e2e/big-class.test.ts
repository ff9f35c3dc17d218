/**
 * A class bigger than the board: 55 players (real socket.io clients with networks trained by game/)
 * submit strong networks, and one browser player a weak one that ranks below the top 50. Their
 * play page still shows their own row and true rank (from `leaderboard:you`), the big screen shows
 * how many are on the board and pages to the last of them (rows below the socket's top 50 come
 * from the paged HTTP board), and the results page pages the whole board. The class submits two
 * networks only (two seeds), so equal public scores are forced: every row is marked as a tie, the
 * rule that breaks ties is stated, and within a tie the earlier submission ranks first (issue 14).
 */
import type { Page } from 'playwright-core';
import { io, type Socket } from 'socket.io-client';
import { afterAll, describe, expect, it } from 'vitest';
import type { Ack, RoundPublic } from '../../game/protocol';
import { initBackend } from '../../game/backend';
import { buildTrainSet } from '../../game/tasks/round-data';
import { train } from '../../game/train';
import { packWeights } from '../../game/weights';
import { arenaDuringSuite, screenshot, trackErrors } from './harness';

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

    // The class: a strong network, trained with game/ on cpu, from one of two seeds (even and odd
    // kids), so every kid shares its exact score with the others of its seed.
    await initBackend('cpu');
    const data = await buildTrainSet({ taskId: 'xor', trainSeed: round.trainSeed ?? 0, trainSize: round.rules.trainSize, noise: round.rules.noise, trainRows: null });
    const network = { layers: [{ units: 8, activation: 'tanh' as const, groups: 1 }, { units: 8, activation: 'tanh' as const, groups: 1 }], shortcut: 'none' as const };
    const trainings = [500, 501].map((seed) => ({ optimizer: 'adam' as const, learningRate: 0.05, batchSize: 32, epochs: 30, l2: 0, seed }));
    const nets = await Promise.all(trainings.map(async (training) => packWeights((await train({ network, training, data })).weights)));
    for (let i = 0; i < CLASS; i++) {
      const s = await client();
      const joined = await must<{ playerToken: string }>(s, 'player:join', { code, nickname: `kid${i}` });
      await must(s, 'submission:create', { playerToken: joined.playerToken, roundId: round.id, network, training: trainings[i % 2], backend: 'cpu', weights: nets[i % 2] });
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
    const board = (await (await fetch(`${app.url}/api/rounds/${round.id}/leaderboard?offset=0&limit=500`)).json()) as { total: number; entries: { nickname: string; rank: number; publicScore: number | null }[] };
    expect(board.total).toBe(CLASS + 1);
    const rank = board.entries.find((e) => e.nickname === 'Weak')?.rank ?? 0;
    expect(rank).toBeGreaterThan(50);
    await expect.poll(() => own.getAttribute('data-rank'), { timeout: 30_000 }).toBe(String(rank));
    await expect.poll(() => page.getByTestId('my-rank').textContent()).toBe(`#${rank}`);
    await expect.poll(() => page.getByTestId('board-row').count()).toBe(51);
    await page.getByTestId('board-total').waitFor();

    // Forced ties: kids of one seed share one public score, and the earlier submission (the lower
    // kid number) ranks first among them. The page marks each of them and states the rule.
    const kid = (i: number) => board.entries.find((e) => e.nickname === `kid${i}`);
    for (let i = 2; i < CLASS; i++) {
      expect(kid(i)?.publicScore).toBe(kid(i - 2)?.publicScore);
      expect(kid(i)?.rank ?? 0).toBeGreaterThan(kid(i - 2)?.rank ?? Infinity);
    }
    const kidRows = page.locator('[data-testid=leaderboard] [data-testid=board-row][data-player^=kid]');
    expect(await kidRows.count()).toBe(50);
    expect(await kidRows.evaluateAll((els) => els.filter((e) => e.getAttribute('data-tie') !== 'true').length)).toBe(0);
    expect(await page.locator('[data-testid=leaderboard] [data-testid=tie-rule]').textContent()).toBe('Tied scores: the earlier submission ranks first, and points follow the rank.');
    expect(await own.getAttribute('data-tie')).toBeNull();

    // The big screen: the count, and pages that reach every player, the ones below the socket's
    // top 50 included (they come from the paged HTTP board), the weak player on the last page.
    const watch = await app.newPage({ viewport: { width: 1920, height: 1080 } });
    const watchErrors = trackErrors(watch);
    await watch.goto(`${app.url}/watch/${code}`);
    await expect.poll(() => watch.getByTestId('watch-board-total').getAttribute('data-total'), { timeout: 30_000 }).toBe(String(CLASS + 1));
    const paged = watch.getByTestId('paged-board');
    await expect.poll(() => paged.getAttribute('data-total')).toBe(String(CLASS + 1));
    const pages = Number(await paged.getAttribute('data-pages'));
    // The sound and fullscreen buttons cover none of the header (they once hid the title, and a
    // wide random code once pushed the QR code under them): checked with the widest code there is.
    const overlaps = await watch.evaluate(() => {
      const shown = document.querySelector('[data-testid=join-code]');
      if (shown) shown.textContent = 'WWWWWW';
      const controls = document.querySelector('.stage-controls')?.getBoundingClientRect();
      const header = ['join-code', 'qr-code', 'watch-round', 'countdown'].map((id) => document.querySelector(`[data-testid=${id}]`));
      const title = document.querySelector('[data-testid=watch-round]')?.parentElement ?? null;
      if (!controls) return ['no controls'];
      return [...header, title].flatMap((el, i) => {
        const r = el?.getBoundingClientRect();
        if (!r) return [`missing ${i}`];
        return r.left < controls.right && controls.left < r.right && r.top < controls.bottom && controls.top < r.bottom ? [String(i)] : [];
      });
    });
    expect(overlaps).toEqual([]);
    const perPage = Number(await paged.getAttribute('data-size'));
    expect(pages).toBe(Math.ceil((CLASS + 1) / perPage));
    expect(Number(await watch.getByTestId('watch-more').getAttribute('data-beyond'))).toBe(CLASS + 1 - perPage);
    // Page and rows are read in one step (the board also turns by itself), and only once the
    // page holds its rows (a page below the top 50 is fetched when it comes up).
    const seen = new Map<string, number>();
    let firstChecked = false;
    const want = (p: number) => Math.min(perPage, CLASS + 1 - (p - 1) * perPage);
    for (let i = 0; i < pages * 3 && seen.size < CLASS + 1; i++) {
      let view = { page: 0, rows: [] as [string, number][], ties: 0, rule: false, spill: 0 };
      await expect
        .poll(async () => {
          view = await paged.evaluate((el) => ({
            page: Number(el.getAttribute('data-page')),
            rows: [...el.querySelectorAll('[data-testid=watch-board] [data-testid=board-row]')].map((r) => [r.getAttribute('data-player') ?? '', Number(r.getAttribute('data-rank'))] as [string, number]),
            ties: el.querySelectorAll('[data-testid=watch-board] [data-testid=board-row][data-tie=true]').length,
            rule: el.querySelector('[data-testid=tie-rule]') !== null,
            // "tie" marks that reach outside their row's box.
            spill: [...el.querySelectorAll('[data-testid=board-row] .tie')].filter((m) => {
              const r = m.getBoundingClientRect();
              const row = (m.closest('[data-testid=board-row]') as HTMLElement).getBoundingClientRect();
              return r.top < row.top || r.bottom > row.bottom;
            }).length,
          }));
          return view.rows.length === want(view.page);
        }, { timeout: 15_000 })
        .toBe(true);
      expect(view.rows.map(([, r]) => r)).toEqual(Array.from({ length: want(view.page) }, (_, k) => (view.page - 1) * perPage + k + 1));
      for (const [name, r] of view.rows) seen.set(name, r);
      // The first page is all kids, tied in their seed's group: each row marked, the rule stated.
      if (view.page === 1) {
        expect([view.ties, view.rule, view.spill]).toEqual([perPage, true, 0]);
        firstChecked = true;
      }
      if (view.page === pages) {
        expect(await paged.getAttribute('data-remote')).toBe('true');
        await screenshot(watch, 'watch-big-class-last-page');
      }
      await watch.getByTestId('watch-next').click();
      await expect.poll(() => paged.getAttribute('data-page')).not.toBe(String(view.page));
    }
    expect(seen.size).toBe(CLASS + 1);
    expect(firstChecked).toBe(true);
    expect(seen.get('Weak')).toBe(rank);
    expect(watchErrors).toEqual([]);

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
