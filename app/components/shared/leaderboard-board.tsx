'use client';
/**
 * The animated leaderboard: rows are absolutely positioned by rank and keyed by player, so when
 * ranks change each row glides to its new place (CSS transform transition) instead of jumping.
 */
import { memo } from 'react';
import type { LeaderboardEntry } from '../../../game/protocol';
import type { MessageKey } from '../../i18n/en';
import { useI18n } from '../../i18n/i18n-provider';
import { count, pct } from '../../lib/format';
import { AuditBadge } from './audit-badge';

export interface LeaderboardBoardProps {
  entries: LeaderboardEntry[];
  rowHeight?: number;
  highlight?: string | null;
  showPrivate?: boolean;
  /** Extra cell per row (e.g. the host's Kick button). */
  action?: (e: LeaderboardEntry) => React.ReactNode;
  testId?: string;
  /** Called with the player under the pointer (or focus), and null when it leaves. */
  onHover?: (playerId: string | null) => void;
}

export const LeaderboardBoard = memo(function LeaderboardBoard({ entries, rowHeight = 48, highlight, showPrivate, action, testId = 'leaderboard', onHover }: LeaderboardBoardProps) {
  const { t, locale } = useI18n();
  const sorted = [...entries].sort((a, b) => a.rank - b.rank);
  const gap = 6;
  // Equal scores are ties on screen: marked, with the rule that ordered them (game/leaderboard:
  // the earlier submission first) stated under the board.
  const shownScore = (e: LeaderboardEntry): number | null => (showPrivate ? e.privateScore : e.publicScore);
  const tied = (i: number): boolean => {
    const v = shownScore(sorted[i]);
    return v !== null && [sorted[i - 1], sorted[i + 1]].some((n) => n !== undefined && shownScore(n) === v);
  };
  const anyTie = sorted.some((_, i) => tied(i));
  if (sorted.length === 0) return <p className="hint" data-testid={testId} data-count={0}>{t('common.none')}</p>;
  return (
    <div data-testid={testId} data-count={sorted.length}>
      <div className="board-head">
        <span>#</span>
        <span>{t('common.player')}</span>
        <span className="num">{showPrivate ? t('common.private') : t('common.public')}</span>
        <span className="num">{showPrivate ? t('common.public') : t('common.params')}</span>
        <span className="num">{t('common.submissions')}</span>
        <span>{t('common.audit')}</span>
      </div>
      <div className="board" style={{ height: sorted.length * (rowHeight + gap) }}>
        {sorted.map((e, i) => (
          <div
            key={e.playerId}
            className="board-row"
            data-testid="board-row"
            data-player={e.nickname}
            data-rank={e.rank}
            data-tie={tied(i) || undefined}
            onMouseEnter={onHover ? () => onHover(e.playerId) : undefined}
            onMouseLeave={onHover ? () => onHover(null) : undefined}
            style={{
              height: rowHeight,
              transform: `translateY(${i * (rowHeight + gap)}px)`,
              background: e.playerId === highlight ? '#2c3a86' : undefined,
            }}
          >
            <span className="rank">{e.rank}{tied(i) && <span className="tie" title={t('watch.tieRule')}>{t('watch.tie')}</span>}</span>
            <span className="name" title={describe(e, t)}>
              <bdi>{e.nickname}</bdi>
              <span className="hint" style={{ display: 'block', fontSize: '0.6em', fontWeight: 500 }}>{describe(e, t)}</span>
            </span>
            <span className="num" data-testid="row-score">{pct(showPrivate ? e.privateScore : e.publicScore)}</span>
            <span className="num">{showPrivate ? pct(e.publicScore) : count(e.params, locale)}</span>
            <span className="num">{e.submissions}</span>
            <span className="row" style={{ gap: '0.4rem', flexWrap: 'nowrap' }}>
              <AuditBadge audit={e.audit} />
              {action?.(e)}
            </span>
          </div>
        ))}
      </div>
      {anyTie && <p className="hint" data-testid="tie-rule">{t('watch.tieRule')}</p>}
    </div>
  );
});

function describe(e: LeaderboardEntry, t: (k: MessageKey) => string): string {
  const n = e.network;
  const act = t(`act.${n.activation}` as MessageKey);
  return `${n.depth}×${n.width} ${act}${n.shortcut !== 'none' ? ` · ${t(`shortcut.${n.shortcut}` as MessageKey)}` : ''}${n.groups > 1 ? ` · g${n.groups}` : ''}`;
}
