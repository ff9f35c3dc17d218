/**
 * A big room across two servers (docs/protocol.md, server/boards.ts): with more than
 * `BIG_ROOM_PLAYERS` active players the watchers hear `leaderboard:update` every broadcast interval
 * and the players at most once per second — once per second across the cluster, not per server
 * (server/main.ts gates the players' board with the cluster throttle in Redis). Two real server
 * processes on one PostgreSQL and one Redis, 60 players split between them, a spectator on B, and a
 * burst of submissions through both servers paced by the spectator's boards (events, real clocks,
 * no sleeps). Then every player's last board and `leaderboard:you` must agree with the final board.
 * Runs when TEST_DATABASE_URL and TEST_REDIS_URL name a PostgreSQL and a Redis (.ci/run starts both).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { serverEventSchemas, type LeaderboardEntry, type LeaderboardUpdate, type LeaderboardYou, type RoundPublic } from '../../game/protocol';
import { BIG_ROOM_PLAYERS, PLAYERS_BOARD_INTERVAL_MS } from '../../server/boards';
import { call, must, TINY_NET, TINY_TRAINING, trainFor } from '../integration/support/harness';
import { startTwoServers, type TwoServers } from './support/two-servers';

const DATABASE = process.env.TEST_DATABASE_URL ?? '';
const REDIS = process.env.TEST_REDIS_URL ?? '';
const RULES = { trainSize: 64, noise: 0, durationSec: 600, maxSubmissions: 1, auditTopK: 3 };
const PLAYERS = 60;
/** Submissions per step; a step ends when the spectator's board shows them all. */
const PER_STEP = 5;

let cluster: TwoServers;
let serverA: TwoServers['serverA'];
let serverB: TwoServers['serverB'];
const connectAs = (url: string, address: string): Promise<Socket> => cluster.connectAs(url, address);

/**
 * What one socket heard of a round, each message checked against the protocol's schema, with the
 * test's clock at arrival; `until` resolves once a board matching `pred` has arrived (now or later).
 */
function listen(socket: Socket, roundId: string) {
  const boards: { at: number; board: LeaderboardUpdate }[] = [];
  const yous: LeaderboardYou[] = [];
  const waiting: { pred: (b: LeaderboardUpdate) => boolean; resolve: () => void }[] = [];
  socket.on('leaderboard:update', (raw: unknown) => {
    const board = serverEventSchemas['leaderboard:update'].parse(raw);
    if (board.roundId !== roundId) return;
    boards.push({ at: performance.now(), board });
    for (const w of waiting.splice(0)) {
      if (w.pred(board)) w.resolve();
      else waiting.push(w);
    }
  });
  const waitingYou: { pred: (y: LeaderboardYou) => boolean; resolve: () => void }[] = [];
  socket.on('leaderboard:you', (raw: unknown) => {
    const you = serverEventSchemas['leaderboard:you'].parse(raw);
    if (you.roundId !== roundId) return;
    yous.push(you);
    for (const w of waitingYou.splice(0)) {
      if (w.pred(you)) w.resolve();
      else waitingYou.push(w);
    }
  });
  const until = (pred: (b: LeaderboardUpdate) => boolean, timeoutMs = 30_000): Promise<void> =>
    boards.some((b) => pred(b.board))
      ? Promise.resolve()
      : new Promise((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`no board matching within ${timeoutMs} ms; last total ${boards.at(-1)?.board.total}`)), timeoutMs);
          waiting.push({ pred, resolve: () => (clearTimeout(timer), resolve()) });
        });
  /** Resolves once a `leaderboard:you` matching `pred` has arrived (now or later). */
  const youUntil = (pred: (y: LeaderboardYou) => boolean, timeoutMs = 30_000): Promise<void> =>
    yous.some(pred)
      ? Promise.resolve()
      : new Promise((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`no leaderboard:you matching within ${timeoutMs} ms; last rank ${yous.at(-1)?.entry.rank}`)), timeoutMs);
          waitingYou.push({ pred, resolve: () => (clearTimeout(timer), resolve()) });
        });
  return { boards, yous, until, youUntil };
}

/** The fields of an entry that a board move changes (the audit state may move on its own: open-round replays). */
const ranked = (e: LeaderboardEntry) => ({ rank: e.rank, playerId: e.playerId, publicScore: e.publicScore, submissions: e.submissions });

beforeAll(async () => {
  cluster = await startTwoServers(DATABASE, REDIS);
  ({ serverA, serverB } = cluster);
});

afterAll(async () => {
  await cluster?.stop();
});

