/**
 * Acceptance check 6 of issue #3: the server runs as its own process (`node --import tsx
 * server/main.ts`), is SIGKILLed after N acknowledged submissions in the middle of an open round,
 * and restarts on the same SQLite file: all N submissions are there, the round is still open with
 * the same endsAt, players resume with their tokens and can go on submitting. SIGTERM then stops
 * it cleanly.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { paramCount } from '../../game/manifest';
import type { RoundPublic } from '../../game/protocol';
import { TINY_NET, TINY_RULES, TINY_TRAINING, call, connect, dbValue, disconnectAll, must } from './support/harness';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'tune-arena-crash-'));
const dbFile = join(dir, 'crash.db');
const children: ChildProcess[] = [];

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, () => {
      const a = s.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      s.close(() => resolve(port));
    });
  });
}

/** Spawns the server and resolves with its URL once it prints the listening line. */
async function spawnServer(): Promise<{ child: ChildProcess; url: string }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), DATABASE_URL: dbFile, TUNE_ARENA_NO_NEXT: '1', VERIFY_POOL_SIZE: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let err = '';
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /Tune Arena listening on (http:\/\/localhost:\d+)/.exec(out);
      if (m) resolve(m[1]);
    });
    child.once('exit', (c) => reject(new Error(`server exited with ${c}: ${err}`)));
  });
  return { child, url };
}

const exited = (child: ChildProcess) =>
  new Promise<{ code: number | null; signal: string | null }>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve({ code: child.exitCode, signal: child.signalCode });
    else child.once('exit', (code, signal) => resolve({ code, signal }));
  });

afterAll(() => {
  disconnectAll();
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

describe('crash and restart', () => {
  it('keeps every acknowledged submission and the open round across a SIGKILL', async () => {
    const first = await spawnServer();
    const host = await connect(first.url);
    const created = await must<{ tournament: { code: string }; hostKey: string }>(host, 'tournament:create', { title: 'Crash' });
    const { code } = created.tournament;
    const { hostKey } = created;
    const draft = await must<{ round: RoundPublic }>(host, 'round:create', { code, hostKey, taskId: 'xor', rules: TINY_RULES });
    const { round } = await must<{ round: RoundPublic }>(host, 'round:start', { code, hostKey, roundId: draft.round.id });

    const weights = new Uint8Array(4 * paramCount(TINY_NET, { inputDim: 2, classes: 2 }));
    const players: { token: string; id: string }[] = [];
    for (const nickname of ['ada', 'bo']) {
      const s = await connect(first.url);
      const j = await must<{ playerToken: string; player: { id: string } }>(s, 'player:join', { code, nickname });
      players.push({ token: j.playerToken, id: j.player.id });
    }
    const acked: string[] = [];
    for (const p of [players[0], players[1], players[0]]) {
      const s = await connect(first.url);
      const ack = await must<{ submission: { id: string } }>(s, 'submission:create', {
        playerToken: p.token,
        roundId: round.id,
        network: TINY_NET,
        training: TINY_TRAINING,
        backend: 'cpu',
        weights,
      });
      acked.push(ack.submission.id);
    }
    disconnectAll();
    first.child.kill('SIGKILL');
    expect((await exited(first.child)).signal).toBe('SIGKILL');

    const second = await spawnServer();
    for (const id of acked) expect(dbValue(dbFile, 'SELECT COUNT(*) FROM submissions WHERE id = ?', id)).toBe(1);
    const resumed = await connect(second.url);
    const back = await must<{ round: RoundPublic | null; player: { id: string } }>(resumed, 'player:join', { code, playerToken: players[1].token });
    expect(back.player.id).toBe(players[1].id);
    expect(back.round).toMatchObject({ id: round.id, status: 'open', endsAt: round.endsAt, trainSeed: round.trainSeed });
    const more = await call(resumed, 'submission:create', {
      playerToken: players[1].token,
      roundId: round.id,
      network: TINY_NET,
      training: TINY_TRAINING,
      backend: 'cpu',
      weights,
    });
    expect(more.ok).toBe(true);
    const board = (await (await fetch(`${second.url}/api/rounds/${round.id}/leaderboard`)).json()) as { entries: { submissions: number }[] };
    expect(board.entries.map((e) => e.submissions).sort()).toEqual([2, 2]);
    const hostAgain = await connect(second.url);
    const resume = await must<{ rounds: RoundPublic[] }>(hostAgain, 'host:resume', { code, hostKey });
    expect(resume.rounds[0]).toMatchObject({ status: 'open', endsAt: round.endsAt });

    disconnectAll();
    second.child.kill('SIGTERM');
    expect((await exited(second.child)).code).toBe(0);
  });
});
