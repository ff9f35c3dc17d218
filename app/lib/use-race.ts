'use client';
/**
 * The training race: accumulates `progress:update` broadcasts into one loss curve per player for
 * the current round. A player whose epoch goes backwards started a new run, so their curve restarts.
 */
import { useEffect, useRef, useState } from 'react';
import type { ProgressUpdate } from '../../game/protocol';
import { listen } from './socket-client';

export interface RaceCurve {
  playerId: string;
  nickname: string;
  epochs: number[];
  losses: number[];
}

const MAX_POINTS = 400;

/** @example const curves = useRace(round?.id ?? null); */
export function useRace(roundId: string | null): RaceCurve[] {
  const curves = useRef(new Map<string, RaceCurve>());
  const [snapshot, setSnapshot] = useState<RaceCurve[]>([]);
  useEffect(() => {
    curves.current = new Map();
    setSnapshot([]);
    if (!roundId) return;
    return listen('progress:update', (u) => {
      if (u.roundId !== roundId) return;
      for (const p of u.players) {
        let c = curves.current.get(p.playerId);
        const lastEpoch = c?.epochs[c.epochs.length - 1];
        if (!c || (lastEpoch !== undefined && p.epoch < lastEpoch)) {
          c = { playerId: p.playerId, nickname: p.nickname, epochs: [], losses: [] };
          curves.current.set(p.playerId, c);
        }
        if (lastEpoch === p.epoch && c.epochs.length > 0) continue;
        c.epochs.push(p.epoch);
        c.losses.push(p.loss);
        if (c.epochs.length > MAX_POINTS) {
          c.epochs.splice(0, c.epochs.length - MAX_POINTS);
          c.losses.splice(0, c.losses.length - MAX_POINTS);
        }
      }
      setSnapshot([...curves.current.values()].map((c) => ({ ...c, epochs: [...c.epochs], losses: [...c.losses] })));
    });
  }, [roundId]);
  return snapshot;
}

/**
 * The round whose race a screen listens to: the current one from its draft on, not only once the
 * screen has seen it open. The server reports progress for open rounds only, so a draft hears
 * nothing; but a screen that subscribed only on seeing `open` missed a broadcast that beat its own
 * re-render (a round's first epochs, lost until the next report). Closed rounds have no race.
 * @example raceRoundId({ id: 'r1', status: 'draft' }) // 'r1'
 */
export function raceRoundId(round: { id: string; status: string } | null | undefined): string | null {
  return round && (round.status === 'draft' || round.status === 'open') ? round.id : null;
}

/** Curves the race legend can hold: 8, one per palette colour. */
export const RACE_LEGEND = 8;

/**
 * The curves a projector draws: the top `RACE_LEGEND` by board rank (players not on the board yet
 * by their latest loss), plus the hovered player's. Pure.
 * @example topCurves(curves, board, hoveredId).length // <= 9
 */
export function topCurves(curves: readonly RaceCurve[], board: readonly { playerId: string; rank: number }[], hovered: string | null): RaceCurve[] {
  const rank = new Map(board.map((e) => [e.playerId, e.rank]));
  const last = (c: RaceCurve): number => c.losses[c.losses.length - 1] ?? Number.POSITIVE_INFINITY;
  const sorted = [...curves].sort((a, b) => (rank.get(a.playerId) ?? Infinity) - (rank.get(b.playerId) ?? Infinity) || last(a) - last(b));
  const top = sorted.slice(0, RACE_LEGEND);
  const extra = hovered ? curves.find((c) => c.playerId === hovered && !top.includes(c)) : undefined;
  return extra ? [...top, extra] : top;
}
