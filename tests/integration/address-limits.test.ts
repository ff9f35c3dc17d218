/**
 * Issue 8, findings 3, 4, 9, 10 and 11 as hostile clients: connections are free, so limits per
 * connection were no limit. Code guessing (402 NOT_FOUND/s), tournament:create floods (20,000 in
 * 94 s), progress floods (4,000/s) and join floods now meet RATE_LIMITED or a closed connection,
 * counted per client address, across connections and over HTTP; a trusted proxy header separates
 * clients behind one proxy; a tournament holds a bounded number of players.
 */
import { describe, expect, it } from 'vitest';
import { io, type Socket } from 'socket.io-client';
import { call, connect, hostWithOpenRound, joinAs, must, serveDuringSuite } from './support/harness';
import { DEFAULT_CLIENT_LIMITS } from '../../server/client-limits';

const srv = serveDuringSuite({ maxPlayersPerTournament: 3, maxConnectionsPerAddress: 40 });

const codeOf = (ack: { ok: true } | { ok: false; error: { code: string } }): string => (ack.ok ? 'ok' : ack.error.code);

/** A client whose traffic comes through a proxy that says it is `address`. */
async function via(url: string, address: string): Promise<Socket> {
  const socket = io(url, { auth: { protocol: 1 }, transports: ['websocket'], reconnection: false, forceNew: true, extraHeaders: { 'x-forwarded-for': address } });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return socket;
}

describe('code guessing', () => {
  const guessSrv = serveDuringSuite();

  it('NOT_FOUND answers over sockets meet RATE_LIMITED, on fresh connections too', async () => {
    const codes: string[] = [];
    for (let s = 0; s < 5; s++) {
      const socket = await connect(guessSrv.url);
      for (let i = 0; i < 10; i++) {
        const ack = await call(socket, 'player:join', { code: `ZZ${s}${i}QQ`, nickname: 'guess' });
        codes.push(ack.ok ? 'ok' : ack.error.code);
      }
      socket.disconnect();
    }
    const limit = DEFAULT_CLIENT_LIMITS.notFound.limit;
    expect(codes.slice(0, limit).every((c) => c === 'NOT_FOUND')).toBe(true);
    expect(codes.slice(limit).every((c) => c === 'RATE_LIMITED')).toBe(true);
    // The same address over HTTP is out of guesses as well.
    const res = await fetch(`${guessSrv.url}/api/tournaments/ZZZZZZ`);
    expect(res.status).toBe(429);
    // Health and the task list are not lookups and stay open.
    expect((await fetch(`${guessSrv.url}/api/health`)).status).toBe(200);
  });
});

describe('behind a trusted proxy', () => {
  const proxied = serveDuringSuite({ trustedProxyHeader: 'x-forwarded-for' });

  it('counts each forwarded address on its own, and HTTP guesses meet 429', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < DEFAULT_CLIENT_LIMITS.notFound.limit + 5; i++) {
      const res = await fetch(`${proxied.url}/api/tournaments/ZZZ${i}`, { headers: { 'x-forwarded-for': '198.51.100.7' } });
      statuses.push(res.status);
    }
    expect(statuses.slice(0, DEFAULT_CLIENT_LIMITS.notFound.limit).every((s) => s === 404)).toBe(true);
    expect(statuses.slice(DEFAULT_CLIENT_LIMITS.notFound.limit).every((s) => s === 429)).toBe(true);
    // Another pupil behind the same proxy still gets answers; a forged first entry changes nothing.
    const other = await via(proxied.url, '203.0.113.9');
    expect(codeOf(await call(other, 'player:join', { code: 'ZZZZZZ', nickname: 'x' }))).toBe('NOT_FOUND');
    const forged = await via(proxied.url, '203.0.113.50, 198.51.100.7');
    expect(codeOf(await call(forged, 'player:join', { code: 'ZZZZZZ', nickname: 'x' }))).toBe('RATE_LIMITED');
    other.disconnect();
    forged.disconnect();
  });
});

