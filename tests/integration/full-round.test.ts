/**
 * Acceptance checks 1 and 5 of issue #3, on one real round: a host, three bots (runBot), a human
 * player and a spectator over real socket.io against a real server and SQLite file. The live board
 * is ordered, the close audits every submission to `verified` (byte-identical cpu replays), the
 * final board goes by private score, standings and insights arrive, and nothing a player or a
 * spectator receives (events, acks, HTTP they could fetch) carries the test seed or hidden rows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { runBot, type BotHandle } from '../../server/bot/run-bot';
import type { LeaderboardEntry, LeaderboardUpdate, RoundPublic, StandingEntry } from '../../game/protocol';
import { buildHiddenTest } from '../../game/tasks/round-data';
import {
  TINY_NET,
  TINY_TRAINING,
  call,
  connect,
  dbValue,
  disconnectAll,
  joinAs,
  must,
  startTestServer,
  trainFor,
  waitFor,
  type TestServer,
} from './support/harness';

const RULES = {
  trainSize: 64,
  noise: 0,
  durationSec: 600,
  maxLayers: 2,
  maxUnits: 8,
  maxEpochs: 4,
  maxSubmissions: 2,
  auditTopK: 2,
};

let srv: TestServer;
let bots: BotHandle | null = null;
const captured: { source: string; payload: unknown }[] = [];

function capture(socket: Socket, who: string): void {
  socket.onAny((event: string, payload: unknown) => captured.push({ source: `${who} event ${event}`, payload }));
}

beforeAll(async () => {
  srv = await startTestServer();
});

afterAll(async () => {
  await bots?.stop();
  disconnectAll();
  await srv?.stop();
});

describe('a full round', () => {
  it('plays, audits, finalizes and never leaks the test seed', async () => {
    const host = await connect(srv.url);
    const created = await must<{ tournament: { code: string }; hostKey: string }>(host, 'tournament:create', { title: 'Physics 101' });
    const { code } = created.tournament;
    const hostKey = created.hostKey;
    const draft = await must<{ round: RoundPublic }>(host, 'round:create', { code, hostKey, taskId: 'xor', rules: RULES, title: 'Warm-up' });
    expect(draft.round).toMatchObject({ status: 'draft', title: 'Warm-up', trainSeed: null, endsAt: null });

    const spectator = await connect(srv.url);
    capture(spectator, 'spectator');
    const watched = await must<{ round: RoundPublic | null; leaderboard: LeaderboardEntry[] }>(spectator, 'spectate', { code: code.toLowerCase() });
    captured.push({ source: 'spectate ack', payload: watched });
    expect(watched.round?.id).toBe(draft.round.id);

    const human = await joinAs(srv.url, code, 'Grace');
    capture(human.socket, 'player');
    bots = await runBot({ url: srv.url, code, name: 'bot', count: 3, strategy: 'random', seed: 5, backend: 'cpu' });

    const openSeen = waitFor<RoundPublic>(spectator, 'round:update', (r) => r.status === 'open');
    const started = await must<{ round: RoundPublic }>(host, 'round:start', { code, hostKey, roundId: draft.round.id });
    const round = started.round;
    expect(round.status).toBe('open');
    expect(round.trainSeed).toEqual(expect.any(Number));
    expect((await openSeen).endsAt).toBe(round.endsAt);

    const weights = await trainFor(round);
    const ack = await call<{ submission: { audit: string; publicScore: number }; rank: number }>(human.socket, 'submission:create', {
      playerToken: human.token,
      roundId: round.id,
      network: TINY_NET,
      training: TINY_TRAINING,
      backend: 'cpu',
      weights,
      claimed: { trainLoss: 0.5, trainAccuracy: 0.8 },
    });
    captured.push({ source: 'submission ack', payload: ack });
    expect(ack.ok).toBe(true);
    if (ack.ok) {
      expect(ack.submission.audit).toBe('pending');
      expect(ack.rank).toBeGreaterThanOrEqual(1);
    }
    await bots.waitForSubmissions(3);

    const live = await waitFor<LeaderboardUpdate>(spectator, 'leaderboard:update', (u) => u.roundId === round.id && u.entries.length === 4);
    expect(live.final).toBe(false);
    expect(live.entries.map((e) => e.rank)).toEqual([1, 2, 3, 4]);
    for (let i = 1; i < live.entries.length; i++) expect(live.entries[i - 1].publicScore).toBeGreaterThanOrEqual(live.entries[i].publicScore);
    expect(live.entries.every((e) => e.privateScore === null)).toBe(true);

    const finalRound = waitFor<RoundPublic>(spectator, 'round:update', (r) => r.id === round.id && r.status === 'final');
    const standings = waitFor<{ code: string; entries: StandingEntry[] }>(spectator, 'standings:update');
    const allVerified = waitFor<LeaderboardUpdate>(
      spectator,
      'leaderboard:update',
      (u) => u.final && u.entries.length === 4 && u.entries.every((e) => e.audit === 'verified'),
    );
    const closed = await must<{ round: RoundPublic }>(host, 'round:close', { code, hostKey, roundId: round.id });
    expect(closed.round.status).toBe('closed');
    await finalRound;
    const board = await allVerified;
    for (let i = 1; i < board.entries.length; i++) {
      expect(board.entries[i - 1].privateScore ?? -1).toBeGreaterThanOrEqual(board.entries[i].privateScore ?? -1);
    }
    const st = await standings;
    expect(st.entries).toHaveLength(4);
    expect(st.entries[0].points).toBeGreaterThan(0);
    const audits = dbValue(srv.dbFile, "SELECT COUNT(*) FROM submissions WHERE round_id = ? AND audit = 'verified'", round.id);
    expect(audits).toBe(4);

    // What a player or spectator could fetch over HTTP.
    const get = async (path: string) => {
      const res = await fetch(srv.url + path);
      const body: unknown = await res.json();
      captured.push({ source: `GET ${path}`, payload: body });
      return { status: res.status, body };
    };
    const insights = await get(`/api/rounds/${round.id}/insights`);
    expect(insights.status).toBe(200);
    const dims = (insights.body as { submissions: number; dimensions: { name: string; importance: number }[] });
    expect(dims.submissions).toBe(4);
    expect(dims.dimensions.map((d) => d.name).sort()).toEqual(
      ['activation', 'batchSize', 'depth', 'epochs', 'groups', 'l2', 'learningRate', 'optimizer', 'shortcut', 'width'].sort(),
    );
    for (const d of dims.dimensions) expect(d.importance).toBeGreaterThanOrEqual(0), expect(d.importance).toBeLessThanOrEqual(1);
    const details = await get(`/api/rounds/${round.id}`);
    expect((details.body as { submissions: unknown[] }).submissions).toHaveLength(4);
    expect((await get(`/api/rounds/${round.id}/leaderboard`)).body).toMatchObject({ final: true });
    expect((await get(`/api/tournaments/${code}`)).status).toBe(200);

    // No secret leaves: the test seed (read from the database file) and the hidden rows.
    const testSeed = dbValue(srv.dbFile, 'SELECT test_secret FROM rounds WHERE id = ?', round.id);
    expect(testSeed).toMatch(/^[0-9a-f]{32}$/);
    const hidden = await buildHiddenTest({
      taskId: 'xor',
      trainSeed: round.trainSeed ?? 0,
      testSeed: String(testSeed),
      trainSize: RULES.trainSize,
      noise: RULES.noise,
    });
    const hiddenValues = Array.from(hidden.test.x.slice(0, 40)).filter((v) => String(v).length > 8).map(String);
    expect(hiddenValues.length).toBeGreaterThan(10);
    expect(captured.length).toBeGreaterThan(10);
    const seedPattern = new RegExp(String(testSeed), 'i');
    for (const { source, payload } of captured) {
      const text = JSON.stringify(payload);
      expect(text, source).not.toMatch(seedPattern);
      expect(text, source).not.toMatch(/testSeed|test_seed|testSecret|test_secret|testRows|hostKeyHash|tokenHash/);
      for (const v of hiddenValues) expect(text.includes(v), `${source} contains hidden value ${v}`).toBe(false);
    }
  });
});
