import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { initBackend } from '../../game/backend';
import { trainJs } from '../../game/engine/train';
import { generateSynthetic } from '../../game/tasks/synthetic';
import { train } from '../../game/train';
import { weightsDigest, weightsEqual } from '../../game/weights';
import { JS_CASES, jsCaseDigests } from './fixtures/js-determinism-cases';

const run = promisify(execFile);

async function digestsInChild(): Promise<Record<string, string>> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', 'tests/unit/fixtures/js-digests-once.ts'], { cwd: process.cwd() });
  return JSON.parse(stdout.trim().split('\n').pop() as string) as Record<string, string>;
}

describe('the js engine is deterministic', () => {
  it('gives byte-identical weights twice in one process, and different ones for another seed', async () => {
    for (const c of JS_CASES) {
      const data = generateSynthetic(c.data.task, c.data);
      const a = await trainJs({ network: c.network, training: c.training, data });
      const b = await trainJs({ network: c.network, training: c.training, data });
      expect(a.steps).toBe(c.training.epochs * Math.ceil(c.data.n / c.training.batchSize));
      expect(Number.isFinite(a.loss)).toBe(true);
      expect(weightsEqual(a.weights, b.weights)).toBe(true);
      const other = await trainJs({ network: c.network, training: { ...c.training, seed: c.training.seed + 1 }, data });
      expect(weightsEqual(a.weights, other.weights)).toBe(false);
    }
  });

  it("is what train() runs after initBackend('js'), and tfjs gives different bits", async () => {
    const c = JS_CASES[0];
    const data = generateSynthetic(c.data.task, c.data);
    const direct = await trainJs({ network: c.network, training: c.training, data });
    await initBackend('js');
    const viaTrain = await train({ network: c.network, training: c.training, data });
    await initBackend('cpu');
    const tfjs = await train({ network: c.network, training: c.training, data });
    expect(weightsDigest(viaTrain.weights)).toBe(weightsDigest(direct.weights));
    expect(weightsEqual(tfjs.weights, direct.weights)).toBe(false);
  });

  it('gives the same weights in two separate Node processes as in this one', async () => {
    const { 'affine kernel': kernel, ...here } = await jsCaseDigests();
    expect(kernel).toBe('on');
    const [first, second] = await Promise.all([digestsInChild(), digestsInChild()]);
    expect(Object.keys(here)).toHaveLength(JS_CASES.length);
    for (const d of Object.values(here)) expect(d).toMatch(/^[0-9a-f]{64}$/);
    here['affine kernel'] = kernel;
    expect(first).toEqual(here);
    expect(second).toEqual(here);
  });
});
