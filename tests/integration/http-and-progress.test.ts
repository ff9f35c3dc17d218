/**
 * The HTTP endpoints of PROTOCOL.md (statuses and shapes) and the progress race: reports over
 * 4/s per player are dropped, and `progress:update` reaches the tournament room.
 */
import { describe, expect, it } from 'vitest';
import type { ProgressUpdate } from '../../game/protocol';
import { PRESETS } from '../../game/presets';
import {
  TINY_RULES,
  connect,
  hostWithOpenRound,
  joinAs,
  must,
  serveDuringSuite,
  waitFor,
} from './support/harness';

const srv = serveDuringSuite();

const getJson = async (path: string) => {
  const res = await fetch(srv.url + path);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};

describe('HTTP API', () => {
  it('answers health, tasks, tournaments, boards and insights with the documented statuses', async () => {
    expect(await getJson('/api/health')).toEqual({ status: 200, body: { ok: true, protocol: 1, version: expect.any(String) } });
    // The server's clock for countdowns (an addition): a number of milliseconds, read between our two.
    const before = Date.now();
    const time = await getJson('/api/time');
    expect(time.status).toBe(200);
    expect(time.body.now).toBeGreaterThanOrEqual(before);
    expect(time.body.now).toBeLessThanOrEqual(Date.now());
    const tasks = await getJson('/api/tasks');
    expect((tasks.body.tasks as unknown[]).length).toBe(13);
    expect((tasks.body.presets as { id: string }[]).map((p) => p.id)).toEqual(PRESETS.map((p) => p.id));

    const { code, round } = await hostWithOpenRound(srv.url, TINY_RULES);
    const view = await getJson(`/api/tournaments/${code.toLowerCase()}`);
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({ tournament: { code, players: 0, status: 'active' }, standings: [] });
    expect((view.body.rounds as { status: string }[])[0].status).toBe('open');
    expect((await getJson('/api/tournaments/ZZZZZZ')).status).toBe(404);

    expect(await getJson(`/api/rounds/${round.id}/leaderboard`)).toEqual({ status: 200, body: { roundId: round.id, final: false, total: 0, entries: [] } });
    expect((await getJson(`/api/rounds/${round.id}/insights`)).status).toBe(409);
    expect((await getJson('/api/rounds/nope/insights')).status).toBe(404);
    expect((await getJson('/api/rounds/nope/leaderboard')).status).toBe(404);
    const details = await getJson(`/api/rounds/${round.id}`);
    expect(details.body).toMatchObject({ round: { id: round.id, status: 'open' }, tournament: { code }, submissions: [] });
    expect((await getJson('/api/nothing-here')).status).toBe(404);
    expect((await fetch(`${srv.url}/api/health`, { method: 'POST' })).status).toBe(405);
  });

  it('answers a malformed percent-escape in the path as a bad request, not a server failure', async () => {
    for (const path of ['/api/rounds/%E0%A4%A', '/api/tournaments/%ZZ', '/api/rounds/%/leaderboard']) {
      expect(await getJson(path)).toEqual({ status: 400, body: { ok: false, error: { code: 'BAD_REQUEST', message: expect.any(String) } } });
    }
  });
});

describe('training progress', () => {
  it('drops reports over 4/s per player and fans the rest out to the room', async () => {
    const { code, round } = await hostWithOpenRound(srv.url, TINY_RULES);
    const spectator = await connect(srv.url);
    await must(spectator, 'spectate', { code });
    const ada = await joinAs(srv.url, code, 'ada');
    const seen: ProgressUpdate[] = [];
    spectator.on('progress:update', (u: ProgressUpdate) => seen.push(u));
    for (let epoch = 1; epoch <= 10; epoch++) {
      ada.socket.emit('training:progress', { playerToken: ada.token, roundId: round.id, epoch, loss: 1 / epoch, accuracy: 0.5 });
    }
    // Garbage and forged reports are dropped silently as well.
    ada.socket.emit('training:progress', { playerToken: 'x'.repeat(22), roundId: round.id, epoch: 99, loss: 0, accuracy: 1 });
    ada.socket.emit('training:progress', 'garbage');
    const first = await waitFor<ProgressUpdate>(spectator, 'progress:update', (u) => u.players[0]?.epoch === 4);
    expect(first.players).toEqual([{ playerId: ada.id, nickname: 'ada', epoch: 4, loss: 0.25, accuracy: 0.5 }]);
    // Another player's report triggers an update carrying everyone's latest state: ada is still at 4.
    const bo = await joinAs(srv.url, code, 'bo');
    bo.socket.emit('training:progress', { playerToken: bo.token, roundId: round.id, epoch: 1, loss: 0.7, accuracy: 0.6 });
    const withBo = await waitFor<ProgressUpdate>(spectator, 'progress:update', (u) => u.players.some((p) => p.nickname === 'bo'));
    expect(withBo.players.find((p) => p.playerId === ada.id)?.epoch).toBe(4);
    expect(seen.every((u) => u.players.every((p) => p.playerId !== ada.id || p.epoch <= 4))).toBe(true);
  });
});
