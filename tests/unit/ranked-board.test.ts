import { describe, expect, it } from 'vitest';
import { buildLeaderboard } from '../../game/leaderboard';
import type { AuditState, LeaderboardSubmission } from '../../game/leaderboard';
import { RankedBoard } from '../../game/ranked-board';
import { createRng } from '../../game/rng';
import type { NetworkSpec } from '../../game/spec';

const nets: NetworkSpec[] = [
  { layers: [{ units: 8, activation: 'relu', groups: 1 }], shortcut: 'none' },
  { layers: [{ units: 4, activation: 'tanh', groups: 1 }, { units: 6, activation: 'relu', groups: 2 }], shortcut: 'residual' },
];
const AUDITS: AuditState[] = ['pending', 'verified', 'rejected'];

/** A seeded random history of submissions, audit verdicts and kicks, replayed on both boards. */
function history(seed: number, final: boolean) {
  const rng = createRng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rng.next() * xs.length)];
  const players = Array.from({ length: 40 }, (_, i) => ({ id: `p${i}`, nickname: `P${i}` }));
  let active = [...players];
  const subs: LeaderboardSubmission[] = [];
  const board = new RankedBoard({ final });
  for (let step = 0; step < 300; step++) {
    const r = rng.next();
    if (r < 0.6 || subs.length === 0) {
      const p = pick(active);
      const s: LeaderboardSubmission = {
        id: `s${step}`,
        playerId: p.id,
        // Coarse scores so that ties (broken by time, then id) are common.
        publicScore: Math.round(rng.next() * 10) / 10,
        privateScore: rng.next() < 0.1 ? null : Math.round(rng.next() * 10) / 10,
        // Some equal timestamps, so the id decides.
        createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, Math.floor(step / 2))).toISOString(),
        audit: pick(AUDITS),
        network: pick(nets),
        params: 10 + step,
      };
      subs.push(s);
      board.upsert(p, s);
    } else if (r < 0.95) {
      const i = Math.floor(rng.next() * subs.length);
      if (rng.next() < 0.3) {
        // A verified webgl verdict: the replay's scores replace the submitted ones.
        const scores = { publicScore: Math.round(rng.next() * 10) / 10, privateScore: Math.round(rng.next() * 10) / 10 };
        subs[i] = { ...subs[i], audit: 'verified', ...scores };
        board.setAudit(subs[i].id, 'verified', scores);
      } else {
        subs[i] = { ...subs[i], audit: pick(AUDITS) };
        board.setAudit(subs[i].id, subs[i].audit);
      }
    } else if (active.length > 5) {
      const p = pick(active);
      active = active.filter((a) => a.id !== p.id);
      board.remove(p.id);
    }
  }
  const live = new Set(active.map((p) => p.id));
  return { board, expected: buildLeaderboard(subs.filter((s) => live.has(s.playerId)), active, { final }), active };
}

describe('RankedBoard', () => {
  for (const final of [false, true]) {
    it(`ranks exactly as buildLeaderboard after random changes (${final ? 'final' : 'live'})`, () => {
      for (const seed of [1, 2, 3, 4, 5]) {
        const { board, expected, active } = history(seed, final);
        expect(board.total).toBe(expected.length);
        expect(board.page(0, 1000)).toEqual(expected);
        // Pages tile the board without gaps or repeats.
        const paged = [...board.page(0, 7), ...board.page(7, 7), ...board.page(14, 1000)];
        expect(paged).toEqual(expected);
        for (const p of active) {
          const e = expected.find((x) => x.playerId === p.id);
          expect(board.rankOf(p.id)).toBe(e?.rank ?? 0);
          expect(board.entryOf(p.id)).toEqual(e ?? null);
        }
      }
    });
  }

  it('changes one row per submission and reports what moved', () => {
    const board = new RankedBoard({ final: false });
    const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s)).toISOString();
    const sub = (id: string, playerId: string, score: number, s: number): LeaderboardSubmission => ({
      id, playerId, publicScore: score, privateScore: score, createdAt: at(s), audit: 'pending', network: nets[0], params: 1,
    });
    board.upsert({ id: 'a', nickname: 'Ada' }, sub('s1', 'a', 0.5, 1));
    board.upsert({ id: 'b', nickname: 'Bo' }, sub('s2', 'b', 0.7, 2));
    expect([board.rankOf('a'), board.rankOf('b'), board.rankOf('nobody')]).toEqual([2, 1, 0]);
    const keys = new Map<string, string>();
    board.forEachRank((id, _rank, key) => keys.set(id, key));
    board.upsert({ id: 'a', nickname: 'Ada' }, sub('s3', 'a', 0.9, 3));
    const moved: string[] = [];
    board.forEachRank((id, _rank, key) => {
      if (keys.get(id) !== key) moved.push(id);
    });
    expect(moved.sort()).toEqual(['a', 'b']);
    expect(board.entryOf('a')).toMatchObject({ rank: 1, submissions: 2, publicScore: 0.9 });
  });
});
