/**
 * Shared e2e harness: a real server (Next + socket.io + SQLite in a temp file) on a random port,
 * headless Debian Chromium through playwright-core, and screenshots for review.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { startServer, type RunningServer } from '../../server/main';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const SCREENSHOTS = join(ROOT, 'tests/artifacts/screenshots');

export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
/** WebGL in headless Chromium without a GPU: SwiftShader through ANGLE (slow, but real WebGL). */
export const WEBGL_ARGS = ['--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--ignore-gpu-blocklist', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export interface App {
  server: RunningServer;
  url: string;
  close(): Promise<void>;
}

/** Starts the whole app with a fresh SQLite file; `close` stops it and deletes the file. */
export async function startApp(): Promise<App> {
  const dir = mkdtempSync(join(tmpdir(), 'tune-arena-e2e-'));
  const server = await startServer({ port: 0, databaseUrl: join(dir, 'e2e.db'), next: true, poolSize: 1 });
  return {
    server,
    url: server.url,
    close: async () => {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Launches Chromium (CHROMIUM_PATH or /usr/bin/chromium). */
export function launch(args: string[] = CHROMIUM_ARGS): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args, headless: true });
}

/** Saves a full-page screenshot as tests/artifacts/screenshots/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  // Finished animations: a row or chip caught mid-transition would make the picture misleading.
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true, animations: 'disabled' });
}

/** Collects page errors so a test can assert none happened. */
export function trackErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
}

/** Clicks Train and waits until the worker finishes (or fails), returning the final phase. */
export async function trainAndWait(page: Page, timeout = 120_000): Promise<string> {
  await page.getByTestId('train').click();
  const status = page.locator('[data-testid=train-status][data-phase=done], [data-testid=train-status][data-phase=error]');
  await status.waitFor({ timeout });
  return (await status.getAttribute('data-phase')) ?? '';
}

/** The app and a browser shared by one test file (see `arenaDuringSuite`). */
export interface Arena {
  readonly url: string;
  /** A page in a fresh browser context (its own cookies and storage), closed after the file. */
  newPage(options?: BrowserContextOptions): Promise<Page>;
}

/**
 * Registers, for the calling test file, a running app and a Chromium started before its tests and
 * closed (with every context the file opened) after them.
 * @example const arena = arenaDuringSuite(); const page = await arena.newPage({ viewport: { width: 390, height: 844 } });
 */
export function arenaDuringSuite(args: string[] = CHROMIUM_ARGS): Arena {
  let app: App | null = null;
  let browser: Browser | null = null;
  const contexts: { close(): Promise<void> }[] = [];
  beforeAll(async () => {
    app = await startApp();
    browser = await launch(args);
  });
  afterAll(async () => {
    for (const c of contexts.splice(0)) await c.close().catch(() => undefined);
    await browser?.close();
    await app?.close();
  });
  const running = <T>(v: T | null): T => {
    if (v === null) throw new Error('the suite app is not running yet (use it inside a test)');
    return v;
  };
  return {
    get url() {
      return running(app).url;
    },
    async newPage(options) {
      const ctx = await running(browser).newContext(options);
      contexts.push(ctx);
      return ctx.newPage();
    },
  };
}
