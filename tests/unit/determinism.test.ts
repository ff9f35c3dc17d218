import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { initBackend } from '../../game/backend';
import type { Backend } from '../../game/spec';
import { generateSynthetic } from '../../game/tasks/synthetic';
import { train, type TrainResult } from '../../game/train';
import { weightsDigest, weightsEqual } from '../../game/weights';
import { DETERMINISM_CASE } from './fixtures/determinism-case';

const run = promisify(execFile);

async function trainCase(backend: Backend, seed?: number): Promise<TrainResult> {
  await initBackend(backend);
  const { network, training, data } = DETERMINISM_CASE;
  return train({ network, training: { ...training, seed: seed ?? training.seed }, data: generateSynthetic(data.task, data.params) });
}

async function trainInChild(backend: Backend): Promise<{ digest: string; steps: number }> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', 'tests/unit/fixtures/train-once.ts', backend], {
    cwd: process.cwd(),
  });
  const line = stdout.trim().split('\n').pop() as string;
  return JSON.parse(line) as { digest: string; steps: number };
}

describe.each(['cpu', 'wasm'] as const)('deterministic training on %s', (backend) => {
  it('gives byte-identical weights when run twice with the same inputs', async () => {
    const a = await trainCase(backend);
    const b = await trainCase(backend);
    expect(a.steps).toBe(5 * Math.ceil(120 / 16));
    expect(weightsEqual(a.weights, b.weights)).toBe(true);
    const c = await trainCase(backend, 1235);
    expect(weightsEqual(a.weights, c.weights)).toBe(false);
  });

  it('gives the same weights in two separate Node processes as in this one', async () => {
    const here = weightsDigest((await trainCase(backend)).weights);
    const [first, second] = await Promise.all([trainInChild(backend), trainInChild(backend)]);
    expect(first.digest).toMatch(/^[0-9a-f]{64}$/);
    expect(second.digest).toBe(first.digest);
    expect(first.digest).toBe(here);
  });
});
