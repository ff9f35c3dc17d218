'use client';
/**
 * A player's connection to a tournament: joins (or resumes with the token stored per code),
 * re-joins after every reconnect so the socket is back in the tournament room, and follows the
 * round, the leaderboard (and whether it is the final one), the tournament standings and a kick. The token lives in localStorage, so a reload keeps identity.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { LeaderboardEntry, LeaderboardUpdate, RoundPublic, StandingEntry, TournamentPublic } from '../../game/protocol';
import { fetchLeaderboard, fetchTournamentView } from './api';
import { getPlayerToken, setPlayerToken } from './local-store';
import { getSocket, listen, request, type UiError } from './socket-client';

export interface PlayerSession {
  /** `not-found`: the code names no tournament (asked before any nickname). */
  status: 'connecting' | 'needs-join' | 'joined' | 'kicked' | 'not-found';
  player: { id: string; nickname: string } | null;
  token: string | null;
  tournament: TournamentPublic | null;
  round: RoundPublic | null;
  board: LeaderboardEntry[];
  /** Whether `board` is the round's final board (private scores, audits settled). */
  boardFinal: boolean;
  /** Tournament standings (points over final rounds); refreshed when a round turns final. */
  standings: StandingEntry[];
  connected: boolean;
  error: UiError | null;
}

const INITIAL: PlayerSession = { status: 'connecting', player: null, token: null, tournament: null, round: null, board: [], boardFinal: false, standings: [], connected: false, error: null };

async function fetchBoard(roundId: string): Promise<{ board: LeaderboardEntry[]; boardFinal: boolean }> {
  const r = await fetchLeaderboard(roundId);
  return r.ok ? { board: r.data.entries, boardFinal: r.data.final } : { board: [], boardFinal: false };
}

/** @example const { session, join } = usePlayerSession('AB3D9K'); */
export function usePlayerSession(code: string) {
  const [session, setSession] = useState<PlayerSession>(INITIAL);
  const roundId = useRef<string | null>(null);

  const applyJoin = useCallback(
    async (payload: { code: string; playerToken: string } | { code: string; nickname: string }): Promise<UiError | null> => {
      const r = await request('player:join', payload);
      if (!r.ok) return r.error;
      setPlayerToken(code, r.playerToken);
      roundId.current = r.round?.id ?? null;
      setSession((s) => ({ ...s, status: 'joined', player: r.player, token: r.playerToken, tournament: r.tournament, round: r.round, error: null }));
      if (r.round) {
        const id = r.round.id;
        const board = await fetchBoard(id);
        if (roundId.current === id) setSession((s) => ({ ...s, ...board }));
      }
      const view = await fetchTournamentView(code);
      if (view.ok) setSession((s) => ({ ...s, standings: view.data.standings }));
      return null;
    },
    [code],
  );

  const resume = useCallback(async () => {
    const token = getPlayerToken(code);
    if (!token) {
      // A code that names no tournament says so at once instead of asking for a nickname first.
      const view = await fetchTournamentView(code);
      const missing = !view.ok && view.status === 404;
      setSession((s) => ({ ...s, status: s.status === 'kicked' ? 'kicked' : missing ? 'not-found' : 'needs-join' }));
      return;
    }
    const err = await applyJoin({ code, playerToken: token });
    if (err) {
      if (err.code === 'UNAUTHORIZED' || err.code === 'NOT_FOUND') setPlayerToken(code, null);
      const status = err.code === 'NETWORK' ? 'connecting' : err.code === 'NOT_FOUND' ? 'not-found' : 'needs-join';
      setSession((s) => ({ ...s, status, error: err }));
    }
  }, [code, applyJoin]);

  useEffect(() => {
    const socket = getSocket();
    const onConnect = () => {
      setSession((s) => ({ ...s, connected: true }));
      void resume();
    };
    const onDisconnect = () => setSession((s) => ({ ...s, connected: false }));
    socket.on('connect', onConnect);
    socket.on('disconnect', onDisconnect);
    if (socket.connected) onConnect();
    const offs = [
      listen('round:update', (round) => {
        if (roundId.current !== round.id) {
          roundId.current = round.id;
          setSession((s) => ({ ...s, round, board: [], boardFinal: false }));
        } else {
          setSession((s) => ({ ...s, round }));
        }
      }),
      listen('leaderboard:update', (u) => {
        if (u.roundId === roundId.current) setSession((s) => ({ ...s, board: u.entries, boardFinal: u.final }));
      }),
      listen('standings:update', (u) => {
        if (u.code.toUpperCase() === code.toUpperCase()) setSession((s) => ({ ...s, standings: u.entries }));
      }),
      listen('player:kicked', () => {
        setPlayerToken(code, null);
        setSession((s) => ({ ...s, status: 'kicked', token: null }));
      }),
    ];
    return () => {
      socket.off('connect', onConnect);
      socket.off('disconnect', onDisconnect);
      offs.forEach((off) => off());
    };
  }, [code, resume]);

  const join = useCallback((nickname: string) => applyJoin({ code, nickname }), [code, applyJoin]);

  return { session, join };
}
