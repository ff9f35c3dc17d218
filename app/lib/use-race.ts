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
