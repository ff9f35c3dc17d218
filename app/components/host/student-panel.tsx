'use client';
/**
 * The teacher's drill-down into one student: live status, their board entry, their training
 * curve in this round (from the race), and every submission they made in it (host-only read).
 */
import { useEffect, useState } from 'react';
import type { LeaderboardEntry } from '../../../game/protocol';
import { layerWidth } from '../../../game/spec';
import type { MessageKey } from '../../i18n/en';
import { useI18n } from '../../i18n/i18n-provider';
import { fetchPlayerSubmissions, type PlayerSubmissions } from '../../lib/api';
import { count, pct } from '../../lib/format';
import type { StudentStatus } from '../../lib/use-player-status';
import type { RaceCurve } from '../../lib/use-race';
import { AuditBadge } from '../shared/audit-badge';
import { RaceChart } from '../shared/race-chart';
import { StatusChip } from './status-chip';

export interface StudentPanelProps {
  roundId: string | null;
  player: { id: string; nickname: string };
  hostKey: string;
  status: StudentStatus;
  entry: LeaderboardEntry | null;
  curve: RaceCurve | null;
  onClose: () => void;
}

export function StudentPanel({ roundId, player, hostKey, status, entry, curve, onClose }: StudentPanelProps) {
  const { t, locale } = useI18n();
  const [subs, setSubs] = useState<PlayerSubmissions | null>(null);
  const submissions = entry?.submissions ?? 0;
  useEffect(() => {
    if (!roundId) return;
    let live = true;
    void fetchPlayerSubmissions(roundId, player.id, hostKey).then((r) => {
      if (live && r.ok) setSubs(r.data);
    });
    return () => {
      live = false;
    };
    // A new submission (the board's count) reloads the list.
  }, [roundId, player.id, hostKey, submissions]);

  return (
    <section className="panel stack" data-testid="student-panel" data-player={player.nickname} aria-labelledby="student-title">
      <div className="row">
        <h2 id="student-title" style={{ margin: 0 }}>{player.nickname}</h2>
        <StatusChip status={status} />
        <span className="spacer" />
        <button type="button" className="btn" onClick={onClose} data-testid="student-close">{t('common.close')}</button>
      </div>
      {entry && (
        <p data-testid="student-entry">
          {t('common.rank')} #{entry.rank} · {pct(entry.publicScore)} · {count(entry.params, locale)} {t('common.params')}
        </p>
      )}
      {curve ? <RaceChart curves={[curve]} height={180} testId="student-curve" /> : <p className="hint">{t('host.noCurve')}</p>}
      <table className="data" data-testid="student-submissions" data-count={subs?.submissions.length ?? 0}>
        <thead>
          <tr>
            <th>#</th>
            <th className="num">{t('common.public')}</th>
            <th>{t('common.network')}</th>
            <th className="num">{t('common.params')}</th>
            <th>{t('common.audit')}</th>
          </tr>
        </thead>
        <tbody>
          {(subs?.submissions ?? []).map((s, i) => (
            <tr key={s.id} data-testid="student-submission">
              <td>{i + 1}</td>
              <td className="num">{pct(s.publicScore)}</td>
              <td>{s.network.layers.map((l) => `${layerWidth(l)} ${t(`act.${l.activation}` as MessageKey)}`).join(' · ')}{s.network.shortcut !== 'none' ? ` · ${t(`shortcut.${s.network.shortcut}` as MessageKey)}` : ''}</td>
              <td className="num">{count(s.params, locale)}</td>
              <td><AuditBadge audit={s.audit} /></td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
