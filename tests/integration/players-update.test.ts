/**
 * `players:update` (an addition documented in docs/protocol.md): the tournament room hears the
 * list of active players whenever someone joins or is kicked, so the host console and the big
 * screen show the class arriving before anyone submits. A resume by token announces nothing new.
 */
import { describe, expect, it } from 'vitest';
import { TINY_RULES, call, connect, hostWithOpenRound, joinAs, must, serveDuringSuite, waitFor } from './support/harness';

type PlayersUpdate = { code: string; players: { id: string; nickname: string }[] };

const srv = serveDuringSuite();

describe('players:update', () => {
  it('lists active players to the room on every join and kick', async () => {
    const { code, hostKey, host } = await hostWithOpenRound(srv.url, TINY_RULES);
    const screen = await connect(srv.url);
    await must(screen, 'spectate', { code });
    let updates = 0;
    screen.on('players:update', () => updates++);

    const adaSeen = waitFor<PlayersUpdate>(screen, 'players:update', (u) => u.players.length === 1);
    const ada = await joinAs(srv.url, code, 'Ada');
    expect(await adaSeen).toEqual({ code, players: [{ id: ada.id, nickname: 'Ada' }] });

    const boSeen = waitFor<PlayersUpdate>(host, 'players:update', (u) => u.players.length === 2);
    const bo = await joinAs(srv.url, code, 'Bo');
    expect((await boSeen).players.map((p) => p.nickname)).toEqual(['Ada', 'Bo']);

    const afterKick = waitFor<PlayersUpdate>(screen, 'players:update', (u) => u.players.length === 1 && u.players[0].id === bo.id);
    await must(host, 'player:kick', { code, hostKey, playerId: ada.id });
    expect((await afterKick).players).toEqual([{ id: bo.id, nickname: 'Bo' }]);

    // A resume announces nothing: messages arrive in order, so when Cy's update arrives, any
    // update caused by Bo's resume would already have been counted.
    const resumed = await connect(srv.url);
    const ack = await call(resumed, 'player:join', { code, playerToken: bo.token });
    expect(ack.ok).toBe(true);
    const cySeen = waitFor<PlayersUpdate>(screen, 'players:update', (u) => u.players.length === 2);
    await joinAs(srv.url, code, 'Cy');
    expect((await cySeen).players.map((p) => p.nickname)).toEqual(['Bo', 'Cy']);
    expect(updates).toBe(4);
  });
});
