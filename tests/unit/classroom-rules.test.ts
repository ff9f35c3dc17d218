/**
 * Issue 14's pure rules behind the teacher console and the projector: a student's live status,
 * the preset queue, the race legend's top 8 (+ hovered), and the projector's get-ready / time's-up
 * stages on the server's clock.
 */
import { describe, expect, it } from 'vitest';
import { PRESETS } from '../../game/presets';
import type { RoundPublic } from '../../game/protocol';
import { nextPreset } from '../../app/components/host/next-round';
import { GET_READY_S, TIMES_UP_S, stageAt } from '../../app/components/watch/stage';
import { TRAINING_FRESH_MS, studentStatus } from '../../app/lib/use-player-status';
import { RACE_LEGEND, topCurves, type RaceCurve } from '../../app/lib/use-race';

const round = (over: Partial<RoundPublic>): RoundPublic => ({ id: 'r', index: 1, title: PRESETS[0].title, status: 'open', startedAt: null, endsAt: null, trainSeed: 1, trainRows: null, rules: PRESETS[0].rules, task: { id: 'xor', inputDim: 2, classes: 2 }, ...over }) as RoundPublic;

describe('student status', () => {
  const now = 1_000_000;
  it('is offline, training, submitted or idle, in that order of precedence', () => {
    expect(studentStatus({ online: false, lastEpochAt: now, epoch: 3, submissions: 2, now }).state).toBe('offline');
    expect(studentStatus({ online: true, lastEpochAt: now - 100, epoch: 3, submissions: 2, now })).toEqual({ state: 'training', epoch: 3, submissions: 2 });
    expect(studentStatus({ online: true, lastEpochAt: now - TRAINING_FRESH_MS, epoch: 3, submissions: 2, now }).state).toBe('submitted');
    expect(studentStatus({ online: true, lastEpochAt: null, epoch: null, submissions: 0, now }).state).toBe('idle');
  });
});

describe('preset queue', () => {
  it('starts with the first preset, follows the latest round, and wraps around', () => {
    expect(nextPreset([]).id).toBe(PRESETS[0].id);
    expect(nextPreset([round({ index: 1, title: PRESETS[0].title }), round({ index: 2, title: PRESETS[2].title })]).id).toBe(PRESETS[3].id);
    expect(nextPreset([round({ title: PRESETS[PRESETS.length - 1].title })]).id).toBe(PRESETS[0].id);
    expect(nextPreset([round({ title: 'Moons on a budget' })]).id).toBe(PRESETS[0].id);
  });
});

describe('race legend', () => {
  const curve = (i: number, loss: number): RaceCurve => ({ playerId: `p${i}`, nickname: `n${i}`, epochs: [1], losses: [loss] });
  it('keeps the top 8 by board rank (then loss) and adds the hovered player', () => {
    const curves = Array.from({ length: 31 }, (_, i) => curve(i, 1 / (i + 1)));
    const board = [{ playerId: 'p0', rank: 1 }, { playerId: 'p5', rank: 2 }];
    const top = topCurves(curves, board, null);
    expect(top).toHaveLength(RACE_LEGEND);
    expect(top.slice(0, 2).map((c) => c.playerId)).toEqual(['p0', 'p5']);
    expect(top[2].playerId).toBe('p30');
    expect(topCurves(curves, board, 'p1').map((c) => c.playerId)).toContain('p1');
    expect(topCurves(curves, board, 'p1')).toHaveLength(RACE_LEGEND + 1);
    expect(topCurves(curves, board, 'p0')).toHaveLength(RACE_LEGEND);
  });
});

describe('projector stages', () => {
  const start = Date.parse('2026-12-02T10:00:00.000Z');
  const open = round({ status: 'open', startedAt: new Date(start).toISOString() });
  it('counts 3, 2, 1, says go, then gets out of the way', () => {
    expect(stageAt(open, start + 100, null)).toEqual({ kind: 'ready', n: 3 });
    expect(stageAt(open, start + 2500, null)).toEqual({ kind: 'ready', n: 1 });
    expect(stageAt(open, start + GET_READY_S * 1000 + 10, null)).toEqual({ kind: 'go' });
    expect(stageAt(open, start + (GET_READY_S + 2) * 1000, null)).toBeNull();
  });
  it("says time's up for a few seconds after the close this screen saw", () => {
    const closed = round({ status: 'closed', startedAt: open.startedAt });
    expect(stageAt(closed, start + 60_000, start + 59_000)).toEqual({ kind: 'timesUp' });
    expect(stageAt(round({ status: 'final' }), start + 60_000, start + 59_000)).toEqual({ kind: 'timesUp' });
    expect(stageAt(closed, start + 60_000 + TIMES_UP_S * 1000, start + 60_000 - 1)).toBeNull();
    expect(stageAt(closed, start + 60_000, null)).toBeNull();
  });
});
