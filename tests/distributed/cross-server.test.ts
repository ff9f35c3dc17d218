/**
 * What each server used to keep to itself, with two real server processes on one PostgreSQL and
 * one Redis (each with one local verification thread), behind a trusted proxy header so every
 * client has an address of its own:
 * - per-address limits: an address that floods server A with unknown codes and then server B is
 *   refused on B once the two together reach the limit (the counters live in Redis);
 * - the class as the host sees it: the host on A lists a player who is only on B as online, hears
 *   them go offline only when their last socket on either server closes, hears B's progress,
 *   and every server announces the same class size (joins on A and B interleaved);
 * - `leaderboard:you`: a player on B hears that a submission through A moved him, and hears his
 *   entry again at once when he resumes on A (each server tells its own sockets);
 * - maxSubmissions: one player's submissions raced through both servers at once store exactly
 *   the limit, the rest answer RATE_LIMITED.
 * Runs when TEST_DATABASE_URL and TEST_REDIS_URL name a PostgreSQL and a Redis (.ci/run starts both).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import type { Socket } from 'socket.io-client';
import { CODE_ALPHABET, CODE_LENGTH, type LeaderboardYou, type PlayersUpdate, type RoundPublic } from '../../game/protocol';
import { DEFAULT_CLIENT_LIMITS } from '../../server/client-limits';
import { call, must, TINY_NET, TINY_TRAINING, trainFor, waitFor } from '../integration/support/harness';
import { startTwoServers, type TwoServers } from './support/two-servers';

const DATABASE = process.env.TEST_DATABASE_URL ?? '';
const REDIS = process.env.TEST_REDIS_URL ?? '';
const RULES = { trainSize: 64, noise: 0, durationSec: 600, maxSubmissions: 2, auditTopK: 3 };

let cluster: TwoServers;
let database: TwoServers['database'];
let serverA: TwoServers['serverA'];
let serverB: TwoServers['serverB'];
const connectAs = (url: string, address: string): Promise<Socket> => cluster.connectAs(url, address);

const closed = (s: Socket): Promise<void> =>
  new Promise((resolve) => {
    s.once('disconnect', () => resolve());
    s.disconnect();
  });

beforeAll(async () => {
  cluster = await startTwoServers(DATABASE, REDIS);
  ({ database, serverA, serverB } = cluster);
});

afterAll(async () => {
  await cluster?.stop();
});

describe('two servers, one PostgreSQL, one Redis', () => {
  it('limit an address that floods server A and then server B across both', async () => {
    const limit = DEFAULT_CLIENT_LIMITS.notFound.limit;
    const onA = await connectAs(serverA.url, '203.0.113.66');
    const onB = await connectAs(serverB.url, '203.0.113.66');
    const guess = (s: Socket, i: number) => call(s, 'player:join', { code: guessedCode(i), nickname: `guess${i}` });
    const codes: string[] = [];
    // Two thirds of the limit on A, then B: B has counted none of them itself.
    for (let i = 0; i < Math.ceil((limit * 2) / 3); i++) {
      const ack = await guess(onA, i);
      codes.push(ack.ok ? 'ok' : ack.error.code);
    }
    for (let i = 100; i < 100 + limit; i++) {
      const ack = await guess(onB, i);
      codes.push(ack.ok ? 'ok' : ack.error.code);
    }
    expect(codes.slice(0, limit)).toEqual(Array(limit).fill('NOT_FOUND'));
    expect(new Set(codes.slice(limit))).toEqual(new Set(['RATE_LIMITED']));
    // A refuses it too now; another address is not held back on either server.
    const again = await guess(onA, 999);
    expect(!again.ok && again.error.code).toBe('RATE_LIMITED');
    const other = await call(await connectAs(serverB.url, '198.51.100.23'), 'player:join', { code: guessedCode(5000), nickname: 'other' });
    expect(!other.ok && other.error.code).toBe('NOT_FOUND');
  });

  it("shows the host on A every player's presence, progress and the class size, wherever they connect", async () => {
    const host = await connectAs(serverA.url, '192.0.2.1');
    const created = await must<{ tournament: { code: string }; hostKey: string }>(host, 'tournament:create', { title: 'Presence' });
    const { code } = created.tournament;
    const { hostKey } = created;
    const presence: { playerId: string; online: boolean }[] = [];
    const waiting: (() => void)[] = [];
    host.on('player:presence', (p: { playerId: string; online: boolean }) => {
      presence.push(p);
      for (const w of waiting.splice(0)) w();
    });
    /** Resolves once the host has heard `online` for the player `nth` times. */
    const presenceOf = (playerId: string, online: boolean, nth = 1) =>
      new Promise<void>((resolve) => {
        const check = (): void => {
          if (presence.filter((p) => p.playerId === playerId && p.online === online).length >= nth) resolve();
          else waiting.push(check);
        };
        check();
      });

    // Bo on A first (A now holds the class roster), then Ada on B, then Cy on A: A must count Ada.
    const bo = await connectAs(serverA.url, '192.0.2.2');
    const boJoin = await must<{ playerToken: string; player: { id: string } }>(bo, 'player:join', { code, nickname: 'Bo' });
    const ada1 = await connectAs(serverB.url, '192.0.2.3');
    const adaJoin = await must<{ playerToken: string; player: { id: string }; tournament: { players: number } }>(ada1, 'player:join', { code, nickname: 'Ada' });
    expect(adaJoin.tournament.players).toBe(2);
    const cyAnnounced = waitFor<PlayersUpdate>(host, 'players:update', (u) => u.joined.some((p) => p.nickname === 'Cy'));
    const cy = await connectAs(serverA.url, '192.0.2.4');
    const cyJoin = await must<{ player: { id: string }; tournament: { players: number } }>(cy, 'player:join', { code, nickname: 'Cy' });
    expect(cyJoin.tournament.players).toBe(3);
    expect((await cyAnnounced).count).toBe(3);
    await presenceOf(adaJoin.player.id, true);

    // The host's console reloads on A: Ada, connected to B only, is online.
    const console2 = await connectAs(serverA.url, '192.0.2.1');
    const resumed = await must<{ online: string[] }>(console2, 'host:resume', { code, hostKey });
    expect([...resumed.online].sort()).toEqual([adaJoin.player.id, boJoin.player.id, cyJoin.player.id].sort());

    // Training on B reaches the host on A.
    const draft = await must<{ round: RoundPublic }>(host, 'round:create', { code, hostKey, taskId: 'xor', rules: RULES });
    const { round } = await must<{ round: RoundPublic }>(host, 'round:start', { code, hostKey, roundId: draft.round.id });
    const training = waitFor<{ roundId: string; players: { playerId: string; epoch: number }[] }>(
      host, 'progress:update', (u) => u.roundId === round.id && u.players.some((p) => p.playerId === adaJoin.player.id && p.epoch === 2),
    );
    ada1.emit('training:progress', { playerToken: adaJoin.playerToken, roundId: round.id, epoch: 2, loss: 0.4, accuracy: 0.8 });
    await training;

    // Ada opens a second tab on A; closing the one on B leaves her online (A still has her).
    const ada2 = await connectAs(serverA.url, '192.0.2.3');
    await must(ada2, 'player:join', { code, playerToken: adaJoin.playerToken });
    await presenceOf(adaJoin.player.id, true, 2);
    await closed(ada1);
    await presenceOf(adaJoin.player.id, true, 3);
    expect(presence.filter((p) => p.playerId === adaJoin.player.id).map((p) => p.online)).toEqual([true, true, true]);
    // Her last socket closes: now she is offline, for the host on A and for a console on B.
    await closed(ada2);
    await presenceOf(adaJoin.player.id, false);
    const console3 = await connectAs(serverB.url, '192.0.2.1');
    const onB = await must<{ online: string[] }>(console3, 'host:resume', { code, hostKey });
    expect(onB.online).not.toContain(adaJoin.player.id);
    expect(onB.online).toContain(boJoin.player.id);
  });

  it('tell each player their own entry on the server they are on, and again at once when they resume on the other', async () => {
    const host = await connectAs(serverA.url, '192.0.2.21');
    const created = await must<{ tournament: { code: string }; hostKey: string }>(host, 'tournament:create', { title: 'You' });
    const { code } = created.tournament;
    const { hostKey } = created;
    const draft = await must<{ round: RoundPublic }>(host, 'round:create', { code, hostKey, taskId: 'xor', rules: RULES });
    const { round } = await must<{ round: RoundPublic }>(host, 'round:start', { code, hostKey, roundId: draft.round.id });
    const bo = await connectAs(serverB.url, '192.0.2.22');
    const boJoin = await must<{ playerToken: string; player: { id: string } }>(bo, 'player:join', { code, nickname: 'Bo' });
    const ada = await connectAs(serverA.url, '192.0.2.23');
    const adaJoin = await must<{ playerToken: string }>(ada, 'player:join', { code, nickname: 'Ada' });
    const strongTraining = { ...TINY_TRAINING, epochs: 40 };
    const strong = await trainFor(round, TINY_NET, strongTraining);
    // All-zero weights answer one class for every point: half of XOR, below the trained net.
    const weak = new Uint8Array(strong.length);
    const mine = (playerId: string, rank: number, total: number) => (u: LeaderboardYou) =>
      u.roundId === round.id && u.entry.playerId === playerId && u.entry.rank === rank && u.total === total;

    const boFirst = waitFor<LeaderboardYou>(bo, 'leaderboard:you', mine(boJoin.player.id, 1, 1), 30_000);
    await must(bo, 'submission:create', { playerToken: boJoin.playerToken, roundId: round.id, network: TINY_NET, training: TINY_TRAINING, backend: 'cpu', weights: weak });
    await boFirst;
    // Ada's better net is stored through A; B follows A's board move and tells Bo he is second.
    const boMoved = waitFor<LeaderboardYou>(bo, 'leaderboard:you', mine(boJoin.player.id, 2, 2), 30_000);
    const adaAck = await must<{ rank: number }>(ada, 'submission:create', {
      playerToken: adaJoin.playerToken, roundId: round.id, network: TINY_NET, training: strongTraining, backend: 'cpu', weights: strong,
    });
    expect(adaAck.rank).toBe(1);
    await boMoved;

    // Bo's connection to B drops and he resumes on A: A tells him his entry without waiting for the board to move.
    await closed(bo);
    const bo2 = await connectAs(serverA.url, '192.0.2.22');
    const resumed = waitFor<LeaderboardYou>(bo2, 'leaderboard:you', mine(boJoin.player.id, 2, 2), 5_000);
    await must(bo2, 'player:join', { code, playerToken: boJoin.playerToken });
    expect((await resumed).entry.nickname).toBe('Bo');
  });

  it('store exactly maxSubmissions of one player raced through both servers', async () => {
    const host = await connectAs(serverB.url, '192.0.2.11');
    const created = await must<{ tournament: { code: string }; hostKey: string }>(host, 'tournament:create', { title: 'Race' });
    const { code } = created.tournament;
    const { hostKey } = created;
    const draft = await must<{ round: RoundPublic }>(host, 'round:create', { code, hostKey, taskId: 'xor', rules: RULES });
    const { round } = await must<{ round: RoundPublic }>(host, 'round:start', { code, hostKey, roundId: draft.round.id });
    const onA = await connectAs(serverA.url, '192.0.2.12');
    const joined = await must<{ playerToken: string; player: { id: string } }>(onA, 'player:join', { code, nickname: 'Racer' });
    const onB = await connectAs(serverB.url, '192.0.2.12');
    await must(onB, 'player:join', { code, playerToken: joined.playerToken });
    const weights = await trainFor(round);
    const send = (s: Socket, key: string) =>
      call(s, 'submission:create', { playerToken: joined.playerToken, roundId: round.id, network: TINY_NET, training: TINY_TRAINING, backend: 'cpu', weights, submissionKey: key });
    // Three through each server at once, six keys: the limit is two.
    const acks = await Promise.all([0, 1, 2].flatMap((i) => [send(onA, `race-a-${i}0000`), send(onB, `race-b-${i}0000`)]));
    const outcomes = acks.map((a) => (a.ok ? 'ok' : a.error.code)).sort();
    expect(outcomes).toEqual(['RATE_LIMITED', 'RATE_LIMITED', 'RATE_LIMITED', 'RATE_LIMITED', 'ok', 'ok']);
    const db = new pg.Client({ connectionString: database.url });
    await db.connect();
    try {
      const rows = await db.query('SELECT id FROM submissions WHERE round_id = $1 AND player_id = $2', [round.id, joined.player.id]);
      expect(rows.rowCount).toBe(2);
    } finally {
      await db.end();
    }
  });
});

/** The `i`-th of a run of join codes that no tournament has (this database is fresh). */
function guessedCode(i: number): string {
  let code = 'Z';
  for (let n = i, k = 0; k < CODE_LENGTH - 1; k++, n = Math.floor(n / CODE_ALPHABET.length)) code += CODE_ALPHABET[n % CODE_ALPHABET.length];
  return code;
}
