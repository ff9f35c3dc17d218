/**
 * A real-data round (iris): the draft carries no train rows, the open round publishes exactly
 * `trainSize` sorted rows, none of them in the hidden test part (computed here from the test seed
 * read out of the database file), and a player who trains on them is verified at audit.
 */
import { describe, expect, it } from 'vitest';
import type { LeaderboardUpdate, RoundPublic } from '../../game/protocol';
import { loadRealTable } from '../../game/tasks/real-data';
import { realSplit } from '../../game/tasks/round-data';
import { nodeDatasetLoader } from '../../server/dataset-loader';
import { paramCount } from '../../game/manifest';
import { TINY_NET, TINY_TRAINING, call, connect, dbValue, joinAs, must, serveDuringSuite, trainFor, waitFor } from './support/harness';

const srv = serveDuringSuite();

describe('a real-data round', () => {
  it('publishes only training rows and verifies a player who trained on them', async () => {
    const host = await connect(srv.url);
    const { tournament, hostKey } = await must<{ tournament: { code: string }; hostKey: string }>(host, 'tournament:create', { title: 'Iris' });
    const code = tournament.code;
    const rules = { trainSize: 60, durationSec: 600, maxSubmissions: 1, auditTopK: 1, maxEpochs: 5 };
    const draft = await must<{ round: RoundPublic }>(host, 'round:create', { code, hostKey, taskId: 'iris', rules });
    expect(draft.round).toMatchObject({ trainRows: null, task: { id: 'iris', inputDim: 4, classes: 3 } });
    const { round } = await must<{ round: RoundPublic }>(host, 'round:start', { code, hostKey, roundId: draft.round.id });
    const rows = round.trainRows ?? [];
    expect(rows).toHaveLength(60);
    expect([...rows].sort((a, b) => a - b)).toEqual(rows);

    // A new round stores a 128-bit secret as text, not a 32-bit seed.
    expect(dbValue(srv.dbFile, 'SELECT test_seed FROM rounds WHERE id = ?', round.id)).toBeNull();
    const testSeed = String(dbValue(srv.dbFile, 'SELECT test_secret FROM rounds WHERE id = ?', round.id));
    expect(testSeed).toMatch(/^[0-9a-f]{32}$/);
    const table = await loadRealTable('iris', nodeDatasetLoader);
    const { testRows } = realSplit('iris', testSeed, 60, table.y);
    const hidden = new Set(testRows);
    expect(rows.some((r) => hidden.has(r))).toBe(false);

    const ada = await joinAs(srv.url, code, 'ada');
    expect(ada.round?.trainRows).toEqual(rows);
    const weights = await trainFor(round, TINY_NET, TINY_TRAINING);
    expect(weights.byteLength).toBe(4 * paramCount(TINY_NET, { inputDim: 4, classes: 3 }));
    const ack = await call(ada.socket, 'submission:create', {
      playerToken: ada.token,
      roundId: round.id,
      network: TINY_NET,
      training: TINY_TRAINING,
      backend: 'cpu',
      weights,
    });
    expect(ack.ok).toBe(true);
    const final = waitFor<LeaderboardUpdate>(ada.socket, 'leaderboard:update', (u) => u.final && u.entries[0]?.audit === 'verified');
    await must(host, 'round:close', { code, hostKey, roundId: round.id });
    expect((await final).entries[0]).toMatchObject({ nickname: 'ada', rank: 1 });
  });
});
