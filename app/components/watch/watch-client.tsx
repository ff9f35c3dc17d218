'use client';
/**
 * The big screen: join code and URL, countdown, the animated live board, the loss race, and when
 * the round closes the podium and "what mattered" insights. Before a round starts it is the lobby:
 * every player's name as they join. Between rounds it shows the tournament standings.
 * Spectates again after reconnects.
 */
import { useEffect, useState } from 'react';
import type { LeaderboardEntry, RoundPublic, TournamentPublic } from '../../../game/protocol';
import { useI18n } from '../../i18n/i18n-provider';
import { roundTitle, taskTitle } from '../../i18n/catalog-text';
import { getSocket, listen, request, type UiError } from '../../lib/socket-client';
import { errorText } from '../../lib/ui-error';
import { useInsights } from '../../lib/use-insights';
import { useLastResults } from '../../lib/use-last-results';
import { raceRoundId, topCurves, useRace } from '../../lib/use-race';
import { useTournamentPlayers } from '../../lib/use-tournament-players';
import { Countdown } from '../shared/countdown';
import { InsightsBars } from '../shared/insights-bars';
import { Debrief, LookFor } from '../shared/lesson-notes';
import { LobbyPlayers } from '../shared/lobby-players';
import { Podium } from '../shared/podium';
import { QrCode } from '../shared/qr-code';
import { RaceChart } from '../shared/race-chart';
import { StandingsTable } from '../shared/standings-table';
import { PagedBoard } from './paged-board';
import { StageControls } from './stage';

