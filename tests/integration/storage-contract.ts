/**
 * The `Storage` contract: one test function run against every implementation (SQLite and memory
 * today, PostgreSQL later), so they cannot drift apart. A runner passes a factory that returns a
 * fresh, empty store for each test.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StorageIntegrityError } from '../../db/errors';
import { NicknameTakenError } from '../../db/storage';
import type { Storage } from '../../db/storage';
import { playerRow, randomBytes, roundRow, RULES, submissionRow, tournamentRow } from './fixtures/storage-rows';

export type StoreFactory = () => Promise<{ store: Storage; cleanup?: () => Promise<void> | void }>;

async function expectIntegrity(promise: Promise<unknown>, kind: StorageIntegrityError['kind']): Promise<void> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(StorageIntegrityError);
  expect((error as StorageIntegrityError).kind).toBe(kind);
}

/** Registers the whole contract for one implementation inside the caller's `describe`. */
export function storageContract(makeStore: StoreFactory): void {
  let store: Storage;
  let cleanup: (() => Promise<void> | void) | undefined;

  beforeEach(async () => {
    ({ store, cleanup } = await makeStore());
  });
  afterEach(async () => {
    await store.close();
    await cleanup?.();
  });

  async function seedTournament(): Promise<void> {
    await store.createTournament(tournamentRow());
    await store.createPlayer(playerRow());
    await store.createRound(roundRow());
  }

  describe('tournaments', () => {
    it('creates and reads by id and by code, null when unknown', async () => {
      const row = tournamentRow();
      await store.createTournament(row);
      expect(await store.getTournament('t1')).toEqual(row);
      expect(await store.getTournamentByCode('ABC234')).toEqual(row);
      expect(await store.getTournament('nope')).toBeNull();
      expect(await store.getTournamentByCode('ZZZ999')).toBeNull();
    });

    it('updates status and refuses a duplicate code or id', async () => {
      await store.createTournament(tournamentRow());
      await store.setTournamentStatus('t1', 'finished');
      expect((await store.getTournament('t1'))?.status).toBe('finished');
      await expectIntegrity(store.createTournament(tournamentRow({ id: 't2' })), 'duplicate');
      await expectIntegrity(store.createTournament(tournamentRow({ code: 'XYZ789' })), 'duplicate');
      expect(await store.getTournament('t2')).toBeNull();
    });

    it('locks and unlocks, a new tournament unlocked, unknown ids ignored', async () => {
      await store.createTournament(tournamentRow());
      await store.createTournament(tournamentRow({ id: 't2', code: 'XYZ789' }));
      expect((await store.getTournament('t1'))?.locked).toBe(false);
      await store.setTournamentLocked('t1', true);
      expect((await store.getTournament('t1'))?.locked).toBe(true);
      expect((await store.getTournamentByCode('ABC234'))?.locked).toBe(true);
      expect((await store.getTournament('t2'))?.locked).toBe(false);
      await store.setTournamentLocked('t1', false);
      expect((await store.getTournament('t1'))?.locked).toBe(false);
      await store.setTournamentLocked('nope', true);
      expect(await store.getTournament('nope')).toBeNull();
    });

    it('remembers blocked keys per tournament, a repeated key is no error', async () => {
      await store.createTournament(tournamentRow());
      await store.createTournament(tournamentRow({ id: 't2', code: 'XYZ789' }));
      expect(await store.hasBlock('t1', ['address:a'])).toBe(false);
      await store.addBlocks('t1', ['address:a', 'address:b'], '2026-11-27T10:05:00.000Z');
      await store.addBlocks('t1', ['address:a'], '2026-11-27T10:06:00.000Z');
      await store.addBlocks('t1', [], '2026-11-27T10:06:00.000Z');
      expect(await store.hasBlock('t1', ['address:a'])).toBe(true);
      expect(await store.hasBlock('t1', ['address:x', 'address:b'])).toBe(true);
      expect(await store.hasBlock('t1', ['address:x'])).toBe(false);
      expect(await store.hasBlock('t1', [])).toBe(false);
      expect(await store.hasBlock('t2', ['address:a'])).toBe(false);
      await expectIntegrity(store.addBlocks('nope', ['address:a'], '2026-11-27T10:06:00.000Z'), 'missing-reference');
    });

    it('hands out copies: mutating a returned or passed row changes nothing stored', async () => {
      const row = tournamentRow();
      await store.createTournament(row);
      row.title = 'changed by caller';
      const read = await store.getTournament('t1');
      expect(read?.title).toBe('Friday class');
      if (read) read.title = 'changed again';
      expect((await store.getTournament('t1'))?.title).toBe('Friday class');
    });
  });

  describe('players', () => {
    beforeEach(async () => {
      await store.createTournament(tournamentRow());
      await store.createTournament(tournamentRow({ id: 't2', code: 'XYZ789' }));
    });

    it('creates, reads by id and token hash, lists by join time', async () => {
      const late = playerRow({ id: 'p2', nickname: 'Bob', joinedAt: '2026-11-27T10:09:00.000Z' });
      const early = playerRow({ id: 'p1', nickname: 'Ada' });
      await store.createPlayer(late);
      await store.createPlayer(early);
      await store.createPlayer(playerRow({ id: 'p3', tournamentId: 't2', nickname: 'Cy' }));
      expect(await store.getPlayer('p2')).toEqual(late);
      expect(await store.getPlayerByTokenHash('hash-p1')).toEqual(early);
      expect(await store.getPlayerByTokenHash('hash-none')).toBeNull();
      expect(await store.getPlayer('none')).toBeNull();
      expect((await store.listPlayers('t1')).map((p) => p.id)).toEqual(['p1', 'p2']);
      expect(await store.listPlayers('t3')).toEqual([]);
    });

    it('refuses a nickname taken in the tournament regardless of case, allows it elsewhere', async () => {
      await store.createPlayer(playerRow({ id: 'p1', nickname: 'Ada' }));
      const clash = store.createPlayer(playerRow({ id: 'p2', nickname: 'ADA' }));
      await expect(clash).rejects.toBeInstanceOf(NicknameTakenError);
      await expect(store.createPlayer(playerRow({ id: 'p3', nickname: 'ada' }))).rejects.toThrow(/"ada"/);
      expect((await store.listPlayers('t1')).map((p) => p.nickname)).toEqual(['Ada']);
      await store.createPlayer(playerRow({ id: 'p4', tournamentId: 't2', nickname: 'aDa' }));
      expect((await store.listPlayers('t2')).map((p) => p.nickname)).toEqual(['aDa']);
    });

    it('refuses a player of an unknown tournament and a duplicate id', async () => {
      await expectIntegrity(store.createPlayer(playerRow({ tournamentId: 'nope' })), 'missing-reference');
      await store.createPlayer(playerRow());
      await expectIntegrity(store.createPlayer(playerRow({ nickname: 'Other' })), 'duplicate');
    });

    it('kicks once: the first kick time stands, unknown ids are ignored', async () => {
      await store.createPlayer(playerRow());
      await store.kickPlayer('p1', '2026-11-27T11:00:00.000Z');
      await store.kickPlayer('p1', '2026-11-27T12:00:00.000Z');
      await store.kickPlayer('nope', '2026-11-27T12:00:00.000Z');
      expect((await store.getPlayer('p1'))?.kickedAt).toBe('2026-11-27T11:00:00.000Z');
    });

    it('counts the players of a tournament who were not kicked', async () => {
      expect(await store.countActivePlayers('t1')).toBe(0);
      await store.createPlayer(playerRow());
      await store.createPlayer(playerRow({ id: 'p2', nickname: 'Bob' }));
      await store.createPlayer(playerRow({ id: 'p3', nickname: 'Cy', tournamentId: 't2' }));
      expect(await store.countActivePlayers('t1')).toBe(2);
      await store.kickPlayer('p1', '2026-11-27T11:00:00.000Z');
      expect(await store.countActivePlayers('t1')).toBe(1);
      expect(await store.countActivePlayers('t2')).toBe(1);
      expect(await store.countActivePlayers('nope')).toBe(0);
    });
  });

  describe('rounds', () => {
    beforeEach(async () => {
      await store.createTournament(tournamentRow());
      await store.createTournament(tournamentRow({ id: 't2', code: 'XYZ789' }));
    });

    it('creates and reads a round with its rules, lists by index', async () => {
      const second = roundRow({ id: 'r2', index: 2, presetId: 'spiral-sprint', trainSeed: 4294967295, testSeed: 12 });
      await store.createRound(second);
      await store.createRound(roundRow({ id: 'r1', index: 1 }));
      await store.createRound(roundRow({ id: 'r9', tournamentId: 't2', index: 1 }));
      expect(await store.getRound('r2')).toEqual(second);
      expect(await store.getRound('nope')).toBeNull();
      expect((await store.listRounds('t1')).map((r) => r.id)).toEqual(['r1', 'r2']);
    });

    it('keeps rule keys the schema does not list (a preset\'s minLayers)', async () => {
      const rules = { ...RULES, minLayers: 12 };
      await store.createRound(roundRow({ rules }));
      expect((await store.getRound('r1'))?.rules).toEqual(rules);
      const moved = { ...rules, minLayers: 3 };
      await store.updateRound('r1', { rules: moved });
      expect((await store.listRounds('t1'))[0]?.rules).toEqual({ ...RULES, minLayers: 3 });
    });

    it('refuses an unknown tournament and a duplicate index in one tournament', async () => {
      await expectIntegrity(store.createRound(roundRow({ tournamentId: 'nope' })), 'missing-reference');
      await store.createRound(roundRow());
      await expectIntegrity(store.createRound(roundRow({ id: 'r2' })), 'duplicate');
    });

    it('patches only the given fields, ignoring undefined ones and unknown ids', async () => {
      await store.createRound(roundRow());
      await store.updateRound('r1', {
        status: 'open',
        trainSeed: 99,
        testSeed: 1234,
        startedAt: '2026-11-27T10:10:00.000Z',
        endsAt: '2026-11-27T10:15:00.000Z',
        rules: { ...RULES, maxSubmissions: 9 },
        title: undefined,
      });
      await store.updateRound('nope', { status: 'closed' });
      await store.updateRound('r1', {});
      expect(await store.getRound('r1')).toEqual(
        roundRow({
          status: 'open',
          trainSeed: 99,
          testSeed: 1234,
          startedAt: '2026-11-27T10:10:00.000Z',
          endsAt: '2026-11-27T10:15:00.000Z',
          rules: { ...RULES, maxSubmissions: 9 },
        }),
      );
      await store.updateRound('r1', { status: 'final', finalizedAt: '2026-11-27T10:20:00.000Z', endsAt: null });
      const final = await store.getRound('r1');
      expect(final?.status).toBe('final');
      expect(final?.endsAt).toBeNull();
      expect(final?.finalizedAt).toBe('2026-11-27T10:20:00.000Z');
    });

    it('stores a 128-bit test secret as text, keeps a legacy 32-bit seed, and patches one into the other', async () => {
      const secret = '0123456789abcdef0123456789abcdef';
      const digits = '12345678901234567890123456789012';
      await store.createRound(roundRow({ id: 'r1', index: 1, testSeed: secret }));
      await store.createRound(roundRow({ id: 'r2', index: 2, testSeed: 4294967295 }));
      expect((await store.getRound('r1'))?.testSeed).toBe(secret);
      expect((await store.getRound('r2'))?.testSeed).toBe(4294967295);
      // All digits: a numeric column would turn it into a number; the secret must stay a string.
      await store.updateRound('r2', { testSeed: digits });
      expect((await store.getRound('r2'))?.testSeed).toBe(digits);
      await store.updateRound('r1', { testSeed: 7 });
      expect((await store.getRound('r1'))?.testSeed).toBe(7);
      expect((await store.listRounds('t1')).map((r) => r.testSeed)).toEqual([7, digits]);
    });

    it('lists rounds by status across tournaments, by creation time', async () => {
      await store.createRound(roundRow({ id: 'r1', status: 'open', createdAt: '2026-11-27T10:03:00.000Z' }));
      await store.createRound(roundRow({ id: 'r2', index: 2, status: 'draft' }));
      await store.createRound(roundRow({ id: 'r3', index: 3, status: 'final' }));
      await store.createRound(roundRow({ id: 'r4', tournamentId: 't2', status: 'closed' }));
      expect((await store.listRoundsByStatus(['open', 'closed'])).map((r) => r.id)).toEqual(['r4', 'r1']);
      expect((await store.listRoundsByStatus(['draft'])).map((r) => r.id)).toEqual(['r2']);
      expect(await store.listRoundsByStatus([])).toEqual([]);
    });
  });

  describe('submissions', () => {
    beforeEach(seedTournament);

    it('round-trips every field, weights byte-identical in their own buffer', async () => {
      const row = submissionRow();
      await store.insertSubmission(row);
      const read = await store.getSubmission('s1');
      expect(read).toEqual({ ...row, seq: expect.any(Number) });
      expect(read?.weights).toBeInstanceOf(Uint8Array);
      expect(read?.weights.byteLength).toBe(4 * 123);
      expect(read?.weights.buffer.byteLength).toBe(4 * 123);
      expect(Array.from(read?.weights ?? [])).toEqual(Array.from(row.weights));
      expect(read?.privateScore).toBe(1 / 3);
      expect(await store.getSubmission('nope')).toBeNull();
    });

    it('stores only the bytes of a view, and is not changed by later caller mutation', async () => {
      const backing = randomBytes(64, 3);
      const view = new Uint8Array(backing.buffer, 8, 16);
      const expected = Array.from(view);
      await store.insertSubmission(submissionRow({ weights: view, params: 4, claimed: null }));
      view.fill(0);
      const read = await store.getSubmission('s1');
      expect(Array.from(read?.weights ?? [])).toEqual(expected);
      expect(read?.claimed).toBeNull();
      read?.weights.fill(1);
      expect(Array.from((await store.getSubmission('s1'))?.weights ?? [])).toEqual(expected);
    });

    it('lists a round by createdAt then id, without weights, and counts per player', async () => {
      await store.createPlayer(playerRow({ id: 'p2', nickname: 'Bob' }));
      await store.createRound(roundRow({ id: 'r2', index: 2 }));
      const at = (m: number): string => `2026-11-27T10:${String(m).padStart(2, '0')}:00.000Z`;
      await store.insertSubmission(submissionRow({ id: 's3', createdAt: at(7) }));
      await store.insertSubmission(submissionRow({ id: 's2', createdAt: at(6), playerId: 'p2' }));
      await store.insertSubmission(submissionRow({ id: 's1', createdAt: at(7), playerId: 'p2' }));
      await store.insertSubmission(submissionRow({ id: 's4', createdAt: at(5), roundId: 'r2' }));
      const list = await store.listSubmissions('r1');
      expect(list.map((s) => s.id)).toEqual(['s2', 's1', 's3']);
      expect(list.every((s) => !('weights' in s))).toBe(true);
      const { weights: _w, ...meta } = submissionRow({ id: 's3', createdAt: at(7) });
      expect(list[2]).toEqual({ ...meta, seq: expect.any(Number) });
      expect(await store.countSubmissions('r1', 'p1')).toBe(1);
      expect(await store.countSubmissions('r1', 'p2')).toBe(2);
      expect(await store.countSubmissions('r2', 'p2')).toBe(0);
      expect(await store.listSubmissions('nope')).toEqual([]);
    });

    it('refuses unknown rounds or players and duplicate ids', async () => {
      await expectIntegrity(store.insertSubmission(submissionRow({ roundId: 'nope' })), 'missing-reference');
      await expectIntegrity(store.insertSubmission(submissionRow({ playerId: 'nope' })), 'missing-reference');
      await store.insertSubmission(submissionRow());
      await expectIntegrity(store.insertSubmission(submissionRow()), 'duplicate');
      expect(await store.countSubmissions('r1', 'p1')).toBe(1);
    });

    it('numbers submissions in insertion order across rounds, whatever their ids and times', async () => {
      await store.createRound(roundRow({ id: 'r2', index: 2 }));
      await store.insertSubmission(submissionRow({ id: 'z', createdAt: '2026-11-27T10:09:00.000Z' }));
      await store.insertSubmission(submissionRow({ id: 'a', roundId: 'r2', createdAt: '2026-11-27T10:01:00.000Z' }));
      await store.insertSubmission(submissionRow({ id: 'm', createdAt: '2026-11-27T10:09:00.000Z', seq: 1 }));
      const seqOf = async (id: string): Promise<number> => (await store.getSubmission(id))?.seq ?? Number.NaN;
      const [z, a, m] = [await seqOf('z'), await seqOf('a'), await seqOf('m')];
      expect(z).toBeLessThan(a);
      expect(a).toBeLessThan(m);
      // A sequence passed in is ignored: the store assigns it.
      expect((await store.listSubmissions('r1')).map((s) => [s.id, s.seq])).toEqual([['m', m], ['z', z]]);
    });

    it('lists the rows of a round stored after a sequence, by sequence, with their latest audit state', async () => {
      await store.createRound(roundRow({ id: 'r2', index: 2 }));
      // Sequence order, not time or id order: a board's incremental read must not depend on either.
      await store.insertSubmission(submissionRow({ id: 'z', createdAt: '2026-11-27T10:09:00.000Z' }));
      await store.insertSubmission(submissionRow({ id: 'o', roundId: 'r2' }));
      await store.insertSubmission(submissionRow({ id: 'b', createdAt: '2026-11-27T10:01:00.000Z' }));
      await store.insertSubmission(submissionRow({ id: 'a', createdAt: '2026-11-27T10:05:00.000Z' }));
      const all = await store.listSubmissionsAfter('r1', 0);
      expect(all.map((s) => s.id)).toEqual(['z', 'b', 'a']);
      expect(all.every((s) => !('weights' in s))).toBe(true);
      const seqs = all.map((s) => s.seq ?? Number.NaN);
      expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
      expect((await store.listSubmissionsAfter('r1', seqs[0])).map((s) => s.id)).toEqual(['b', 'a']);
      expect(await store.listSubmissionsAfter('r1', seqs[2])).toEqual([]);
      await store.updateSubmissionAudit('a', { audit: 'rejected', auditReason: 'replay differs', replayScore: 0.5, auditedAt: 'x' });
      // An audit verdict keeps the row's sequence: a verdict is found by a full read, not this one.
      expect((await store.listSubmissionsAfter('r1', seqs[1])).map((s) => [s.id, s.audit, s.seq])).toEqual([['a', 'rejected', seqs[2]]]);
      expect(await store.listSubmissionsAfter('nope', 0)).toEqual([]);
    });

    it('records an audit verdict', async () => {
      await store.insertSubmission(submissionRow());
      await store.updateSubmissionAudit('s1', {
        audit: 'rejected',
        auditReason: 'replayed weights differ',
        replayScore: 0.5,
        auditedAt: '2026-11-27T10:30:00.000Z',
      });
      await store.updateSubmissionAudit('nope', { audit: 'verified', auditReason: null, replayScore: null, auditedAt: 'x' });
      const read = await store.getSubmission('s1');
      expect(read).toMatchObject({
        audit: 'rejected',
        auditReason: 'replayed weights differ',
        replayScore: 0.5,
        auditedAt: '2026-11-27T10:30:00.000Z',
        publicScore: 0.8125,
      });
      expect((await store.listSubmissions('r1'))[0]?.audit).toBe('rejected');
    });

    it('a verified webgl verdict replaces the scores with the replay\'s; other verdicts keep them', async () => {
      await store.insertSubmission(submissionRow());
      const before = await store.getSubmission('s1');
      await store.updateSubmissionAudit('s1', { audit: 'pending', auditReason: null, replayScore: null, auditedAt: 'x' });
      expect(await store.getSubmission('s1')).toMatchObject({
        publicScore: before?.publicScore,
        privateScore: before?.privateScore,
        fullScore: before?.fullScore,
      });
      const scores = { publicScore: 0.5, privateScore: 0.625, fullScore: 0.5833 };
      await store.updateSubmissionAudit('s1', { audit: 'verified', auditReason: 'within', replayScore: 0.625, auditedAt: 'y', scores });
      expect(await store.getSubmission('s1')).toMatchObject({ ...scores, audit: 'verified', replayScore: 0.625 });
      expect((await store.listSubmissions('r1'))[0]).toMatchObject(scores);
    });

    it('finds a submission by its key, per player and round, without weights', async () => {
      await store.createPlayer(playerRow({ id: 'p2', nickname: 'Bob' }));
      await store.createRound(roundRow({ id: 'r2', index: 2 }));
      const keyed = submissionRow({ id: 's1', submissionKey: 'retry-key_01' });
      await store.insertSubmission(keyed);
      // The same key is free for another player, and for the same player in another round.
      await store.insertSubmission(submissionRow({ id: 's2', playerId: 'p2', submissionKey: 'retry-key_01' }));
      await store.insertSubmission(submissionRow({ id: 's3', roundId: 'r2', submissionKey: 'retry-key_01' }));
      const found = await store.findSubmissionByKey('r1', 'p1', 'retry-key_01');
      const { weights: _w, ...meta } = keyed;
      expect(found).toEqual({ ...meta, seq: expect.any(Number) });
      expect(found && 'weights' in found).toBe(false);
      expect((await store.findSubmissionByKey('r1', 'p2', 'retry-key_01'))?.id).toBe('s2');
      expect((await store.findSubmissionByKey('r2', 'p1', 'retry-key_01'))?.id).toBe('s3');
      expect(await store.findSubmissionByKey('r1', 'p1', 'other-key-9')).toBeNull();
      expect((await store.getSubmission('s1'))?.submissionKey).toBe('retry-key_01');
      expect((await store.listSubmissions('r1')).map((s) => s.submissionKey)).toEqual(['retry-key_01', 'retry-key_01']);
    });

    it('refuses a second submission with one key for the same player and round', async () => {
      await store.insertSubmission(submissionRow({ id: 's1', submissionKey: 'retry-key_01' }));
      await expectIntegrity(store.insertSubmission(submissionRow({ id: 's2', submissionKey: 'retry-key_01' })), 'duplicate');
      expect(await store.countSubmissions('r1', 'p1')).toBe(1);
      expect((await store.findSubmissionByKey('r1', 'p1', 'retry-key_01'))?.id).toBe('s1');
    });

    it('refuses a submission beyond maxPerPlayer with the count taken atomically, even when inserts race', async () => {
      await store.createPlayer(playerRow({ id: 'p2', nickname: 'Bob' }));
      await store.createRound(roundRow({ id: 'r2', index: 2 }));
      const max = { maxPerPlayer: 2 };
      await store.insertSubmission(submissionRow({ id: 's1' }), max);
      // Connections opened first (a pooled store): the racers below then really run side by side.
      await Promise.all(Array.from({ length: 6 }, () => store.countSubmissions('r1', 'p1')));
      // Five at once for the one unit left: exactly one is stored, whichever it is.
      const raced = await Promise.allSettled(['s2', 's3', 's4', 'r5', 'r6'].map((id) => store.insertSubmission(submissionRow({ id }), max)));
      expect(raced.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      for (const r of raced) {
        if (r.status === 'rejected') {
          expect(r.reason).toBeInstanceOf(StorageIntegrityError);
          expect((r.reason as StorageIntegrityError).kind).toBe('limit');
        }
      }
      expect(await store.countSubmissions('r1', 'p1')).toBe(2);
      // Another player, or the same player in another round, has a count of their own.
      await store.insertSubmission(submissionRow({ id: 's5', playerId: 'p2' }), max);
      await store.insertSubmission(submissionRow({ id: 's6', roundId: 'r2' }), max);
      // Without the option nothing is counted.
      await store.insertSubmission(submissionRow({ id: 's7' }));
      expect(await store.countSubmissions('r1', 'p1')).toBe(3);
      await expectIntegrity(store.insertSubmission(submissionRow({ id: 's8', playerId: 'p2' }), { maxPerPlayer: 1 }), 'limit');
      expect(await store.getSubmission('s8')).toBeNull();
    });

    it('with whileOpen, stores only into an open round and for a player not kicked, read with the insert', async () => {
      await store.updateRound('r1', { status: 'open' });
      await store.createPlayer(playerRow({ id: 'p2', nickname: 'Bob' }));
      const opts = { maxPerPlayer: 5, whileOpen: true };
      await store.insertSubmission(submissionRow({ id: 's1' }), opts);
      // Also without a limit: the state alone is checked.
      await store.insertSubmission(submissionRow({ id: 's2', playerId: 'p2' }), { whileOpen: true });
      await store.kickPlayer('p2', '2026-01-01T00:00:09.000Z');
      await expectIntegrity(store.insertSubmission(submissionRow({ id: 's3', playerId: 'p2' }), opts), 'kicked');
      await store.updateRound('r1', { status: 'closed' });
      await expectIntegrity(store.insertSubmission(submissionRow({ id: 's4' }), opts), 'round-not-open');
      await expectIntegrity(store.insertSubmission(submissionRow({ id: 's5' }), { whileOpen: true }), 'round-not-open');
      expect(await store.getSubmission('s3')).toBeNull();
      expect(await store.getSubmission('s4')).toBeNull();
      expect(await store.getSubmission('s5')).toBeNull();
      // Without the option a closed round still takes a row (the single-process path orders in its queue).
      await store.insertSubmission(submissionRow({ id: 's6' }));
      expect(await store.countSubmissions('r1', 'p1')).toBe(2);
    });

    it('never lets NULL keys collide', async () => {
      await store.insertSubmission(submissionRow({ id: 's1', submissionKey: null }));
      await store.insertSubmission(submissionRow({ id: 's2', submissionKey: null }));
      await store.insertSubmission(submissionRow({ id: 's3', submissionKey: null }));
      expect(await store.countSubmissions('r1', 'p1')).toBe(3);
      expect((await store.getSubmission('s2'))?.submissionKey).toBeNull();
    });

    it('lists every submission of a tournament by round index, excluding other tournaments', async () => {
      await store.createRound(roundRow({ id: 'r0', index: 2 }));
      await store.createTournament(tournamentRow({ id: 't2', code: 'XYZ789' }));
      await store.createPlayer(playerRow({ id: 'p9', tournamentId: 't2' }));
      await store.createRound(roundRow({ id: 'r9', tournamentId: 't2' }));
      await store.insertSubmission(submissionRow({ id: 'a', roundId: 'r0', createdAt: '2026-11-27T10:00:00.000Z' }));
      await store.insertSubmission(submissionRow({ id: 'b', roundId: 'r1', createdAt: '2026-11-27T10:09:00.000Z' }));
      await store.insertSubmission(submissionRow({ id: 'c', roundId: 'r1', createdAt: '2026-11-27T10:08:00.000Z' }));
      await store.insertSubmission(submissionRow({ id: 'z', roundId: 'r9', playerId: 'p9' }));
      const list = await store.listTournamentSubmissions('t1');
      expect(list.map((s) => s.id)).toEqual(['c', 'b', 'a']);
      expect(list.every((s) => !('weights' in s))).toBe(true);
      expect((await store.listTournamentSubmissions('t2')).map((s) => s.id)).toEqual(['z']);
    });
  });

  describe('round results', () => {
    beforeEach(async () => {
      await seedTournament();
      await store.createPlayer(playerRow({ id: 'p2', nickname: 'Bob' }));
      await store.createRound(roundRow({ id: 'r2', index: 2 }));
    });

    const result = (roundId: string, playerId: string, rank: number, points: number) => ({
      roundId,
      playerId,
      rank,
      points,
      publicScore: rank === 1 ? 0.9 : null,
      privateScore: rank === 1 ? 0.875 : null,
      audit: 'verified' as const,
    });

    it('saves, lists by round index then rank, and replaces a round wholesale', async () => {
      await store.saveRoundResults('r2', [result('r2', 'p2', 1, 10), result('r2', 'p1', 2, 0)]);
      await store.saveRoundResults('r1', [result('r1', 'p2', 2, 7), result('r1', 'p1', 1, 10)]);
      let list = await store.listRoundResults('t1');
      expect(list.map((r) => `${r.roundId}:${r.playerId}`)).toEqual(['r1:p1', 'r1:p2', 'r2:p2', 'r2:p1']);
      expect(list[0]).toEqual(result('r1', 'p1', 1, 10));
      expect(list[1]?.publicScore).toBeNull();

      await store.saveRoundResults('r1', [result('r1', 'p2', 1, 10)]);
      list = await store.listRoundResults('t1');
      expect(list.map((r) => `${r.roundId}:${r.playerId}:${r.points}`)).toEqual(['r1:p2:10', 'r2:p2:10', 'r2:p1:0']);

      await store.saveRoundResults('r2', []);
      expect((await store.listRoundResults('t1')).map((r) => r.roundId)).toEqual(['r1']);
      expect(await store.listRoundResults('t2')).toEqual([]);
    });

    it('refuses results for an unknown player and keeps the previous results', async () => {
      await store.saveRoundResults('r1', [result('r1', 'p1', 1, 10)]);
      await expectIntegrity(store.saveRoundResults('r1', [result('r1', 'p2', 1, 10), result('r1', 'nope', 2, 7)]), 'missing-reference');
      expect((await store.listRoundResults('t1')).map((r) => r.playerId)).toEqual(['p1']);
      await expectIntegrity(store.saveRoundResults('nope', []), 'missing-reference');
    });
  });
}
