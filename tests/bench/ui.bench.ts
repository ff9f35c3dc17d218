/**
 * UI benchmark (`npm run bench:ui`): a reference network trained on wasm in the practice page's
 * Web Worker, in headless Chromium, against the real server. Prints:
 * - training steps/s in the worker (optimizer steps / training wall time),
 * - decision-boundary frames/s achieved during training, and the worker time per 64×64 frame,
 * - the longest main-thread task during training (PerformanceObserver 'longtask', ≥ 50 ms only),
 * - Train → first epoch drawn (click to the progress bar showing epoch 1, measured in the page) for
 *   a small net (2×8 tanh, XOR) on js and on wasm, three times each in one page: the first wasm run
 *   includes loading tfjs into the page's persistent worker, the later ones do not.
 * - the teaching views (issue 11) on the js engine: the same reference net (48 hidden units: 48
 *   thumbnails, a 3-row gradient strip, the hidden space through PCA) on js, with the views shown
 *   and hidden ("Show what happens inside the net") in alternate runs of one page: the main-thread
 *   long tasks (≥ 50 ms) during training side by side, and the canvas paint cost per frame of the
 *   strip, the thumbnails (all of them, per neurons frame) and the hidden space (performance
 *   measures the views record when `window.__viewCost` is set).
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
  await page.locator('[data-testid=train]:not([disabled])').waitFor();
  // tsx names the inner arrow with esbuild's __name helper, which the page does not have.
  await page.evaluate('window.__name = window.__name || ((f) => f)');
  const ms = await page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        const t0 = performance.now();
        // Checked once per frame: after the bar has been reset for the new run, the first frame
        // that shows epoch ≥ 1 is when the epoch is on screen.
        let reset = false;
        const check = (): void => {
          const epoch = Number(document.querySelector('[role=progressbar]')?.getAttribute('aria-valuenow'));
          if (epoch < 1) reset = true;
          if (reset && epoch >= 1) resolve(performance.now() - t0);
          else requestAnimationFrame(check);
        };
        (document.querySelector('[data-testid=train]') as HTMLButtonElement).click();
        requestAnimationFrame(check);
      }),
  );
  await page.locator('[data-testid=train-status][data-phase=done], [data-testid=train-status][data-phase=error]').waitFor({ timeout: 300_000 });
  return ms;
}

/** One js run of the reference net; the views' paint measures and the long tasks it saw. */
async function viewRun(page: import('playwright-core').Page, views: boolean): Promise<{ trainMs: number; longTasks: number[]; paints: Record<string, number[]> }> {
  const toggle = page.getByTestId('show-views');
  if ((await toggle.count()) > 0 && (await toggle.isChecked()) !== views) await toggle.setChecked(views);
  await page.evaluate(() => {
    (window as unknown as LongTaskWindow).__longTasks = [];
    performance.clearMeasures();
  });
  await page.getByTestId('train').click();
  const status = page.locator('[data-testid=train-status][data-phase=done], [data-testid=train-status][data-phase=error]');
  await status.waitFor({ timeout: 300_000 });
  if ((await status.getAttribute('data-phase')) !== 'done') throw new Error(`training failed: ${await status.textContent()}`);
  // The last frames are painted after the done message: wait for the final hidden-space epoch.
  if (views) await page.locator('[data-testid=hidden-space][data-epoch="40"]').waitFor();
  const trainMs = Number(await status.getAttribute('data-train-ms'));
  const { longTasks, paints } = await page.evaluate(() => {
    const byView: Record<string, number[]> = {};
    for (const m of performance.getEntriesByType('measure')) {
      if (m.name.startsWith('view:')) (byView[m.name.slice(5)] ??= []).push(m.duration);
    }
    return { longTasks: (window as unknown as LongTaskWindow).__longTasks, paints: byView };
  });
  return { trainMs, longTasks, paints };
}

/**
 * The reference net on js, RUNS times with the teaching views and RUNS times without them
 * (alternating, same page): main-thread long tasks side by side, then each view's paint cost.
 */
async function teachingViews(browser: import('playwright-core').Browser, url: string, be: 'js' | 'wasm'): Promise<void> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  await page.addInitScript(() => {
    const w = window as unknown as LongTaskWindow & { __viewCost: boolean };
    w.__viewCost = true;
    w.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__longTasks.push(e.duration);
    }).observe({ type: 'longtask', buffered: false });
  });
  await page.goto(url + REFERENCE.replace('be=wasm', `be=${be}`));
  await page.getByTestId('network-builder').waitFor();
  // A first run to warm the worker and create the views (the toggle appears with them).
  await viewRun(page, true);
  console.log(
    be === 'js'
      ? '\nteaching views on js: the reference net (48 thumbnails, 3-row strip, hidden space by PCA of 16 units, validation)'
      : '\nteaching views on wasm: the reference net (hidden space by PCA of 16 units, validation; no internals, so no strip or thumbnails)',
  );
  console.log('run  views  train_ms  long_tasks(>=50ms)  longest_ms');
  const units = 48;
  const lines: string[] = [];
  const all: Record<string, number[]> = { strip: [], thumbs: [], hidden: [] };
  for (let run = 1; run <= RUNS; run++) {
    for (const views of [true, false]) {
      const r = await viewRun(page, views);
      lines.push([String(run).padStart(3), (views ? 'on' : 'off').padStart(6), String(r.trainMs).padStart(9), String(r.longTasks.length).padStart(19), Math.max(0, ...r.longTasks).toFixed(0).padStart(11)].join(' '));
      if (!views) continue;
      all.strip.push(...(r.paints.strip ?? []));
      all.hidden.push(...(r.paints.hidden ?? []));
      // One neurons frame repaints every thumbnail: sum the per-picture measures by frame.
      const n = r.paints.neurons ?? [];
      for (let f = 0; f + units <= n.length; f += units) all.thumbs.push(n.slice(f, f + units).reduce((a, b) => a + b, 0));
    }
  }
  for (const l of lines) console.log(l);
  console.log('view     frames  mean_ms  p95_ms  max_ms   (canvas paint on the main thread, per frame, runs with views on)');
  for (const [name, ms] of Object.entries(all)) {
    if (ms.length === 0) continue;
    const sorted = [...ms].sort((a, b) => a - b);
    const mean = ms.length ? ms.reduce((a, b) => a + b, 0) / ms.length : 0;
    const p95 = sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95))] : 0;
    console.log([name.padEnd(8), String(ms.length).padStart(6), mean.toFixed(2).padStart(8), p95.toFixed(2).padStart(7), Math.max(0, ...ms).toFixed(2).padStart(7)].join(' '));
  }
  await page.close();
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
    await teachingViews(browser, app.url, 'js');
    await teachingViews(browser, app.url, 'wasm');
  } finally {
    await browser.close();
    await app.close();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
