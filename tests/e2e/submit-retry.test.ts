/**
 * A lost acknowledgement never costs a submission: the page's connection drops after the server
 * stored a submission but before its ack arrived (the test drops that ack on the wire and closes the
 * WebSocket). Once the page is back online it resends by itself, with the trained result's
 * submissionKey, so the server answers the stored submission: one row, even though the round allows
 * only one submission, and no stale "Cannot reach the server." (issue 14, bug 11). Real server, real
 * SQLite file, wasm training.
 */
import type { Browser, BrowserContext } from 'playwright-core';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RoundPublic } from '../../game/protocol';
import { launch, startApp, trackErrors, trainAndWait, type App } from './harness';

let app: App;
let browser: Browser;
let context: BrowserContext | null = null;
let host: Socket | null = null;

beforeAll(async () => {
  app = await startApp();
  browser = await launch();
});
afterAll(async () => {
  host?.disconnect();
  await context?.close().catch(() => undefined);
  await browser?.close();
  await app?.close();
});

type Json = Record<string, unknown>;
async function must<T>(s: Socket, event: string, payload: unknown): Promise<T> {
  const ack = (await s.timeout(30_000).emitWithAck(event, payload)) as Json;
  if (ack.ok !== true) throw new Error(`${event}: ${JSON.stringify(ack)}`);
  return ack as T;
}

/** A tournament with an open XOR round that allows exactly one submission per player. */
async function openRound(): Promise<{ code: string; round: RoundPublic }> {
  const s = io(app.url, { auth: { protocol: 1 }, transports: ['websocket'], reconnection: false, forceNew: true });
  host = s;
  await new Promise<void>((resolve, reject) => {
    s.once('connect', () => resolve());
    s.once('connect_error', reject);
  });
  const created = await must<{ tournament: { code: string }; hostKey: string }>(s, 'tournament:create', { title: 'Lost acks' });
  const { code } = created.tournament;
  const { hostKey } = created;
  const rules = { maxSubmissions: 1, maxEpochs: 5, durationSec: 600, auditTopK: 0 };
  const draft = await must<{ round: RoundPublic }>(s, 'round:create', { code, hostKey, taskId: 'xor', preset: 'xor-warmup', rules });
  const { round } = await must<{ round: RoundPublic }>(s, 'round:start', { code, hostKey, roundId: draft.round.id });
  return { code, round };
}

// socket.io over engine.io: '4' (message) + '3' (ack) + ack id + the JSON arguments.
const SUBMIT_ACK = /^43\d+\[\{"ok":true,"submission":/;

describe('submit retry', () => {
  it('a submission whose ack was lost is resent by itself on reconnect and answers the stored row', async () => {
    const { code, round } = await openRound();
    const store = app.server.store;
    if (!store) throw new Error('the app exposes no store');
    context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    const page = await context.newPage();
    const errors = trackErrors(page);

    let dropAck = false;
    let dropped = 0;
    await page.routeWebSocket(/\/socket\.io\//, (ws) => {
      const server = ws.connectToServer();
      ws.onMessage((m) => server.send(m));
      server.onMessage((m) => {
        if (dropAck && typeof m === 'string' && SUBMIT_ACK.test(m)) {
          // The row is stored and the ack is on its way: the connection dies right here.
          dropAck = false;
          dropped += 1;
          void ws.close();
          return;
        }
        ws.send(m);
      });
    });

    await page.goto(app.url);
    await page.getByTestId('join-code').fill(code);
    await page.getByTestId('join-nickname').fill('Retry');
    await page.getByTestId('join-submit').click();
    await page.waitForURL(`**/play/${code}`);
    await page.getByTestId('network-builder').waitFor();
    expect(await trainAndWait(page)).toBe('done');

    dropAck = true;
    await page.getByTestId('submit').click();
    await expect.poll(() => dropped).toBe(1);
    const stored = await store.listSubmissions(round.id);
    expect(stored).toHaveLength(1);
    expect(stored[0]?.submissionKey).toMatch(/^[A-Za-z0-9_-]{22}$/);

    // Back online (a new WebSocket through the same route), the page sends the same weights again
    // by itself: nobody presses Submit a second time, and the offline error goes away.
    await page.getByTestId('disconnected').waitFor({ state: 'detached' });
    const submit = page.getByTestId('submit');
    const score = page.getByTestId('my-score');
    await expect.poll(async () => (await score.textContent()) ?? '—', { timeout: 60_000 }).toMatch(/%$/);
    await expect.poll(() => page.getByTestId('submit-error').count()).toBe(0);

    const after = await store.listSubmissions(round.id);
    expect(after.map((s) => s.id)).toEqual(stored.map((s) => s.id));
    expect(await page.getByTestId('submissions-left').getAttribute('data-left')).toBe('0');
    // Submitted and acknowledged: the same weights cannot be sent again, and the page says why.
    expect(await submit.isEnabled()).toBe(false);
    expect(await page.getByTestId('submit-why').getAttribute('data-why')).toBe('submit.why.sent');
    expect(errors).toEqual([]);
  });
});
