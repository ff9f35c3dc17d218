'use client';
/**
 * The class as the big screen sees it: every active player (by join time) and the tournament
 * standings. Seeded from `GET /api/tournaments/:code` (standings list every active player, 0 points
 * included), then kept live by `players:update` (joins and kicks) and `standings:update` (after each
 * round is final). The socket must already be in the tournament room (spectate / join / resume).
 */
import { useEffect, useState } from 'react';
import type { PlayersUpdate, StandingEntry } from '../../game/protocol';
import { applyPlayersDelta } from './players-delta';
import { fetchTournamentView } from './api';
import { getSocket, listen } from './socket-client';

export interface ClassPlayer {
  id: string;
  nickname: string;
}

export interface TournamentClass {
  players: ClassPlayer[];
  standings: StandingEntry[];
}

/**
 * Follows the players and standings of tournament `code`. Side effect: one HTTP read at mount and
 * after each reconnect (events missed while offline are not replayed).
 * @example const { players, standings } = useTournamentPlayers('AB3D9K');
 */
export function useTournamentPlayers(code: string): TournamentClass {
  const [state, setState] = useState<TournamentClass>({ players: [], standings: [] });

  useEffect(() => {
    let live = true;
    let loading = false;
    // Players a delta announced since the current read began: the read may predate them.
    let sinceRead = new Set<string>();
    const load = () => {
      if (loading) return;
      loading = true;
      sinceRead = new Set();
      void fetchTournamentView(code).then((r) => {
        loading = false;
        if (!live || !r.ok) return;
        const standings = r.data.standings;
        const listed = new Set(standings.map((e) => e.playerId));
        // The standings list every active player (join order unknown). Known players keep their
        // order; those the read does not list left, unless a delta announced them after it began.
        setState((s) => {
          const kept = s.players.filter((p) => listed.has(p.id) || sinceRead.has(p.id));
          const seen = new Set(kept.map((p) => p.id));
          const seeded = standings.filter((e) => !seen.has(e.playerId)).map((e) => ({ id: e.playerId, nickname: e.nickname }));
          return { standings, players: [...seeded, ...kept] };
        });
      });
    };
    const socket = getSocket();
    socket.on('connect', load);
    load();
    const offs = [
      listen('players:update', (u) => {
        if (u.code.toUpperCase() !== code.toUpperCase()) return;
        const kicked = new Set(u.kicked);
        for (const j of u.joined) sinceRead.add(j.id);
        // Kicked players leave the standings at once, as the server's next standings would.
        setState((s) => {
          const players = applyPlayersDelta(s.players, u);
          // A delta missed (sent before this socket was in the room): read the class again.
          if (players.length !== u.count) load();
          return { players, standings: s.standings.filter((e) => !kicked.has(e.playerId)) };
        });
      }),
      listen('standings:update', (u) => {
        if (u.code.toUpperCase() !== code.toUpperCase()) return;
        setState((s) => ({ ...s, standings: u.entries }));
      }),
    ];
    return () => {
      live = false;
      socket.off('connect', load);
      offs.forEach((off) => off());
    };
  }, [code]);

  return state;
}
