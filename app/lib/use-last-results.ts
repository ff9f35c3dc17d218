'use client';
/**
 * The last finished round's results, kept on screen while the next round is only a draft: creating
 * the next draft must not wipe the podium, the insights or a student's final result. Reads the
 * tournament's rounds and that round's board over HTTP (so a reload finds them too) and follows
 * later boards of that round (a late audit verdict). Null while a round is open or none finished.
 */
import { useEffect, useState } from 'react';
import type { LeaderboardEntry, LeaderboardUpdate, RoundPublic } from '../../game/protocol';
import { fetchLeaderboard, fetchTournamentView } from './api';
import { listen } from './socket-client';

export interface LastResults {
  round: RoundPublic;
  entries: LeaderboardEntry[];
  final: boolean;
}

/** The finished round (closed or final) with the highest index, if any. */
export function lastFinished(rounds: readonly RoundPublic[]): RoundPublic | null {
  return [...rounds].filter((r) => r.status === 'closed' || r.status === 'final').sort((a, b) => b.index - a.index)[0] ?? null;
}

/**
 * @param current the tournament's current round (open, else latest); results are looked up only
 *   while it is null or a draft.
 * @param enabled false until the page knows the tournament (e.g. before the player joined).
 * @example const last = useLastResults(code, round); last && <Podium entries={last.entries} final={last.final} />
 */
export function useLastResults(code: string, current: RoundPublic | null, enabled = true): LastResults | null {
  const [last, setLast] = useState<LastResults | null>(null);
  const waiting = enabled && (current === null || current.status === 'draft');
  const currentId = current?.id ?? null;

  useEffect(() => {
    if (!waiting) {
      setLast(null);
      return;
    }
    let live = true;
    let roundId: string | null = null;
    void (async () => {
      const view = await fetchTournamentView(code);
      const round = view.ok ? lastFinished(view.data.rounds ?? []) : null;
      if (!live || !round) return;
      roundId = round.id;
      const board = await fetchLeaderboard(round.id);
      if (live && board.ok) setLast({ round, entries: board.data.entries, final: board.data.final });
    })();
    const off = listen('leaderboard:update', (u) => {
      if (u.roundId === roundId) setLast((l) => (l && l.round.id === u.roundId ? { ...l, entries: u.entries, final: u.final } : l));
    });
    return () => {
      live = false;
      off();
    };
  }, [code, waiting, currentId]);

  return waiting ? last : null;
}
