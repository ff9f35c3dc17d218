/**
 * Conv nets over the wire (issue 12), on a real server with a real database: `task.image` in
 * GET /api/tasks and in the round; conv submissions trained on js, wasm and cpu on `strokes` are
 * scored and verified by the server's replay, byte for byte; the bot plays conv nets on an image
 * round; and conv layers where a round does not allow them answer RULE_VIOLATION.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../game/backend';
import { trainJs } from '../../game/engine/train';
import type { LeaderboardUpdate, RoundPublic } from '../../game/protocol';
import { networkSchema, type NetworkSpec, type TrainingSpec } from '../../game/spec';
import { buildTrainSet } from '../../game/tasks/round-data';
import { train } from '../../game/train';
import { packWeights } from '../../game/weights';
import { runBot, type BotHandle } from '../../server/bot/run-bot';
import { call, connect, dbValue, disconnectAll, hostWithOpenRound, joinAs, must, serveDuringSuite, waitFor } from './support/harness';

const srv = serveDuringSuite();
let bots: BotHandle | null = null;
afterAll(async () => {
  await bots?.stop();
  disconnectAll();
});

const RULES = { trainSize: 96, noise: 0.1, durationSec: 600, maxSubmissions: 3, auditTopK: 3 };
const conv = { type: 'conv', filters: 4, kernel: 3, stride: 1, padding: 'same', activation: 'relu', groups: 1, pool: 'max' };
const NET: NetworkSpec = networkSchema.parse({
  layers: [conv, { ...conv, groups: 2, pool: 'none' }, { ...conv, filters: 8, stride: 2, pool: 'none', activation: 'tanh' }],
  shortcut: 'highway',
});
const TRAINING: TrainingSpec = { optimizer: 'adam', learningRate: 0.02, batchSize: 16, epochs: 3, l2: 0.0001, seed: 11 };

async function trainOn(backend: 'js' | 'wasm' | 'cpu', round: RoundPublic): Promise<Uint8Array> {
  const data = await buildTrainSet({ taskId: round.rules.taskId, trainSeed: round.trainSeed ?? 0, trainSize: round.rules.trainSize, noise: round.rules.noise });
  if (backend === 'js') return packWeights((await trainJs({ network: NET, training: TRAINING, data })).weights);
  await initBackend(backend);
  return packWeights((await train({ network: NET, training: TRAINING, data })).weights);
}

describe('conv nets in a round', () => {
  it('lists task.image in GET /api/tasks', async () => {
    const body = (await (await fetch(`${srv.url}/api/tasks`)).json()) as { tasks: { id: string; image?: unknown }[] };
    const byId = new Map(body.tasks.map((t) => [t.id, t]));
    expect(byId.get('strokes')?.image).toEqual({ height: 12, width: 12, channels: 1 });
    expect(byId.get('digits')?.image).toEqual({ height: 8, width: 8, channels: 1 });
    expect(byId.get('xor')?.image).toBeUndefined();
  });

  it('scores conv submissions from js, wasm and cpu and verifies each by a byte-identical replay', async () => {
    const { host, code, hostKey, round } = await hostWithOpenRound(srv.url, RULES, 'strokes');
    expect(round.task).toEqual({ id: 'strokes', inputDim: 144, classes: 4, image: { height: 12, width: 12, channels: 1 } });
    expect(round.rules.allowConv).toBe(true);
    const spectator = await connect(srv.url);
    await must(spectator, 'spectate', { code });
    const backends = ['js', 'wasm', 'cpu'] as const;
    for (const backend of backends) {
      const player = await joinAs(srv.url, code, `conv-${backend}`);
      const weights = await trainOn(backend, round);
      const ack = await call<{ submission: { audit: string; backend: string } }>(player.socket, 'submission:create', {
        playerToken: player.token, roundId: round.id, network: NET, training: TRAINING, backend, weights,
      });
      expect(ack.ok, JSON.stringify(ack)).toBe(true);
    }
    const verified = waitFor<LeaderboardUpdate>(spectator, 'leaderboard:update', (u) => u.roundId === round.id && u.final && u.entries.length === 3 && u.entries.every((e) => e.audit === 'verified'));
    await must(host, 'round:close', { code, hostKey, roundId: round.id });
    const board = await verified;
    expect(board.entries.map((e) => e.network)).toEqual(Array(3).fill({ depth: 3, width: 8, activation: 'mixed', shortcut: 'highway', groups: 2 }));
    // js and cpu/wasm are different engines: all three replays matched their own engine.
    expect(dbValue(srv.dbFile, "SELECT COUNT(*) FROM submissions WHERE round_id = ? AND audit = 'verified'", round.id)).toBe(3);
  });

  it('answers RULE_VIOLATION for conv layers on a task without an image and where allowConv is false', async () => {
    const xor = await hostWithOpenRound(srv.url, RULES, 'xor');
    const p1 = await joinAs(srv.url, xor.code, 'flat');
    const onXor = await call(p1.socket, 'submission:create', {
      playerToken: p1.token, roundId: xor.round.id, network: NET, training: TRAINING, backend: 'js', weights: new Uint8Array(4),
    });
    expect(onXor).toMatchObject({ ok: false, error: { code: 'RULE_VIOLATION', message: expect.stringMatching(/Layer 1 is a conv layer/) } });
    const closed = await hostWithOpenRound(srv.url, { ...RULES, allowConv: false }, 'strokes');
    const p2 = await joinAs(srv.url, closed.code, 'no-conv');
    const weights = await trainOn('js', closed.round);
    const refused = await call(p2.socket, 'submission:create', {
      playerToken: p2.token, roundId: closed.round.id, network: NET, training: TRAINING, backend: 'js', weights,
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'RULE_VIOLATION', message: expect.stringMatching(/does not allow conv layers/) } });
    const host = await connect(srv.url);
    const t = await must<{ tournament: { code: string }; hostKey: string }>(host, 'tournament:create', { title: 'conv rules' });
    const bad = await call(host, 'round:create', { code: t.tournament.code, hostKey: t.hostKey, taskId: 'moons', rules: { allowConv: true } });
    expect(bad).toMatchObject({ ok: false, error: { code: 'RULE_VIOLATION', message: expect.stringMatching(/allowConv/) } });
  });

  it('refuses a legal-looking conv net whose training step would hold gigabytes (hostile client)', async () => {
    // Within maxParams (grouped 5×5 kernels) and the work budget, but 4,096 rows × 144 pixels ×
    // (25·32 + 8·32) values per step would make the replay allocate about 3 GB.
    const { code, round } = await hostWithOpenRound(srv.url, { ...RULES, trainSize: 5000 }, 'strokes');
    const p = await joinAs(srv.url, code, 'memory-hog');
    const hog = networkSchema.parse({
      layers: [
        { ...conv, filters: 32, kernel: 5, pool: 'none' },
        { ...conv, filters: 32, kernel: 5, groups: 8, pool: 'max' },
      ],
      shortcut: 'none',
    });
    const len = (800 + 32 + 3200 + 32 + 36 * 32 * 4 + 4) * 4;
    const ack = await call(p.socket, 'submission:create', {
      playerToken: p.token, roundId: round.id, network: hog, training: { ...TRAINING, batchSize: 4096, epochs: 1 }, backend: 'wasm', weights: new Uint8Array(len),
    });
    expect(ack).toMatchObject({ ok: false, error: { code: 'RULE_VIOLATION', message: expect.stringMatching(/values per training step/) } });
  });

  it('the bot (js engine) plays conv nets on an image round', async () => {
    const { code, round } = await hostWithOpenRound(srv.url, { ...RULES, maxEpochs: 5 }, 'strokes');
    bots = await runBot({ url: srv.url, code, name: 'cnn', count: 2, strategy: 'baseline', seed: 3, backend: 'js' });
    await bots.waitForSubmissions(2);
    const convs = dbValue(srv.dbFile, "SELECT COUNT(*) FROM submissions WHERE round_id = ? AND network LIKE '%\"type\":\"conv\"%'", round.id);
    expect(convs).toBe(2);
  });
});
