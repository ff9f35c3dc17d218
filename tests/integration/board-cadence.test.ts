/**
 * The board's cadence by room size (docs/protocol.md): in a room of more than 50 players the
 * watchers (spectators, host) hear `leaderboard:update` every broadcast interval (250 ms) and the
 * players at most once per second, always ending on the latest board; in a small room everyone
 * hears every board, as before. Real server, SQLite file, socket.io clients and real scoring; the
 * server runs on a fake clock that the test moves 250 ms per step of a submission burst, so the
 * throttles' time is exact and nothing sleeps.
 */
import { describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import type { LeaderboardUpdate, RoundPublic } from '../../game/protocol';
import { createFakeClock } from '../../server/fake-clock';
import { createVerificationPool } from '../../server/verify/pool';
import type { Verifier } from '../../server/verifier';
import { TINY_NET, TINY_RULES, TINY_TRAINING, call, connect, hostWithOpenRound, joinAs, must, serveDuringSuite, trainFor, waitFor } from './support/harness';

const clock = createFakeClock(Date.parse('2026-03-02T09:00:00Z'));
const pool = createVerificationPool({ size: 1 });
// Without stats() the server starts no replays of open rounds: no audit verdict moves the board
// while the test counts. Scoring is the pool's own.
const verifier: Verifier = {
  score: (round, network, weights) => pool.score(round, network, weights),
  replay: (round, job, priority, owner) => pool.replay(round, job, priority, owner),
  close: () => pool.close(),
};
// Time stands still on the fake clock, so the per-address windows never reset: room for 80 joins.
const lots = { limit: 1_000, windowMs: 60_000 };
const srv = serveDuringSuite({ clock, verifier, limits: { join: lots, connect: lots } });

const STEP_MS = 250;

/** Counts the boards of the round a socket hears. */
function boardsHeard(socket: Socket, roundId: string): LeaderboardUpdate[] {
  const heard: LeaderboardUpdate[] = [];
  socket.on('leaderboard:update', (u: LeaderboardUpdate) => {
    if (u.roundId === roundId) heard.push(u);
  });
  return heard;
}

/**
 * A class of `size` submits over `steps` steps of 250 ms of server time (a burst), then the clock
 * runs on until every throttle has sent its last board. Returns what the spectator and each player
 * heard, and how much server time passed.
 */
async function burst(size: number, steps: number) {
  const { code, round } = await hostWithOpenRound(srv.url, { ...TINY_RULES, maxSubmissions: 1 });
  const spectator = await connect(srv.url);
  await must(spectator, 'spectate', { code });
  const players: Awaited<ReturnType<typeof joinAs>>[] = [];
  for (let i = 0; i < size; i++) players.push(await joinAs(srv.url, code, `p${i}`));
  // Four recipes: a spread of scores, and repeats the workers answer from memory.
  const trainings = [0, 1, 2, 3].map((k) => ({ ...TINY_TRAINING, seed: 40 + k, epochs: 1 + k }));
  const weights = await Promise.all(trainings.map((t) => trainFor(round as RoundPublic, TINY_NET, t)));
  const onScreen = boardsHeard(spectator, round.id);
  const onPhones = players.map((p) => boardsHeard(p.socket, round.id));

  const started = clock.now();
  const perStep = Math.ceil(size / steps);
  for (let s = 0; s < steps; s++) {
    const acks = await Promise.all(
      players.slice(s * perStep, (s + 1) * perStep).map((p, i) =>
        must<{ rank: number }>(p.socket, 'submission:create', {
          playerToken: p.token,
          roundId: round.id,
          network: TINY_NET,
          training: trainings[(s + i) % 4],
          backend: 'cpu',
          weights: weights[(s + i) % 4],
        }),
      ),
    );
    for (const a of acks) expect(a.rank).toBeGreaterThan(0);
    await clock.advance(STEP_MS);
  }
  // The trailing runs: the last board for everyone (the players' throttle needs up to a second).
  const sockets = [spectator, ...players.map((p) => p.socket)];
  const heardBy = [onScreen, ...onPhones];
  const everyoneDone = Promise.all(
    sockets.map((socket, i) =>
      heardBy[i].some((u) => u.total === size)
        ? undefined
        : waitFor<LeaderboardUpdate>(socket, 'leaderboard:update', (u) => u.roundId === round.id && u.total === size),
    ),
  );
  await clock.advance(1_000);
  await everyoneDone;
  const elapsed = clock.now() - started;
  // Nothing is pending now; one ack round trip per socket (a BAD_REQUEST) makes sure every earlier frame arrived.
  await Promise.all(sockets.map((socket) => call(socket, 'spectate', {})));
  return { onScreen, onPhones, elapsed };
}

describe('the board cadence by room size', () => {
  it('in a room of 60, players hear the board at most once a second, the spectator every 250 ms', async () => {
    const steps = 12;
    const { onScreen, onPhones, elapsed } = await burst(60, steps);
    // 12 steps of 250 ms then 1 s: 4 s of server time, so at most 1 + 4 boards per player.
    const perSecond = 1 + Math.floor(elapsed / 1000);
    for (const heard of onPhones) {
      expect(heard.length).toBeGreaterThanOrEqual(2);
      expect(heard.length).toBeLessThanOrEqual(perSecond);
      expect(heard.at(-1)?.total).toBe(60);
    }
    // The spectator hears one board per 250 ms step that moved it (the first at once).
    expect(onScreen.length).toBeGreaterThanOrEqual(steps - 1);
    expect(onScreen.length).toBeLessThanOrEqual(1 + Math.floor(elapsed / STEP_MS));
    expect(onScreen.length).toBeGreaterThanOrEqual(2 * Math.max(...onPhones.map((h) => h.length)));
    expect(onScreen.at(-1)?.total).toBe(60);
    // The totals a spectator sees only grow: every board is the latest state when sent.
    for (let i = 1; i < onScreen.length; i++) expect(onScreen[i].total).toBeGreaterThanOrEqual(onScreen[i - 1].total);
  });

  it('in a room of 20, the players hear every board the spectator hears, as before', async () => {
    const steps = 10;
    const { onScreen, onPhones } = await burst(20, steps);
    expect(onScreen.length).toBeGreaterThanOrEqual(steps - 1);
    const totals = onScreen.map((u) => u.total);
    for (const heard of onPhones) expect(heard.map((u) => u.total)).toEqual(totals);
  });
});
