/**
 * The solo sandbox: trains in the page's worker with no socket.io connection at all, keeps its
 * whole configuration in the URL across a reload, and trains on the webgl backend (SwiftShader).
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WEBGL_ARGS, launch, screenshot, startApp, trackErrors, trainAndWait, type App } from './harness';

let app: App;
let browser: Browser;

beforeAll(async () => {
  app = await startApp();
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

describe('practice', () => {
  it('trains with no socket connection and restores its configuration from the URL after a reload', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const errors = trackErrors(page);
    const sockets: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/socket.io')) sockets.push(r.url());
    });
    page.on('websocket', (ws) => sockets.push(ws.url()));
    await page.goto(`${app.url}/practice`);
    await page.getByTestId('task').selectOption('circle');
    await page.getByTestId('depth').fill('3');
    await page.getByTestId('width').fill('6');
    await page.getByTestId('activation').selectOption('relu');
    await page.getByTestId('shortcut').selectOption('residual');
    await page.getByTestId('epochs').fill('25');
    await page.getByTestId('seed').fill('4242');
    await expect.poll(() => page.url()).toContain('seed=4242');
    expect(await trainAndWait(page)).toBe('done');
    expect(await page.getByTestId('boundary').getAttribute('data-has-grid')).toBe('1');
    expect(Number(await page.getByTestId('curves').getAttribute('data-points'))).toBe(25);
    await screenshot(page, 'practice-trained');

    const url = page.url();
    expect(url).toContain('task=circle');
    expect(url).toContain('layers=6%3Arelu%3A1%2C6%3Arelu%3A1%2C6%3Arelu%3A1');
    await page.reload();
    await page.getByTestId('network-builder').waitFor();
    expect(await page.getByTestId('task').inputValue()).toBe('circle');
    expect(await page.getByTestId('depth').inputValue()).toBe('3');
    expect(await page.getByTestId('width').inputValue()).toBe('6');
    expect(await page.getByTestId('activation').inputValue()).toBe('relu');
    expect(await page.getByTestId('shortcut').inputValue()).toBe('residual');
    expect(await page.getByTestId('epochs').inputValue()).toBe('25');
    expect(await page.getByTestId('seed').inputValue()).toBe('4242');
    expect(sockets).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('trains on a real data set fetched from /datasets in the worker', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const errors = trackErrors(page);
    const fetched: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/datasets/')) fetched.push(new URL(r.url()).pathname);
    });
    await page.goto(`${app.url}/practice?task=iris&n=100&layers=8:relu:1&sc=none&opt=adam&lr=0.03&bs=8&ep=20&l2=0&seed=5&be=wasm`);
    expect(await trainAndWait(page)).toBe('done');
    expect(fetched).toEqual(['/datasets/iris.csv']);
    expect(await page.getByTestId('boundary').count()).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('trains a small network on the webgl backend', async () => {
    const gl = await launch(WEBGL_ARGS);
    try {
      const page = await gl.newPage({ viewport: { width: 1400, height: 1000 } });
      const errors = trackErrors(page);
      await page.goto(`${app.url}/practice?task=xor&n=100&layers=4:tanh:1&sc=none&opt=adam&lr=0.05&bs=50&ep=5&l2=0&seed=3&be=webgl`);
      expect(await page.getByTestId('backend').inputValue()).toBe('webgl');
      const phase = await trainAndWait(page, 240_000);
      if (phase !== 'done') throw new Error(`webgl training ended in ${phase}: ${await page.getByTestId('train-status').textContent()}`);
      expect(Number(await page.getByTestId('curves').getAttribute('data-points'))).toBe(5);
      await screenshot(page, 'practice-webgl');
      expect(errors).toEqual([]);
    } finally {
      await gl.close();
    }
  });
});
