'use client';
/**
 * The teacher console: join code and QR, rounds (create from a preset or custom rules, start,
 * close), the lobby lock, players with Kick (optionally blocking rejoining), the live board, the
 * tournament standings once a round is final, the training race, and the CSV export.
 */
import Link from 'next/link';
import { useEffect, useState } from 'react';
import type { TaskId } from '../../../game/spec';
import { useI18n } from '../../i18n/i18n-provider';
import { roundTitle, taskTitle } from '../../i18n/catalog-text';
import { downloadResultsCsv, downloadResultsXlsx } from '../../lib/api';
import { hostLink } from '../../lib/host-link';
import { usePlayerStatus } from '../../lib/use-player-status';
import { request, type UiError } from '../../lib/socket-client';
import { errorText } from '../../lib/ui-error';
import { currentRound, useHostSession } from '../../lib/use-host-session';
import { raceRoundId, useRace } from '../../lib/use-race';
import { StatusBadge } from '../shared/audit-badge';
import { Countdown } from '../shared/countdown';
import { LeaderboardBoard } from '../shared/leaderboard-board';
import { QrCode } from '../shared/qr-code';
import { RaceChart } from '../shared/race-chart';
import { RoundForm, type RoundDraft } from './round-form';
import { StandingsTable } from '../shared/standings-table';
import { NextRound } from './next-round';
import { StatusChip } from './status-chip';
import { StudentPanel } from './student-panel';

