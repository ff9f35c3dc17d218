'use client';
/**
 * Tournament standings: rank, player and points over every final round so far (the server folds
 * them with game/points). Pure rendering; `highlight` marks the viewer's own row.
 */
import { memo } from 'react';
import type { StandingEntry } from '../../../game/protocol';
import { useI18n } from '../../i18n/i18n-provider';

export interface StandingsTableProps {
  entries: StandingEntry[];
  highlight?: string | null;
  /** Show at most this many rows (the big screen shows the top of the class). */
  limit?: number;
}

export const StandingsTable = memo(function StandingsTable({ entries, highlight, limit }: StandingsTableProps) {
  const { t } = useI18n();
  const rows = [...entries].sort((a, b) => a.rank - b.rank || a.nickname.localeCompare(b.nickname)).slice(0, limit ?? entries.length);
  return (
    <section className="panel stack" data-testid="standings" data-count={entries.length}>
      <h2>{t('standings.title')}</h2>
      <table className="data">
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">{t('common.player')}</th>
            <th scope="col" className="num">{t('standings.points')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((e) => (
            <tr key={e.playerId} data-testid="standing-row" data-player={e.nickname} data-points={e.points} data-rank={e.rank} className={e.playerId === highlight ? 'mine' : undefined}>
              <td>{e.rank}</td>
              <td><bdi>{e.nickname}</bdi></td>
              <td className="num">{e.points}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
});
