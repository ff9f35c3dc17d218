/**
 * Issue 8, finding 8 ("a kick is not a ban") and the host controls that answer it, with real
 * socket.io clients: a locked lobby refuses new nicknames with CONFLICT while a player's token
 * still resumes, and unlocking lets names in again; a kick with `block: true` keeps the kicked
 * player's address out under any new name, while a plain kick lets them come back. Addresses come
 * through a trusted proxy header so that two "devices" can be told apart on one machine.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { io, type Socket } from 'socket.io-client';
import { call, must, serveDuringSuite, waitFor } from './support/harness';
import { BLOCKED_MESSAGE, LOCKED_MESSAGE } from '../../server/host-controls';
import type { TournamentPublic } from '../../game/protocol';

const srv = serveDuringSuite({ trustedProxyHeader: 'x-forwarded-for' });
const sockets: Socket[] = [];
afterAll(() => {
  for (const s of sockets.splice(0)) s.disconnect();
});

/** A client whose traffic comes through the trusted proxy as `address`. */
async function from(address: string): Promise<Socket> {
  const socket = io(srv.url, { auth: { protocol: 1 }, transports: ['websocket'], reconnection: false, forceNew: true, extraHeaders: { 'x-forwarded-for': address } });
  sockets.push(socket);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return socket;
}

type JoinAck = { player: { id: string; nickname: string }; playerToken: string; tournament: TournamentPublic };
const errorOf = (ack: { ok: true } | { ok: false; error: { code: string; message: string } }) =>
  ack.ok ? { code: 'ok', message: '' } : ack.error;

async function hostTournament() {
  const host = await from('192.0.2.1');
  const created = await must<{ tournament: TournamentPublic; hostKey: string }>(host, 'tournament:create', { title: 'Host controls' });
  return { host, code: created.tournament.code, hostKey: created.hostKey, created: created.tournament };
}

describe('locking the lobby', () => {
  it('refuses new nicknames while locked, lets tokens resume, and admits names again once unlocked', async () => {
    const { host, code, hostKey, created } = await hostTournament();
    expect(created.locked).toBe(false);
    const ada = await from('198.51.100.10');
    const joined = await must<JoinAck>(ada, 'player:join', { code, nickname: 'Ada' });
    expect(joined.tournament.locked).toBe(false);

    const locked = await must<{ tournament: TournamentPublic }>(host, 'tournament:lock', { code, hostKey, locked: true });
    expect(locked.tournament).toMatchObject({ code, locked: true, players: 1 });

    const bob = await from('198.51.100.11');
    const refused = errorOf(await call(bob, 'player:join', { code, nickname: 'Bob' }));
    expect(refused).toEqual({ code: 'CONFLICT', message: LOCKED_MESSAGE });
    // A look-alike of a seated name is refused by the lock too, before any roster check.
    expect(errorOf(await call(bob, 'player:join', { code, nickname: 'ada' })).code).toBe('CONFLICT');

    // Ada reloads her page: her token still seats her, and she sees the lock.
    const adaAgain = await from('198.51.100.10');
    const resumed = await must<JoinAck>(adaAgain, 'player:join', { code, playerToken: joined.playerToken });
    expect(resumed.player.id).toBe(joined.player.id);
    expect(resumed.tournament.locked).toBe(true);
    // Spectators and the host's resume see the flag as well.
    const watcher = await from('198.51.100.12');
    expect((await must<{ tournament: TournamentPublic }>(watcher, 'spectate', { code })).tournament.locked).toBe(true);
    expect((await must<{ tournament: TournamentPublic }>(host, 'host:resume', { code, hostKey })).tournament.locked).toBe(true);

    const unlocked = await must<{ tournament: TournamentPublic }>(host, 'tournament:lock', { code, hostKey, locked: false });
    expect(unlocked.tournament.locked).toBe(false);
    const bobJoined = await must<JoinAck>(bob, 'player:join', { code, nickname: 'Bob' });
    expect(bobJoined.tournament).toMatchObject({ locked: false, players: 2 });
  });

  it('is a host action: a wrong key is UNAUTHORIZED, a bad payload BAD_REQUEST, and nothing changes', async () => {
    const { host, code, hostKey } = await hostTournament();
    const player = await from('198.51.100.20');
    const joined = await must<JoinAck>(player, 'player:join', { code, nickname: 'Cy' });
    expect(errorOf(await call(player, 'tournament:lock', { code, hostKey: joined.playerToken, locked: true })).code).toBe('UNAUTHORIZED');
    expect(errorOf(await call(host, 'tournament:lock', { code, hostKey, locked: 'yes' })).code).toBe('BAD_REQUEST');
    expect(errorOf(await call(host, 'tournament:lock', { code, hostKey })).code).toBe('BAD_REQUEST');
    expect(errorOf(await call(host, 'tournament:lock', { code: 'ZZZZZZ', hostKey, locked: true })).code).toBe('NOT_FOUND');
    const other = await from('198.51.100.21');
    expect((await must<JoinAck>(other, 'player:join', { code, nickname: 'Dee' })).tournament.locked).toBe(false);
  });
});

