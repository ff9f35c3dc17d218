/**
 * The bot: its strategies stay within every preset's rules, and a group of bots plays a real round
 * on a real server (socket.io, SQLite file, verification pool) through the public wire contract.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PRESETS } from '../../game/presets';
import { checkSubmission } from '../../game/rules';
import { TASKS } from '../../game/tasks/catalog';
import type { LeaderboardUpdate, ProgressUpdate, RoundPublic } from '../../game/protocol';
import { runBot, type BotHandle } from '../../server/bot/run-bot';
import { pickSubmission, STRATEGIES } from '../../server/bot/strategies';
import { startServer } from '../../server/main';

describe('bot strategies', () => {
  it('pick only networks that every preset accepts', () => {
    for (const preset of PRESETS) {
      const info = TASKS[preset.taskId];
      const task = { inputDim: info.inputDim, classes: info.classes };
      for (const strategy of STRATEGIES) {
        for (let botIndex = 0; botIndex < 6; botIndex++) {
          const pick = pickSubmission(strategy, { rules: preset.rules, task, botIndex, seed: 3, salt: 'r1' });
          const check = checkSubmission(pick.network, pick.training, preset.rules, task);
          expect(check, `${preset.id}/${strategy}/${botIndex}`).toMatchObject({ ok: true, params: pick.params });
          expect(pick.params).toBeLessThanOrEqual(preset.rules.maxParams);
          expect(pick.network.layers.length).toBeGreaterThanOrEqual(preset.rules.minLayers ?? 1);
        }
      }
    }
  });

  it('give different networks to different bots and seeds', () => {
    const rules = PRESETS.find((p) => p.id === 'spiral-sprint')!.rules;
    const task = { inputDim: 2, classes: 2 };
    const key = (s: 'random' | 'sweep', botIndex: number, seed: number): string =>
      JSON.stringify(pickSubmission(s, { rules, task, botIndex, seed, salt: 'r' }).network);
    const sweep = new Set(Array.from({ length: 8 }, (_, i) => key('sweep', i, 1)));
    expect(sweep.size).toBe(8);
    const random = new Set(Array.from({ length: 8 }, (_, seed) => key('random', 0, seed)));
    expect(random.size).toBeGreaterThanOrEqual(6);
    // Reproducible: the same bot, seed and round pick the same thing.
    expect(key('random', 2, 5)).toBe(key('random', 2, 5));
  });
});

type Ack = { ok: true; [k: string]: unknown } | { ok: false; error: { code: string; message: string } };

describe('bot against a real server', () => {
  let dir: string;
  let server: Awaited<ReturnType<typeof startServer>>;
  let host: Socket;
  let human: Socket;
  let bots: BotHandle | undefined;
  const lines: string[] = [];

  const call = async (socket: Socket, event: string, payload: unknown): Promise<Record<string, unknown>> => {
    const ack = (await socket.timeout(30_000).emitWithAck(event, payload)) as Ack;
    if (!ack.ok) throw new Error(`${event}: ${ack.error.code} ${ack.error.message}`);
    return ack;
  };
  const connect = (): Socket => io(server.url, { auth: { protocol: 1 }, transports: ['websocket'] });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tune-arena-bot-'));
    server = await startServer({ port: 0, databaseUrl: join(dir, 'bot.db'), next: false });
    host = connect();
    human = connect();
  });

  afterAll(async () => {
    await bots?.stop();
    host?.disconnect();
    human?.disconnect();
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('joins with unique nicknames, trains and submits within maxSubmissions', async () => {
    const created = await call(host, 'tournament:create', { title: 'Bot test' });
    const code = (created.tournament as { code: string }).code;
    const hostKey = created.hostKey as string;
    const { round } = (await call(host, 'round:create', {
      code,
      hostKey,
      taskId: 'xor',
      preset: 'xor-warmup',
      rules: { trainSize: 80, maxEpochs: 15, maxSubmissions: 2, durationSec: 600, auditTopK: 5 },
    })) as { round: RoundPublic };
    // A human already holds "bot-2": the second bot must pick another name.
    await call(human, 'player:join', { code, nickname: 'bot-2' });

    bots = await runBot({ url: server.url, code, name: 'bot', count: 3, strategy: 'sweep', perRound: 5, log: (l) => lines.push(l) });
    const names = bots.players.map((p) => p.nickname);
    expect(new Set(names.map((n) => n.toLowerCase())).size).toBe(3);
    expect(names).not.toContain('bot-2');
    expect(names[0]).toBe('bot');

    const spectator = connect();
    const boards: LeaderboardUpdate[] = [];
    spectator.on('leaderboard:update', (u: LeaderboardUpdate) => boards.push(u));
    const progressFrom = new Set<string>();
    spectator.on('progress:update', (u: ProgressUpdate) => u.players.forEach((p) => progressFrom.add(p.playerId)));
    await call(spectator, 'spectate', { code });
    await call(host, 'round:start', { code, hostKey, roundId: round.id });

    // 3 bots × min(perRound 5, maxSubmissions 2).
    await bots.waitForSubmissions(6, 150_000);
    const board = (await (await fetch(`${server.url}/api/rounds/${round.id}/leaderboard`)).json()) as LeaderboardUpdate;
    const botEntries = board.entries.filter((e) => bots!.players.some((p) => p.id === e.playerId));
    expect(botEntries).toHaveLength(3);
    for (const e of botEntries) {
      expect(e.submissions).toBe(2);
      expect(e.publicScore).toBeGreaterThan(0);
    }
    // Sweep bots take different grid points.
    expect(new Set(botEntries.map((e) => JSON.stringify(e.network))).size).toBe(3);
    expect(lines.filter((l) => /public \d\.\d{4}, rank \d+/.test(l))).toHaveLength(6);
    expect(lines.some((l) => /refused|failed/.test(l))).toBe(false);
    expect(boards.length).toBeGreaterThan(0);
    // Progress reports reach the big screen.
    expect(bots.players.some((p) => progressFrom.has(p.id))).toBe(true);
    spectator.disconnect();

    // A bot that joins while the round is already open plays it from the join ack; it trains on
    // the js engine (`--backend js`), and its submission says so.
    const late = await runBot({ url: server.url, code, name: 'late', strategy: 'baseline', backend: 'js', log: (l) => lines.push(l) });
    await late.waitForSubmissions(1, 60_000);
    await late.stop();
    expect(lines.filter((l) => /^late: .*, js\) → public/.test(l))).toHaveLength(1);
    expect(lines.filter((l) => /^bot.*, wasm\) → public/.test(l))).toHaveLength(6);

    // The server's replay of each bot's best submission reproduces it byte for byte.
    const finalBoard = new Promise<LeaderboardUpdate>((resolve) => {
      host.on('leaderboard:update', (u: LeaderboardUpdate) => {
        if (u.roundId === round.id && u.final) resolve(u);
      });
    });
    await call(host, 'host:resume', { code, hostKey });
    await call(host, 'round:close', { code, hostKey, roundId: round.id });
    const final = await finalBoard;
    const audited = final.entries.filter((e) => bots!.players.some((p) => p.id === e.playerId));
    expect(audited.map((e) => e.audit)).toEqual(['verified', 'verified', 'verified']);
    // The js submission is verified by the server's replay on the js engine.
    expect(final.entries.find((e) => e.playerId === late.players[0].id)?.audit).toBe('verified');
    expect(audited.every((e) => e.privateScore !== null)).toBe(true);
  });
});
