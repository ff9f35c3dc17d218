/**
 * DESIGN.md's tfjs claim, for dense and conv nets (issue 12): wasm in Node gives the same weight
 * bytes as wasm in Chromium, and cpu as cpu. Runs tests/unit/fixtures/browser-determinism.ts (which
 * trains TFJS_DETERMINISM_CASES in this process's twin and in headless Chromium) in a child process.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const here = path.dirname(fileURLToPath(import.meta.url));
const script = path.resolve(here, '../unit/fixtures/browser-determinism.ts');

describe('tfjs in Node and in Chromium', () => {
  it('gives byte-identical wasm and cpu weights for the dense and the conv case', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', script], { timeout: 540_000, maxBuffer: 1 << 20 });
    const line = stdout.trim().split('\n').find((l) => l.startsWith('{"node"'));
    const { node, browser } = JSON.parse(line ?? '{}') as { node: Record<string, string>; browser: Record<string, string> };
    expect(Object.keys(node).sort()).toEqual(['cpu', 'cpu:conv', 'wasm', 'wasm:conv']);
    for (const k of Object.keys(node)) {
      expect(node[k]).toMatch(/^[0-9a-f]{64}$/);
      expect(browser[k], k).toBe(node[k]);
    }
  }, 600_000);
});