describe('a big room across two servers', () => {
  it('players on both servers hear the board about once a second across the cluster, the spectator more often, and end on the final board', async () => {
    expect(PLAYERS).toBeGreaterThan(BIG_ROOM_PLAYERS);
    const host = await connectAs(serverA.url, '192.0.2.1');
    const created = await must<{ tournament: { code: string }; hostKey: string }>(host, 'tournament:create', { title: 'Big room' });
    const { code } = created.tournament;
    const { hostKey } = created;
    const draft = await must<{ round: RoundPublic }>(host, 'round:create', { code, hostKey, taskId: 'xor', rules: RULES });
    const { round } = await must<{ round: RoundPublic }>(host, 'round:start', { code, hostKey, roundId: draft.round.id });

    const spectatorSocket = await connectAs(serverB.url, '192.0.2.2');
    await must(spectatorSocket, 'spectate', { code });
    const spectator = listen(spectatorSocket, round.id);

    // Even players on A, odd ones on B; joins interleaved so each server's roster follows the other's.
    const players: { socket: Socket; token: string; id: string; on: 'A' | 'B'; heard: ReturnType<typeof listen> }[] = [];
    for (let i = 0; i < PLAYERS; i++) {
      const on = i % 2 === 0 ? 'A' : 'B';
      const socket = await connectAs(on === 'A' ? serverA.url : serverB.url, `198.51.100.${10 + i}`);
      const joined = await must<{ playerToken: string; player: { id: string } }>(socket, 'player:join', { code, nickname: `p${i}` });
      players.push({ socket, token: joined.playerToken, id: joined.player.id, on, heard: listen(socket, round.id) });
    }
    // Four recipes: a spread of scores (and ties, which go to the earlier submission).
    const trainings = [0, 1, 2, 3].map((k) => ({ ...TINY_TRAINING, seed: 40 + k, epochs: 1 + k }));
    const weights = await Promise.all(trainings.map((t) => trainFor(round, TINY_NET, t)));

    // The burst: PER_STEP submissions at once (players of both servers), then wait until the
    // spectator's board shows them, then the next step — about one board interval per step.
    const started = performance.now();
    for (let s = 0; s * PER_STEP < PLAYERS; s++) {
      const step = players.slice(s * PER_STEP, (s + 1) * PER_STEP);
      const acks = await Promise.all(
        step.map((p, i) =>
          must<{ rank: number }>(p.socket, 'submission:create', {
            playerToken: p.token, roundId: round.id, network: TINY_NET, training: trainings[(s + i) % 4], backend: 'cpu', weights: weights[(s + i) % 4],
          }),
        ),
      );
      for (const a of acks) expect(a.rank).toBeGreaterThan(0);
      const submitted = (s + 1) * PER_STEP;
      await spectator.until((b) => b.total >= submitted);
    }
    // Every player's trailing board (the players' gate lapses within a second) carries all submitters.
    await Promise.all(players.map((p) => p.heard.until((b) => b.total === PLAYERS)));
    const elapsed = performance.now() - started;

    // The final board, read whole from A; every player's own entry must reach them, on A and on B.
    const res = await fetch(`${serverA.url}/api/rounds/${round.id}/leaderboard`);
    const final = serverEventSchemas['leaderboard:update'].parse(await res.json());
    expect(final.total).toBe(PLAYERS);
    const entryOf = new Map(final.entries.map((e) => [e.playerId, e]));
    await Promise.all(
      players.map((p) => {
        const want = entryOf.get(p.id);
        expect(want, `${p.id} on ${p.on} is on the final board`).toBeDefined();
        return p.heard.youUntil((y) => y.entry.rank === want?.rank && y.entry.publicScore === want.publicScore);
      }),
    );
    // One ack round trip per socket (a BAD_REQUEST) makes sure every earlier frame has arrived.
    await Promise.all([spectatorSocket, ...players.map((p) => p.socket)].map((socket) => call(socket, 'spectate', {})));

    // Cadence. The players' gate in Redis lets one board through per PLAYERS_BOARD_INTERVAL_MS for
    // the whole cluster; every board a player counted was sent between `started` and its arrival,
    // so at most 1 + elapsed / 1 s of them. One more is allowed: a gate Redis fails to answer within
    // 200 ms lets its board through (server/cluster-throttle.ts), which a loaded 2-core machine can
    // cause once. Two ungated servers would send about twice the bound.
    const bound = 2 + Math.floor(elapsed / PLAYERS_BOARD_INTERVAL_MS);
    const counts = players.map((p) => p.heard.boards.length);
    for (const p of players) {
      expect(p.heard.boards.length, `player on ${p.on}`).toBeGreaterThanOrEqual(2);
      expect(p.heard.boards.length, `player on ${p.on}, ${Math.round(elapsed)} ms`).toBeLessThanOrEqual(bound);
    }
    // The spectator hears a board each step at least (each step waited on one), more than any player.
    expect(spectator.boards.length).toBeGreaterThanOrEqual(PLAYERS / PER_STEP);
    expect(spectator.boards.length).toBeGreaterThan(Math.max(...counts));
    // The watchers' totals only grow: each board is the latest state when sent.
    for (let i = 1; i < spectator.boards.length; i++) expect(spectator.boards[i].board.total).toBeGreaterThanOrEqual(spectator.boards[i - 1].board.total);

    // Everyone ends on the final board: the last board's top entries and total, the last own entry.
    const top = final.entries.slice(0, spectator.boards.at(-1)?.board.entries.length).map(ranked);
    expect(spectator.boards.at(-1)?.board.entries.map(ranked)).toEqual(top);
    for (const p of players) {
      const last = p.heard.boards.at(-1)?.board;
      expect(last?.total).toBe(PLAYERS);
      expect(last?.entries.map(ranked)).toEqual(top);
      const you = p.heard.yous.at(-1);
      const want = entryOf.get(p.id);
      expect(you && ranked(you.entry), `leaderboard:you on ${p.on}`).toEqual(want && ranked(want));
    }
    // Both servers' players were told their rank (the server each is on computed it).
    expect(new Set(players.filter((p) => p.heard.yous.length > 0).map((p) => p.on))).toEqual(new Set(['A', 'B']));
    console.info(
      `big room: ${Math.round(elapsed)} ms burst, spectator ${spectator.boards.length} boards, players ${Math.min(...counts)}–${Math.max(...counts)} (bound ${bound})`,
    );
  });
});
