/**
 * The js engine's weights are the same bytes in Node, in Chromium (page and Worker) and in Firefox
 * ESR (page and Worker, driven by puppeteer-core over WebDriver BiDi): the SHA-256 of each case's
 * final weights must equal Node's, and so must the digests of the pictures the SIMD grid kernel
 * draws (tests/unit/fixtures/js-grid-digests.ts). The page bundle imports game/ only, never tfjs.
 */
import { build } from 'esbuild';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import puppeteer from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JS_CASES, jsCaseDigests } from '../unit/fixtures/js-determinism-cases';
import { GRID_CASES, jsGridDigests } from '../unit/fixtures/js-grid-digests';

type Digests = Record<string, string>;
type Published = { page: Digests; worker: Digests } | { error: string };

const here = path.dirname(fileURLToPath(import.meta.url));
let dir = '';
let server: http.Server | null = null;
let origin = '';
let node: Digests = {};
let bundleText = '';

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'tune-arena-js-engine-'));
  const bundle = path.join(dir, 'bundle.js');
  await build({
    entryPoints: [path.join(here, '../unit/fixtures/js-browser-entry.ts')],
    bundle: true,
    platform: 'browser',
    format: 'esm',
    outfile: bundle,
    logLevel: 'warning',
  });
  bundleText = await readFile(bundle, 'utf8');
  server = http.createServer((req, res) => {
    if (req.url === '/') res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><script type="module" src="/bundle.js"></script>');
    else if (req.url === '/bundle.js') res.writeHead(200, { 'content-type': 'text/javascript' }).end(bundleText);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => (server as http.Server).listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  node = { ...(await jsCaseDigests()), ...jsGridDigests() };
});

afterAll(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  if (dir) await rm(dir, { recursive: true, force: true });
});

function expectSame(published: Published): void {
  if ('error' in published) throw new Error(published.error);
  expect(Object.keys(node)).toHaveLength(JS_CASES.length + 2 + GRID_CASES.length * 2);
  expect(node.drawer).toBe('simd');
  expect(node['affine kernel']).toBe('on');
  expect(published.page).toEqual(node);
  expect(published.worker).toEqual(node);
}

describe('js engine weights: Node against browsers', () => {
  it('the page bundle does not contain tfjs', () => {
    expect(bundleText).not.toMatch(/tensorflow|tfjs/i);
  });

  it('Chromium page and Worker give the same SHA-256 as Node', async () => {
    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    try {
      const page = await browser.newPage();
      await page.goto(`${origin}/`);
      await page.waitForFunction(() => '__digests' in globalThis, null, { timeout: 120_000 });
      expectSame(await page.evaluate(() => (globalThis as unknown as { __digests: Published }).__digests));
    } finally {
      await browser.close();
    }
  });

  it('Firefox ESR (WebDriver BiDi) page and Worker give the same SHA-256 as Node', async () => {
    const browser = await puppeteer.launch({
      browser: 'firefox',
      executablePath: process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr',
      headless: true,
      protocol: 'webDriverBiDi',
    });
    try {
      const page = await browser.newPage();
      await page.goto(`${origin}/`);
      await page.waitForFunction(() => '__digests' in globalThis, { timeout: 120_000 });
      expectSame(await page.evaluate(() => (globalThis as unknown as { __digests: Published }).__digests));
      const ua = await page.evaluate(() => navigator.userAgent);
      expect(ua).toMatch(/Firefox\//);
    } finally {
      await browser.close();
    }
  });
});
