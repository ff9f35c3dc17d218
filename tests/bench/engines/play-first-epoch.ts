/**
 * Train → first epoch drawn in the real `/play/CODE` page (issue 7): the whole app (Next,
 * socket.io, SQLite in a temp dir) on a random port, a host that opens an XOR warm-up round over a
 * real socket.io client, and headless Chromium joining as a player, who trains the preset's net
 * on the engine "auto" picks. Measured inside the page: the click on Train to the frame after the
 * progress bar reaches epoch 1. Builds the app first when the build is stale (as the e2e tests do).
 */
import { io } from 'socket.io-client';
import type { Ack, RoundPublic } from '../../../game/protocol';
import setup from '../../e2e/global-setup';
import { launch, startApp } from '../../e2e/harness';

export interface PlayFirstEpoch {
  /** The engine the builder picked (data-engine of the backend select). */
  engine: string;
  /** ms per run in one page; the first includes nothing the later ones skip except JIT warm-up. */
  runs: number[];
}

async function must<T>(s: ReturnType<typeof io>, event: string, payload: unknown): Promise<T> {
  const a = (await s.timeout(60_000).emitWithAck(event, payload)) as Ack<T>;
  if (!a.ok) throw new Error(`${event}: ${a.error.code} ${a.error.message}`);
  return a;
}

/** ms from a click on Train to the progress bar showing epoch ≥ 1, measured inside the page. */
export async function firstEpochMs(page: import('playwright-core').Page): Promise<number> {
  const ms = await page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        const bar = document.querySelector('[role=progressbar]') as HTMLElement;
        const t0 = performance.now();
        const obs = new MutationObserver(() => {
          if (Number(bar.getAttribute('aria-valuenow')) >= 1) {
            obs.disconnect();
            // The next frame is when the epoch is on screen.
            requestAnimationFrame(() => resolve(performance.now() - t0));
          }
        });
        obs.observe(bar, { attributes: true });
        (document.querySelector('[data-testid=train]') as HTMLButtonElement).click();
      }),
  );
  await page.locator('[data-testid=train-status][data-phase=done], [data-testid=train-status][data-phase=error]').waitFor({ timeout: 300_000 });
  return ms;
}

/** Runs the measurement `runs` times in one /play page. Side effects: may build the app. */
export async function playFirstEpoch(runs = 3): Promise<PlayFirstEpoch> {
  setup();
  const app = await startApp();
  const browser = await launch();
  const host = io(app.url, { auth: { protocol: 1 }, transports: ['websocket'], reconnection: false, forceNew: true });
  try {
    await new Promise<void>((resolve, reject) => {
      host.once('connect', () => resolve());
      host.once('connect_error', reject);
    });
    const created = await must<{ tournament: { code: string }; hostKey: string }>(host, 'tournament:create', { title: 'Bench' });
    const { code } = created.tournament;
    const draft = await must<{ round: RoundPublic }>(host, 'round:create', { code, hostKey: created.hostKey, taskId: 'xor', preset: 'xor-warmup', rules: { maxSubmissions: 3 } });
    await must(host, 'round:start', { code, hostKey: created.hostKey, roundId: draft.round.id });
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await page.goto(`${app.url}/play/${code}`);
    await page.getByTestId('join-nickname').fill('Bench');
    await page.getByTestId('join-submit').click();
    await page.getByTestId('network-builder').waitFor();
    const engine = (await page.getByTestId('backend').getAttribute('data-engine')) ?? '?';
    const times: number[] = [];
    for (let i = 0; i < runs; i++) times.push(await firstEpochMs(page));
    return { engine, runs: times };
  } finally {
    host.disconnect();
    await browser.close();
    await app.close();
  }
}
