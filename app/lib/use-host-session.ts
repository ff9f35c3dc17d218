'use client';
/**
 * The host's connection: resumes with the host key stored for this code (after every reconnect
 * too, so the socket is back in the host room), and follows rounds, the live board, standings and
 * the players seen so far.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { LeaderboardEntry, LeaderboardUpdate, ProgressUpdate, RoundPublic, StandingEntry, TournamentPublic } from '../../game/protocol';
import type { PlayersUpdate } from '../../game/protocol';
import { fetchLeaderboard, fetchTournamentView } from './api';
import { applyPlayersDelta } from './players-delta';
import { adoptHostKeyFromUrl } from './host-link';
import { getHostKey } from './local-store';
import { getSocket, listen, request, type UiError } from './socket-client';

export interface HostPlayer {
  id: string;
  nickname: string;
  /** Tournament points so far, when known from the standings. */
  points?: number;
}


export interface HostSession {
  status: 'connecting' | 'no-key' | 'ready' | 'error';
  hostKey: string | null;
  tournament: TournamentPublic | null;
  rounds: RoundPublic[];
  board: { roundId: string; final: boolean; entries: LeaderboardEntry[] } | null;
  standings: StandingEntry[];
  players: HostPlayer[];
  /** Ids of players with a connected socket, as `host:resume` answered (later: `player:presence`). */
  online: string[];
  error: UiError | null;
}

const INITIAL: HostSession = { status: 'connecting', hostKey: null, tournament: null, rounds: [], board: null, standings: [], players: [], online: [], error: null };

/** The round a console focuses on: the open one, else the latest. */
export function currentRound(rounds: RoundPublic[]): RoundPublic | null {
  return rounds.find((r) => r.status === 'open') ?? [...rounds].sort((a, b) => b.index - a.index)[0] ?? null;
}

function mergePlayers(list: HostPlayer[], more: HostPlayer[]): HostPlayer[] {
  const byId = new Map(list.map((p) => [p.id, p]));
  // A board entry carries no points: keep what the standings said instead of erasing it.
  for (const p of more) byId.set(p.id, { ...byId.get(p.id), ...p });
  return [...byId.values()];
}

/** @example const { session, upsertRound, removePlayer } = useHostSession(code); */
export function useHostSession(code: string) {
  const [session, setSession] = useState<HostSession>(INITIAL);
  const focus = useRef<string | null>(null);

  const loadBoard = useCallback(async (roundId: string) => {
    const r = await fetchLeaderboard(roundId);
    if (!r.ok || focus.current !== roundId) return;
    const b = r.data;
    setSession((s) => ({ ...s, board: b, players: mergePlayers(s.players, b.entries.map((e) => ({ id: e.playerId, nickname: e.nickname }))) }));
  }, []);

  const resume = useCallback(async () => {
    adoptHostKeyFromUrl(code);
    const key = getHostKey(code);
    if (!key) return setSession((s) => ({ ...s, status: 'no-key' }));
    const r = await request('host:resume', { code, hostKey: key });
    if (!r.ok) return setSession((s) => ({ ...s, status: 'error', error: r.error }));
    // Optional extension: a server that lists players in the ack lets the host kick idle ones too.
    const listed = (r as { players?: HostPlayer[] }).players ?? [];
    const online = (r as { online?: string[] }).online ?? [];
    const cur = currentRound(r.rounds);
    focus.current = cur?.id ?? null;
    setSession((s) => ({ ...s, status: 'ready', hostKey: key, tournament: r.tournament, rounds: r.rounds, players: mergePlayers(s.players, listed), online, error: null }));
    if (cur) void loadBoard(cur.id);
  }, [code, loadBoard]);

  const upsertRound = useCallback(
    (round: RoundPublic) =>
      setSession((s) => {
        const rounds = s.rounds.some((r) => r.id === round.id) ? s.rounds.map((r) => (r.id === round.id ? round : r)) : [...s.rounds, round];
        const cur = currentRound(rounds);
        if (cur && cur.id !== focus.current) {
          focus.current = cur.id;
          void loadBoard(cur.id);
          return { ...s, rounds, board: null };
        }
        return { ...s, rounds };
      }),
    [loadBoard],
  );

  useEffect(() => {
    const socket = getSocket();
    const onConnect = () => void resume();
    socket.on('connect', onConnect);
    if (socket.connected) onConnect();
    const offs = [
      listen('round:update', upsertRound),
      listen('leaderboard:update', (b) => {
        if (b.roundId !== focus.current) return;
        setSession((s) => ({ ...s, board: b, players: mergePlayers(s.players, b.entries.map((e) => ({ id: e.playerId, nickname: e.nickname }))) }));
      }),
      listen('progress:update', (u) => {
        setSession((s) => {
          if (u.players.every((p) => s.players.some((q) => q.id === p.playerId))) return s;
          return { ...s, players: mergePlayers(s.players, u.players.map((p) => ({ id: p.playerId, nickname: p.nickname }))) };
        });
      }),
      listen('standings:update', (u) => {
        // Standings list every active player, so they replace the list (kicked players drop out).
        setSession((s) => ({ ...s, standings: u.entries, players: u.entries.map((e) => ({ id: e.playerId, nickname: e.nickname, points: e.points })) }));
      }),
      listen('players:update', (u) => {
        // A delta: joins are appended, kicked players drop out (points we already know are kept).
        setSession((s) => {
          const kicked = new Set(u.kicked);
          return { ...s, standings: s.standings.filter((e) => !kicked.has(e.playerId)), players: applyPlayersDelta(s.players, u) };
        });
      }),
    ];
    return () => {
      socket.off('connect', onConnect);
      offs.forEach((off) => off());
    };
  }, [resume, loadBoard, upsertRound]);

  // Joins and kicks arrive as `players:update`; the tournament view, read once when the console is
  // ready, adds everyone's points (standings) for players who joined before the console opened.
  useEffect(() => {
    if (session.status !== 'ready') return;
    let live = true;
    void fetchTournamentView(code).then((r) => {
      if (!r.ok || !live) return;
      const standings = r.data.standings;
      setSession((s) => ({ ...s, standings, players: mergePlayers(s.players, standings.map((e) => ({ id: e.playerId, nickname: e.nickname, points: e.points }))) }));
    });
    return () => {
      live = false;
    };
  }, [code, session.status]);

  const removePlayer = useCallback((id: string) => setSession((s) => ({ ...s, players: s.players.filter((p) => p.id !== id) })), []);

  return { session, upsertRound, removePlayer };
}
