/**
 * What the teacher console reads beyond PROTOCOL.md: `online` in `host:resume`, `player:presence`
 * when a student connects and drops, and one student's submissions (host key only).
 */
import { describe, expect, it } from 'vitest';
import { TINY_RULES, TINY_NET, TINY_TRAINING, connect, hostWithOpenRound, joinAs, must, serveDuringSuite, trainFor, waitFor } from './support/harness';

const srv = serveDuringSuite();

describe('teacher reads', () => {
  it('tracks presence and serves one student’s submissions to the host alone', async () => {
    const { host, code, hostKey, round } = await hostWithOpenRound(srv.url, TINY_RULES);
    const cameOnline = waitFor<{ playerId: string; online: boolean }>(host, 'player:presence', (p) => p.online);
    const ana = await joinAs(srv.url, code, 'Ana');
    expect(await cameOnline).toEqual({ playerId: ana.id, online: true });

    const second = await connect(srv.url);
    const resumed = await must<{ online: string[] }>(second, 'host:resume', { code, hostKey });
    expect(resumed.online).toEqual([ana.id]);

    const weights = await trainFor(round);
    await must(ana.socket, 'submission:create', { playerToken: ana.token, roundId: round.id, network: TINY_NET, training: TINY_TRAINING, backend: 'cpu', weights });
    const url = `${srv.url}/api/rounds/${round.id}/players/${ana.id}/submissions`;
    expect((await fetch(url)).status).toBe(401);
    const other = await hostWithOpenRound(srv.url, TINY_RULES);
    expect((await fetch(url, { headers: { 'x-host-key': other.hostKey } })).status).toBe(401);
    expect((await fetch(`${srv.url}/api/rounds/${round.id}/players/nobody/submissions`, { headers: { 'x-host-key': hostKey } })).status).toBe(404);
    const res = await fetch(url, { headers: { 'x-host-key': hostKey } });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { nickname: string; submissions: { publicScore: number; privateScore: number | null; network: unknown }[] };
    expect(body.nickname).toBe('Ana');
    expect(body.submissions).toHaveLength(1);
    expect(body.submissions[0].privateScore).toBeNull();
    expect(body.submissions[0].network).toEqual(TINY_NET);
    expect(JSON.stringify(body)).not.toMatch(/weights|testSeed/);

    const wentOffline = waitFor<{ playerId: string; online: boolean }>(host, 'player:presence', (p) => !p.online);
    ana.socket.disconnect();
    expect(await wentOffline).toEqual({ playerId: ana.id, online: false });
    expect((await must<{ online: string[] }>(second, 'host:resume', { code, hostKey })).online).toEqual([]);
  });
});
