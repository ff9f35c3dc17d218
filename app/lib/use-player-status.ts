'use client';
/**
 * The teacher's live status per student: `offline` (no connected socket), `training` (epoch
 * reports arrived in the last few seconds; with the epoch), `submitted` (has a board entry in the
 * current round; with the count), else `idle`. Presence comes from `host:resume`'s `online` and
 * `player:presence`; training from `progress:update`; submissions from the live board.
 */
import { useEffect, useRef, useState } from 'react';
import type { LeaderboardEntry, ProgressUpdate } from '../../game/protocol';
import { listen } from './socket-client';

export type StudentState = 'offline' | 'training' | 'submitted' | 'idle';
export interface StudentStatus {
  state: StudentState;
  /** The last epoch reported in this round, if any. */
  epoch: number | null;
  submissions: number;
}

/** A student whose epochs stopped changing this long ago is no longer training (ms). */
export const TRAINING_FRESH_MS = 6000;

/**
 * Pure status rule, shared by the hook and its tests.
 * @example studentStatus({ online: true, lastEpochAt: now - 1000, epoch: 3, submissions: 0, now }) // { state: 'training', … }
 */
export function studentStatus(a: { online: boolean; lastEpochAt: number | null; epoch: number | null; submissions: number; now: number }): StudentStatus {
  const base = { epoch: a.epoch, submissions: a.submissions };
  if (!a.online) return { state: 'offline', ...base };
  if (a.lastEpochAt !== null && a.now - a.lastEpochAt < TRAINING_FRESH_MS) return { state: 'training', ...base };
  if (a.submissions > 0) return { state: 'submitted', ...base };
  return { state: 'idle', ...base };
}

/**
 * @example const status = usePlayerStatus(round?.id ?? null, session.online, board); status.get(playerId)?.state
 */
export function usePlayerStatus(roundId: string | null, initialOnline: readonly string[], board: readonly LeaderboardEntry[]): (playerId: string) => StudentStatus {
  const [online, setOnline] = useState<Set<string>>(() => new Set(initialOnline));
  const progress = useRef(new Map<string, { epoch: number; at: number }>());
  const [now, setNow] = useState(() => Date.now());

  useEffect(() => setOnline(new Set(initialOnline)), [initialOnline]);
  useEffect(
    () =>
      listen('player:presence', (p) =>
        setOnline((s) => {
          const next = new Set(s);
          if (p.online) next.add(p.playerId);
          else next.delete(p.playerId);
          return next;
        }),
      ),
    [],
  );
  useEffect(() => {
    progress.current = new Map();
    if (!roundId) return;
    return listen('progress:update', (u) => {
      if (u.roundId !== roundId) return;
      const at = Date.now();
      for (const p of u.players) {
        const known = progress.current.get(p.playerId);
        if (!known || known.epoch !== p.epoch) progress.current.set(p.playerId, { epoch: p.epoch, at });
      }
      setNow(at);
    });
  }, [roundId]);
  // Re-evaluate now and then so "training" turns into "submitted" or "idle" when reports stop.
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(id);
  }, []);

  const subs = new Map(board.map((e) => [e.playerId, e.submissions]));
  return (playerId) => {
    const p = progress.current.get(playerId);
    return studentStatus({ online: online.has(playerId), lastEpochAt: p?.at ?? null, epoch: p?.epoch ?? null, submissions: subs.get(playerId) ?? 0, now });
  };
}