describe('floods', () => {
  const flooded = serveDuringSuite();

  it('tournament:create over many connections meets RATE_LIMITED', async () => {
    const codes: string[] = [];
    for (let s = 0; s < 6; s++) {
      const socket = await connect(flooded.url);
      const acks = await Promise.all(Array.from({ length: 5 }, () => call(socket, 'tournament:create', { title: 'spam' })));
      codes.push(...acks.map((a) => (a.ok ? 'ok' : a.error.code)));
      socket.disconnect();
    }
    expect(codes.filter((c) => c === 'ok')).toHaveLength(DEFAULT_CLIENT_LIMITS.create.limit);
    expect(codes.filter((c) => c === 'RATE_LIMITED')).toHaveLength(30 - DEFAULT_CLIENT_LIMITS.create.limit);
  });

  const progressSrv = serveDuringSuite();

  it('a training:progress flood closes the flooding connection; an honest reporter is unaffected', async () => {
    const { code, round } = await hostWithOpenRound(progressSrv.url, { trainSize: 64, noise: 0, durationSec: 600, maxSubmissions: 3, auditTopK: 1 });
    const flooder = await joinAs(progressSrv.url, code, 'Flood');
    const disconnected = new Promise<string>((resolve) => flooder.socket.once('disconnect', (reason) => resolve(reason)));
    for (let i = 0; i < 4000; i++) {
      flooder.socket.emit('training:progress', { playerToken: flooder.token, roundId: round.id, epoch: i, loss: 0.5, accuracy: 0.5 });
    }
    expect(await disconnected).toBe('io server disconnect');
    const honest = await joinAs(progressSrv.url, code, 'Honest');
    const seen = new Promise<unknown>((resolve) =>
      honest.socket.on('progress:update', (p: { players: { nickname: string }[] }) => p.players.some((x) => x.nickname === 'Honest') && resolve(p)),
    );
    honest.socket.emit('training:progress', { playerToken: honest.token, roundId: round.id, epoch: 1, loss: 0.5, accuracy: 0.5 });
    await seen;
  });
});

describe('joins', () => {
  it('a tournament holds at most the configured number of players', async () => {
    const host = await connect(srv.url);
    const created = await call<{ tournament: { code: string } }>(host, 'tournament:create', { title: 'Small class' });
    expect(created.ok).toBe(true);
    if (!created.ok) return;
    const code = created.tournament.code;
    const answers: string[] = [];
    for (const nickname of ['a', 'b', 'c', 'd']) {
      const s = await connect(srv.url);
      const ack = await call(s, 'player:join', { code, nickname });
      answers.push(ack.ok ? 'ok' : ack.error.code);
    }
    expect(answers).toEqual(['ok', 'ok', 'ok', 'CONFLICT']);
  });

  it('connections per address are capped at the handshake', async () => {
    const sockets: Socket[] = [];
    let refused: Error | null = null;
    for (let i = 0; i < 45 && !refused; i++) {
      try {
        sockets.push(await connect(srv.url));
      } catch (e) {
        refused = e as Error;
      }
    }
    expect(refused).not.toBeNull();
    expect(sockets.length).toBeLessThanOrEqual(40);
    for (const s of sockets) s.disconnect();
  });
});

describe('join floods per address', () => {
  const joinSrv = serveDuringSuite({ limits: { join: { limit: 25, windowMs: 60_000 } } });

  it('joins from many connections of one address meet RATE_LIMITED', async () => {
    const host = await connect(joinSrv.url);
    const created = await must<{ tournament: { code: string } }>(host, 'tournament:create', { title: 'Join flood' });
    const codes: string[] = [];
    for (let s = 0; s < 10; s++) {
      const socket = await connect(joinSrv.url);
      const acks = await Promise.all(
        Array.from({ length: 3 }, (_, i) => call(socket, 'player:join', { code: created.tournament.code, nickname: `p${s}-${i}` })),
      );
      codes.push(...acks.map((a) => (a.ok ? 'ok' : a.error.code)));
    }
    expect(codes.filter((c) => c === 'ok')).toHaveLength(25);
    expect(codes.filter((c) => c === 'RATE_LIMITED')).toHaveLength(5);
  });
});
