'use client';
/**
 * A player's own board entry, wherever they rank: from the top 50 of `leaderboard:update` when
 * they are in it, else from `leaderboard:you` (the server sends each player their own entry and
 * rank when it changes), with the whole board's `total` from either. So a player ranked 1,200th
 * still sees their row and rank.
 */
import { useEffect, useState } from 'react';
import type { LeaderboardEntry } from '../../game/protocol';
import { listen } from './socket-client';

export interface OwnEntry {
  entry: LeaderboardEntry | null;
  /** Entries on the whole board, when the server has said (else the top list's length). */
  total: number;
}

/**
 * @example const { entry, total } = useOwnEntry(round.id, playerId, board); // entry.rank may be 1200
 */
export function useOwnEntry(roundId: string, playerId: string, top: LeaderboardEntry[]): OwnEntry {
  const [you, setYou] = useState<{ entry: LeaderboardEntry; total: number } | null>(null);
  const [total, setTotal] = useState<number | null>(null);
  useEffect(() => {
    setYou(null);
    setTotal(null);
    const offs = [
      listen('leaderboard:you', (u) => {
        if (u.roundId === roundId && u.entry.playerId === playerId) setYou({ entry: u.entry, total: u.total });
      }),
      listen('leaderboard:update', (u) => {
        if (u.roundId === roundId) setTotal(u.total);
      }),
    ];
    return () => offs.forEach((off) => off());
  }, [roundId, playerId]);
  const inTop = top.find((e) => e.playerId === playerId) ?? null;
  return { entry: inTop ?? you?.entry ?? null, total: Math.max(total ?? 0, you?.total ?? 0, top.length) };
}

/** The top list with the player's own entry appended when it ranks below it (for one board view). */
export function withOwnEntry(top: LeaderboardEntry[], own: LeaderboardEntry | null): LeaderboardEntry[] {
  return own && !top.some((e) => e.playerId === own.playerId) ? [...top, own] : top;
}