export function HostClient({ code }: { code: string }) {
  const { t } = useI18n();
  const { session, upsertRound, removePlayer } = useHostSession(code);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [origin, setOrigin] = useState('');
  // A kick cannot be undone (the token stops working, the nickname stays taken): ask first.
  const [confirmKick, setConfirmKick] = useState<{ id: string; nickname: string } | null>(null);
  const [blockRejoin, setBlockRejoin] = useState(false);
  // The lock as the last `tournament:lock` ack said, else as the console's resume read it.
  const [lockedNow, setLockedNow] = useState<boolean | null>(null);
  const cur = currentRound(session.rounds);
  const race = useRace(raceRoundId(cur));
  const statusOf = usePlayerStatus(cur?.status === 'open' ? cur.id : null, session.online, session.board?.entries ?? []);
  const [selected, setSelected] = useState<string | null>(null);
  useEffect(() => setOrigin(window.location.origin), []);

  const act = async (fn: () => Promise<UiError | null>) => {
    setBusy(true);
    setError(null);
    const err = await fn();
    setBusy(false);
    if (err) setError(errorText(t, err));
  };
  const key = session.hostKey ?? '';

  // A create error is shown beside the form that caused it, not at the top of the page.
  const [formError, setFormError] = useState<string | null>(null);
  const create = (d: RoundDraft) =>
    act(async () => {
      setFormError(null);
      const r = await request('round:create', { code, hostKey: key, ...d });
      if (!r.ok) {
        setFormError(r.error.message && r.error.code === 'RULE_VIOLATION' ? r.error.message : errorText(t, r.error));
        return null;
      }
      upsertRound(r.round);
      return null;
    });
  // One click: create the queue's next preset and open it.
  const nextRound = (preset: string, taskId: TaskId) =>
    act(async () => {
      const made = await request('round:create', { code, hostKey: key, preset, taskId });
      if (!made.ok) return made.error;
      upsertRound(made.round);
      const r = await request('round:start', { code, hostKey: key, roundId: made.round.id });
      if (!r.ok) return r.error;
      upsertRound(r.round);
      return null;
    });
  const startRound = (roundId: string) =>
    act(async () => {
      const r = await request('round:start', { code, hostKey: key, roundId });
      if (!r.ok) return r.error;
      upsertRound(r.round);
      return null;
    });
  const closeRound = (roundId: string) =>
    act(async () => {
      const r = await request('round:close', { code, hostKey: key, roundId });
      if (!r.ok) return r.error;
      upsertRound(r.round);
      return null;
    });
  const toggleLock = (locked: boolean) =>
    act(async () => {
      const r = await request('tournament:lock', { code, hostKey: key, locked });
      if (!r.ok) return r.error;
      setLockedNow(r.tournament.locked);
      return null;
    });
  const kick = (playerId: string, block: boolean) =>
    act(async () => {
      const r = await request('player:kick', { code, hostKey: key, playerId, block });
      if (!r.ok) return r.error;
      removePlayer(playerId);
      return null;
    });

  if (session.status === 'no-key') return <p className="panel error" data-testid="host-no-key">{t('host.noKey', { code })}</p>;
  if (session.status === 'error' && session.error) return <p className="panel error" role="alert">{errorText(t, session.error)}</p>;
  if (session.status === 'connecting') return <p className="hint">{t('common.connecting')}</p>;

  const joinUrl = `${origin}/play/${code}`;
  const selectedPlayer = session.players.find((p) => p.id === selected) ?? null;
  const sorted = [...session.rounds].sort((a, b) => a.index - b.index);
  const locked = lockedNow ?? session.tournament?.locked ?? false;
  const askKick = (p: { id: string; nickname: string }) => {
    setBlockRejoin(false);
    setConfirmKick(p);
  };
  return (
    <div className="stack" data-testid="host-page">
      <div className="row">
        <h1 style={{ margin: 0 }}>{t('host.title')} · {session.tournament?.title}</h1>
        <span className="spacer" />
        <button type="button" className="btn" disabled={busy} data-testid="lock-toggle" aria-pressed={locked} onClick={() => void toggleLock(!locked)}>
          {locked ? t('host.unlock') : t('host.lock')}
        </button>
        <Link className="btn" href={`/watch/${code}`} target="_blank" data-testid="watch-link">{t('host.watchLink')}</Link>
        <button type="button" className="btn" disabled={busy} data-testid="csv" onClick={() => act(() => downloadResultsCsv(code, key))}>
          {t('host.csv')}
        </button>
        <button type="button" className="btn" disabled={busy} data-testid="xlsx" onClick={() => act(() => downloadResultsXlsx(code, key))}>
          {t('host.xlsx')}
        </button>
      </div>
      {error && <p className="error" role="alert" data-testid="host-error">{error}</p>}
      {locked && <p className="hint" data-testid="locked-note">{t('host.lockedNote')}</p>}
      {confirmKick && (
        <div className="panel row kick-confirm" role="alertdialog" aria-labelledby="kick-confirm-text" data-testid="kick-dialog" data-player={confirmKick.nickname}>
          <span id="kick-confirm-text">{t('host.kickConfirm', { name: confirmKick.nickname })}</span>
          <label title={t('host.kickBlockHint')}>
            <input type="checkbox" data-testid="kick-block" checked={blockRejoin} onChange={(e) => setBlockRejoin(e.target.checked)} /> {t('host.kickBlock')}
          </label>
          <span className="spacer" />
          <button type="button" className="btn btn-danger" disabled={busy} data-testid="kick-confirm" onClick={() => { const p = confirmKick; setConfirmKick(null); void kick(p.id, blockRejoin); }}>{t('host.kickYes')}</button>
          <button type="button" className="btn" data-testid="kick-cancel" autoFocus onClick={() => setConfirmKick(null)}>{t('host.kickCancel')}</button>
        </div>
      )}
      <div className="grid host-grid">
        <div className="stack">
          <section className="panel stack" style={{ alignItems: 'center' }}>
            <span className="hint">{t('common.joinCode')}</span>
            <span className="join-code" data-testid="join-code">{code}</span>
            {origin && <QrCode url={joinUrl} label={t('host.scanToJoin')} />}
            <span className="hint">{joinUrl}</span>
            <details data-testid="host-link-box">
              <summary>{t('host.hostLink')}</summary>
              <p className="hint">{t('host.hostLinkHint')}</p>
              {origin && <QrCode url={hostLink(origin, code, key)} label={t('host.hostLink')} size={150} />}
              <input readOnly value={origin ? hostLink(origin, code, key) : ''} data-testid="host-link" onFocus={(e) => e.target.select()} style={{ width: '100%' }} />
            </details>
          </section>
          <NextRound rounds={session.rounds} busy={busy} onNext={nextRound} />
          <RoundForm onCreate={create} busy={busy} error={formError} />
          <section className="panel stack">
            <h2>{t('common.players')} ({session.players.length})</h2>
            <ul className="stack" style={{ listStyle: 'none', padding: 0, margin: 0, gap: '0.4rem' }} data-testid="players">
              {session.players.map((p) => (
                <li key={p.id} className="row" data-testid="player" data-player={p.nickname}>
                  <button type="button" className="link-button" data-testid="player-open" aria-expanded={selected === p.id} onClick={() => setSelected(selected === p.id ? null : p.id)}><bdi>{p.nickname}</bdi></button>
                  <StatusChip status={statusOf(p.id)} />
                  <span className="spacer" />
                  {p.points !== undefined && <span className="hint" data-testid="player-points">{t(p.points === 1 ? 'common.pointsOne' : 'common.points', { n: p.points })}</span>}
                  <button type="button" className="btn btn-danger" disabled={busy} onClick={() => askKick({ id: p.id, nickname: p.nickname })} aria-label={`${t('host.kick')} ${p.nickname}`}>
                    {t('host.kick')}
                  </button>
                </li>
              ))}
            </ul>
          </section>
        </div>
        <div className="stack">
          {selectedPlayer && (
            <StudentPanel
              roundId={cur?.id ?? null}
              player={selectedPlayer}
              hostKey={key}
              status={statusOf(selectedPlayer.id)}
              entry={session.board?.entries.find((e) => e.playerId === selectedPlayer.id) ?? null}
              curve={race.find((c) => c.playerId === selectedPlayer.id) ?? null}
              onClose={() => setSelected(null)}
            />
          )}
          <section className="panel stack">
            <h2>{t('host.rounds')}</h2>
            <table className="data rounds-table" data-testid="rounds">
              <tbody>
                {sorted.map((r) => (
                  <tr key={r.id} data-testid="round-row" data-status={r.status} data-title={r.title}>
                    <td>{t('common.round', { n: r.index })}</td>
                    <td>{roundTitle(t, r.title)}</td>
                    <td>{taskTitle(t, r.task.id)}</td>
                    <td><StatusBadge status={r.status} /></td>
                    <td>{r.status === 'open' && <Countdown endsAt={r.endsAt} testId={`countdown-${r.index}`} />}</td>
                    <td style={{ textAlign: 'right' }}>
                      {r.status === 'draft' && (
                        <button type="button" className="btn btn-go" disabled={busy} onClick={() => startRound(r.id)} data-testid="start-round">{t('host.start')}</button>
                      )}
                      {r.status === 'open' && (
                        <button type="button" className="btn btn-danger" disabled={busy} onClick={() => closeRound(r.id)} data-testid="close-round">{t('host.closeRound')}</button>
                      )}
                      {(r.status === 'closed' || r.status === 'final') && <Link href={`/rounds/${r.id}`}>{t('host.results')}</Link>}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
          <section className="panel stack">
            <h2>{t('host.board')}</h2>
            <LeaderboardBoard
              entries={session.board?.entries ?? []}
              showPrivate={session.board?.final}
              action={(e) => (
                <button type="button" className="btn btn-danger" style={{ padding: '0.2rem 0.6rem' }} disabled={busy} onClick={() => askKick({ id: e.playerId, nickname: e.nickname })} aria-label={`${t('host.kick')} ${e.nickname}`}>
                  ✕
                </button>
              )}
            />
          </section>
          {session.standings.some((e) => e.points > 0) && <StandingsTable entries={session.standings} />}
          <section className="panel">
            <h2>{t('host.race')}</h2>
            <RaceChart curves={race} />
          </section>
        </div>
      </div>
    </div>
  );
}
