/**
 * Acceptance check 4 of issue #3: only the host key acts for the host, a host key of another
 * tournament is refused, a kicked token stops working (and its socket hears `player:kicked`), and
 * nobody can submit for another player. Also the CSV export's key check.
 */
import { describe, expect, it } from 'vitest';
import { paramCount } from '../../game/manifest';
import type { RoundPublic } from '../../game/protocol';
import {
  TINY_NET,
  TINY_RULES,
  TINY_TRAINING,
  call,
  connect,
  dbValue,
  hostWithOpenRound,
  joinAs,
  must,
  serveDuringSuite,
  waitFor,
} from './support/harness';

const srv = serveDuringSuite();

const weights = () => new Uint8Array(4 * paramCount(TINY_NET, { inputDim: 2, classes: 2 }));
const codeOf = (ack: { ok: boolean; error?: { code: string } }) => (ack.ok ? 'OK' : ack.error?.code);

describe('authority', () => {
  it('refuses players and foreign hosts at host calls, kicked tokens, and submitting for someone else', async () => {
    const { host, code, hostKey, round } = await hostWithOpenRound(srv.url, TINY_RULES);
    const other = await hostWithOpenRound(srv.url, TINY_RULES);
    const ada = await joinAs(srv.url, code, 'ada');
    const bo = await joinAs(srv.url, code, 'bo');
    const stranger = await joinAs(srv.url, other.code, 'stranger');
    const draft = await must<{ round: RoundPublic }>(host, 'round:create', { code, hostKey, taskId: 'xor', rules: TINY_RULES });

    const asPlayer = await connect(srv.url);
    for (const key of [ada.token, other.hostKey, undefined]) {
      expect(codeOf(await call(asPlayer, 'round:close', { code, hostKey: key, roundId: round.id }))).toBe('UNAUTHORIZED');
      expect(codeOf(await call(asPlayer, 'round:start', { code, hostKey: key, roundId: draft.round.id }))).toBe('UNAUTHORIZED');
      expect(codeOf(await call(asPlayer, 'round:create', { code, hostKey: key, taskId: 'xor' }))).toBe('UNAUTHORIZED');
      expect(codeOf(await call(asPlayer, 'player:kick', { code, hostKey: key, playerId: bo.id }))).toBe('UNAUTHORIZED');
      expect(codeOf(await call(asPlayer, 'host:resume', { code, hostKey: key }))).toBe('UNAUTHORIZED');
    }
    // The other host's key works on its own tournament only, even when naming our round.
    expect(codeOf(await call(asPlayer, 'round:close', { code: other.code, hostKey: other.hostKey, roundId: round.id }))).toBe('NOT_FOUND');
    expect(dbValue(srv.dbFile, 'SELECT status FROM rounds WHERE id = ?', round.id)).toBe('open');

    // The payload names no player: extra fields are stripped and the token decides.
    const mine = await call<{ submission: { playerId: string } }>(ada.socket, 'submission:create', {
      playerToken: ada.token,
      playerId: bo.id,
      roundId: round.id,
      network: TINY_NET,
      training: TINY_TRAINING,
      backend: 'cpu',
      weights: weights(),
    });
    expect(mine.ok && mine.submission.playerId).toBe(ada.id);
    expect(dbValue(srv.dbFile, 'SELECT COUNT(*) FROM submissions WHERE player_id = ?', bo.id)).toBe(0);
    // A player of another tournament cannot reach this round.
    const foreign = await call(stranger.socket, 'submission:create', {
      playerToken: stranger.token,
      roundId: round.id,
      network: TINY_NET,
      training: TINY_TRAINING,
      backend: 'cpu',
      weights: weights(),
    });
    expect(codeOf(foreign)).toBe('NOT_FOUND');

    const kicked = waitFor<Record<string, never>>(bo.socket, 'player:kicked');
    expect(codeOf(await call(host, 'player:kick', { code, hostKey, playerId: bo.id }))).toBe('OK');
    expect(await kicked).toEqual({});
    const boSubmit = await call(bo.socket, 'submission:create', {
      playerToken: bo.token,
      roundId: round.id,
      network: TINY_NET,
      training: TINY_TRAINING,
      backend: 'cpu',
      weights: weights(),
    });
    expect(codeOf(boSubmit)).toBe('UNAUTHORIZED');
    const again = await connect(srv.url);
    expect(codeOf(await call(again, 'player:join', { code, playerToken: bo.token }))).toBe('UNAUTHORIZED');
    expect(codeOf(await call(again, 'player:join', { code, playerToken: ada.token }))).toBe('OK');
    expect(codeOf(await call(host, 'player:kick', { code, hostKey, playerId: bo.id }))).toBe('CONFLICT');
  });

  it('guards the CSV export with the host key', async () => {
    const { code, hostKey } = await hostWithOpenRound(srv.url, TINY_RULES);
    const other = await hostWithOpenRound(srv.url, TINY_RULES);
    const url = `${srv.url}/api/tournaments/${code}/results.csv`;
    expect((await fetch(url)).status).toBe(401);
    expect((await fetch(url, { headers: { 'x-host-key': other.hostKey } })).status).toBe(401);
    expect((await fetch(`${srv.url}/api/tournaments/ZZZZZZ/results.csv`, { headers: { 'x-host-key': hostKey } })).status).toBe(404);
    const ok = await fetch(url, { headers: { 'x-host-key': hostKey } });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toContain('text/csv');
    expect((await ok.text()).length).toBeGreaterThan(10);
  });
});
