/**
 * UI benchmark (`npm run bench:ui`): a reference network trained on wasm in the practice page's
 * Web Worker, in headless Chromium, against the real server. Prints:
 * - training steps/s in the worker (optimizer steps / training wall time),
 * - decision-boundary frames/s achieved during training, and the worker time per 64×64 frame,
 * - the longest main-thread task during training (PerformanceObserver 'longtask', ≥ 50 ms only),
 * - Train → first epoch drawn (click to the progress bar showing epoch 1, measured in the page) for
 *   a small net (2×8 tanh, XOR) on js and on wasm, three times each in one page: the first wasm run
 *   includes loading tfjs into the page's persistent worker, the later ones do not.
 * Figures only, no assertions. Builds the app first if the build is stale.
 */
import setup from '../e2e/global-setup';
import { launch, startApp } from '../e2e/harness';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const REFERENCE =
  '/practice?task=spiral&noise=0.1&n=400&ds=1&layers=16:relu:1,16:relu:1,16:relu:1&sc=residual&opt=adam&lr=0.01&bs=16&ep=40&l2=0&seed=7&be=wasm';

interface LongTaskWindow {
  __longTasks: number[];
}

const SMALL = (be: string): string =>
  `/practice?task=xor&noise=0.05&n=200&ds=1&layers=8:tanh:1,8:tanh:1&sc=none&opt=adam&lr=0.03&bs=10&ep=40&l2=0&seed=3&be=${be}`;

/** ms from a click on Train to the progress bar showing epoch ≥ 1, measured inside the page. */
async function firstEpochMs(page: import('playwright-core').Page): Promise<number> {
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

async function main(): Promise<void> {
  setup();
  const app = await startApp();
  const browser = await launch();
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await page.addInitScript(() => {
      const w = window as unknown as LongTaskWindow;
      w.__longTasks = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) w.__longTasks.push(e.duration);
      }).observe({ type: 'longtask', buffered: false });
    });
    for (const be of ['js', 'wasm']) {
      const small = await browser.newPage();
      await small.goto(app.url + SMALL(be));
      await small.getByTestId('network-builder').waitFor();
      const times: string[] = [];
      for (let i = 0; i < 3; i++) times.push((await firstEpochMs(small)).toFixed(0));
      console.log(`Train → first epoch drawn, 2×8 tanh XOR on ${be}: ${times.join(', ')} ms`);
      await small.close();
    }
    await page.goto(app.url + REFERENCE);
    await page.getByTestId('network-builder').waitFor();
    const params = await page.getByTestId('param-count').textContent();
    console.log(`reference: spiral 400 pts, 3×16 relu residual (${params} params), adam, batch 16, 40 epochs, wasm`);
    console.log('run  steps  train_ms  steps/s  frames  frames/s  ms/frame  longest_main_task_ms');
    for (let run = 1; run <= RUNS; run++) {
      await page.evaluate(() => {
        (window as unknown as LongTaskWindow).__longTasks = [];
      });
      await page.getByTestId('train').click();
      const status = page.locator('[data-testid=train-status][data-phase=done], [data-testid=train-status][data-phase=error]');
      await status.waitFor({ timeout: 300_000 });
      const attr = async (name: string): Promise<number> => Number(await status.getAttribute(name));
      if ((await status.getAttribute('data-phase')) !== 'done') throw new Error(`training failed: ${await status.textContent()}`);
      const steps = await attr('data-steps');
      const trainMs = await attr('data-train-ms');
      const frames = await attr('data-frames');
      const frameMs = await attr('data-frame-ms');
      const longest = await page.evaluate(() => Math.max(0, ...(window as unknown as LongTaskWindow).__longTasks));
      console.log(
        [
          String(run).padStart(3),
          String(steps).padStart(6),
          String(trainMs).padStart(9),
          (steps / (trainMs / 1000)).toFixed(0).padStart(8),
          String(frames).padStart(7),
          (frames / (trainMs / 1000)).toFixed(1).padStart(9),
          (frames ? frameMs / frames : 0).toFixed(1).padStart(9),
          longest.toFixed(0).padStart(21),
        ].join(' '),
      );
    }
    console.log('(longest_main_task_ms = 0 means no main-thread task reached the 50 ms long-task threshold)');
  } finally {
    await browser.close();
    await app.close();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