describe('kicking with "block rejoining"', () => {
  it('keeps a blocked address out under a new name; a plain kick lets the player back', async () => {
    const { host, code, hostKey } = await hostTournament();
    const mallory = await from('203.0.113.66');
    const m = await must<JoinAck>(mallory, 'player:join', { code, nickname: 'Mallory' });
    const kicked = waitFor(mallory, 'player:kicked');
    await must(host, 'player:kick', { code, hostKey, playerId: m.player.id, block: true });
    await kicked;

    // The same device, a fresh connection and a fresh name: refused, with the reason.
    const again = await from('203.0.113.66');
    expect(errorOf(await call(again, 'player:join', { code, nickname: 'Totally new' }))).toEqual({ code: 'CONFLICT', message: BLOCKED_MESSAGE });
    // The old token is revoked as with every kick.
    expect(errorOf(await call(again, 'player:join', { code, playerToken: m.playerToken })).code).toBe('UNAUTHORIZED');
    // Another device joins as usual; the block is per tournament, so another tournament admits Mallory.
    const honest = await from('203.0.113.67');
    await must<JoinAck>(honest, 'player:join', { code, nickname: 'Honest' });
    const elsewhere = await hostTournament();
    await must<JoinAck>(again, 'player:join', { code: elsewhere.code, nickname: 'Mallory' });

    // A kick without block: the player may come straight back under a new name from the same device.
    const zed = await from('203.0.113.70');
    const z = await must<JoinAck>(zed, 'player:join', { code, nickname: 'Zed' });
    await must(host, 'player:kick', { code, hostKey, playerId: z.player.id });
    const zedAgain = await from('203.0.113.70');
    const back = await must<JoinAck>(zedAgain, 'player:join', { code, nickname: 'Zed 2' });
    expect(back.player.id).not.toBe(z.player.id);
    // block: false is the same as no block.
    await must(host, 'player:kick', { code, hostKey, playerId: back.player.id, block: false });
    const zedThird = await from('203.0.113.70');
    await must<JoinAck>(zedThird, 'player:join', { code, nickname: 'Zed 3' });
  });

  it('blocks the address of the latest join even when the player closed the tab before the kick', async () => {
    const { host, code, hostKey } = await hostTournament();
    const quitter = await from('203.0.113.90');
    const q = await must<JoinAck>(quitter, 'player:join', { code, nickname: 'Quitter' });
    quitter.disconnect();
    await must(host, 'player:kick', { code, hostKey, playerId: q.player.id, block: true });
    const back = await from('203.0.113.90');
    expect(errorOf(await call(back, 'player:join', { code, nickname: 'Back again' }))).toEqual({ code: 'CONFLICT', message: BLOCKED_MESSAGE });
  });

  it('refuses a non-boolean block with BAD_REQUEST and kicks nobody', async () => {
    const { host, code, hostKey } = await hostTournament();
    const p = await from('203.0.113.80');
    const j = await must<JoinAck>(p, 'player:join', { code, nickname: 'Pat' });
    expect(errorOf(await call(host, 'player:kick', { code, hostKey, playerId: j.player.id, block: 'yes' })).code).toBe('BAD_REQUEST');
    const resumed = await must<JoinAck>(p, 'player:join', { code, playerToken: j.playerToken });
    expect(resumed.player.id).toBe(j.player.id);
  });
});