export function WatchClient({ code }: { code: string }) {
  const { t } = useI18n();
  const [tournament, setTournament] = useState<TournamentPublic | null>(null);
  const [round, setRound] = useState<RoundPublic | null>(null);
  // `entries` is the top 50; `total` counts the whole board (a class of 2,000 shows its size here).
  const [board, setBoard] = useState<{ entries: LeaderboardEntry[]; final: boolean; total: number }>({ entries: [], final: false, total: 0 });
  const [error, setError] = useState<UiError | null>(null);
  const [origin, setOrigin] = useState('');
  const [hovered, setHovered] = useState<string | null>(null);
  const race = useRace(raceRoundId(round));
  const closed = round?.status === 'closed' || round?.status === 'final';
  const lobby = round === null || round.status === 'draft';
  const { players, standings } = useTournamentPlayers(code);
  const scored = standings.some((e) => e.points > 0);
  // While the next round is a draft the last results stay up: the podium and the insights.
  const last = useLastResults(code, round, tournament !== null);
  const shown = last ? { round: last.round, entries: last.entries, final: last.final } : { round, entries: board.entries, final: board.final };
  const insights = useInsights(shown.round?.id ?? null, closed || last !== null, `${shown.round?.status}|${shown.final}|${shown.entries.length}`);

  useEffect(() => setOrigin(window.location.origin), []);
  useEffect(() => {
    const socket = getSocket();
    let roundId: string | null = null;
    const spectate = async () => {
      const r = await request('spectate', { code });
      if (!r.ok) return setError(r.error);
      setError(null);
      setTournament(r.tournament);
      setRound(r.round);
      roundId = r.round?.id ?? null;
      setBoard({ entries: r.leaderboard, final: r.round?.status === 'final', total: r.total ?? r.leaderboard.length });
    };
    socket.on('connect', spectate);
    if (socket.connected) void spectate();
    const offs = [
      listen('round:update', (rd) => {
        if (rd.id !== roundId) setBoard({ entries: [], final: false, total: 0 });
        roundId = rd.id;
        setRound(rd);
      }),
      listen('leaderboard:update', (u) => {
        if (u.roundId === roundId) setBoard({ entries: u.entries, final: u.final, total: u.total });
      }),
    ];
    return () => {
      socket.off('connect', spectate);
      offs.forEach((off) => off());
    };
  }, [code]);

  const joinUrl = `${origin}/play/${code}`;
  if (error?.code === 'NOT_FOUND') {
    return (
      <div className="watch stack" data-testid="watch-page">
        <p className="panel error" role="alert" data-testid="not-found">{t('common.notFound', { code })}</p>
      </div>
    );
  }
  return (
    <div className="watch stack" data-testid="watch-page">
      {error && <p className="error" role="alert">{errorText(t, error)}</p>}
      <div className="row" style={{ alignItems: 'center', gap: '2rem' }}>
        <div className="stack" style={{ gap: 0 }}>
          <span className="hint">{t('common.joinCode')}</span>
          <span className="join-code" data-testid="join-code">{code}</span>
          <span className="hint">{t('watch.join', { url: joinUrl })}</span>
        </div>
        {origin && <QrCode url={joinUrl} label={t('host.scanToJoin')} size={170} />}
        <span className="spacer" />
        {/* In the header's flow, not fixed over it: a wide join code pushed the QR code under fixed buttons. */}
        <StageControls round={round} />
        <div className="stack" style={{ alignItems: 'flex-end', gap: 0 }}>
          <span style={{ fontWeight: 900 }}>{tournament?.title}</span>
          {round && (
            <span className="hint" data-testid="watch-round">
              {t('common.round', { n: round.index })} · {roundTitle(t, round.title)} · {taskTitle(t, round.task.id)}
            </span>
          )}
          {round?.status === 'open' ? <Countdown endsAt={round.endsAt} /> : <span className="status-line" data-testid="watch-status">{round ? t(`watch.phase.${round.status}`) : t('watch.waiting')}</span>}
        </div>
      </div>
      {lobby ? (
        <>
          {last && last.entries.length > 0 && (
            <div className="grid watch-grid" data-testid="last-results" data-round={last.round.index}>
              <section className="panel">
                <h2>{t('watch.podium')} · {t('common.round', { n: last.round.index })}</h2>
                <Podium entries={last.entries} final={last.final} />
              </section>
              <section className="panel">
                <h2>{t('watch.insights')}</h2>
                <Debrief presetId={last.round.presetId} insights={insights} />
                {insights ? <InsightsBars insights={insights} /> : <p className="hint">{t('common.loading')}</p>}
              </section>
            </div>
          )}
          <div className={scored ? 'grid watch-grid' : 'grid'}>
            <LobbyPlayers players={players} />
            {scored && <StandingsTable entries={standings} limit={10} />}
          </div>
        </>
      ) : (
        <>
          {/* The podium with the standings beside it: one row, so the final page stays within two screens. */}
          {closed && board.entries.length > 0 && (
            <div className={scored ? 'grid watch-grid' : 'grid'}>
              <section className="panel">
                <h2>{t('watch.podium')}</h2>
                <Podium entries={board.entries} final={board.final} />
              </section>
              {scored && <StandingsTable entries={standings} limit={10} />}
            </div>
          )}
          <div className="grid watch-grid">
            <section className="panel">
              <h2>
                {t('watch.board')} <span className="hint" data-testid="watch-board-total" data-total={board.total}>{t('board.total', { n: board.total })}</span>
              </h2>
              <PagedBoard entries={board.entries} total={board.total} roundId={round?.id ?? null} final={board.final} onHover={setHovered} />
            </section>
            {closed ? (
              <section className="panel">
                <h2>{t('watch.insights')}</h2>
                <Debrief presetId={round?.presetId} insights={insights} />
                {insights ? <InsightsBars insights={insights} curves={4} /> : <p className="hint">{t('common.loading')}</p>}
              </section>
            ) : (
              <section className="panel">
                <h2>{t('watch.race')}</h2>
                <LookFor presetId={round?.presetId} />
                <RaceChart curves={topCurves(race, board.entries, hovered)} height={380} />
              </section>
            )}
          </div>
        </>
      )}
    </div>
  );
}
