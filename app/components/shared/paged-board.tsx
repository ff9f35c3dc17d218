'use client';
/**
 * The whole board of a round, one page at a time from `GET /api/rounds/:id/leaderboard?offset=&limit=`
 * (PROTOCOL.md), so a results page for a class of 2,000 never loads or renders every row at once.
 * `refreshKey` reloads the current page (audits settle after close).
 */
import { useEffect, useState } from 'react';
import type { LeaderboardEntry } from '../../../game/protocol';
import { useI18n } from '../../i18n/i18n-provider';
import { fetchLeaderboardPage } from '../../lib/api';
import { LeaderboardBoard } from './leaderboard-board';

export interface PagedBoardProps {
  roundId: string;
  showPrivate?: boolean;
  testId?: string;
  /** Rows per page (≤ 500). */
  pageSize?: number;
  refreshKey?: string;
}

/** @example <PagedBoard roundId={round.id} showPrivate testId="results-board" /> */
export function PagedBoard({ roundId, showPrivate, testId = 'paged-board', pageSize = 50, refreshKey }: PagedBoardProps) {
  const { t } = useI18n();
  const [offset, setOffset] = useState(0);
  const [page, setPage] = useState<{ entries: LeaderboardEntry[]; total: number } | null>(null);
  useEffect(() => {
    let live = true;
    void fetchLeaderboardPage(roundId, offset, pageSize).then((r) => {
      if (live && r.ok) setPage({ entries: r.data.entries, total: r.data.total });
    });
    return () => {
      live = false;
    };
  }, [roundId, offset, pageSize, refreshKey]);
  const total = page?.total ?? 0;
  const to = Math.min(total, offset + (page?.entries.length ?? 0));
  return (
    <div className="stack">
      <LeaderboardBoard entries={page?.entries ?? []} showPrivate={showPrivate} testId={testId} />
      {total > pageSize && (
        <div className="row" data-testid={`${testId}-pager`} data-offset={offset} data-total={total}>
          <button type="button" className="btn" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - pageSize))} data-testid={`${testId}-prev`}>
            {t('board.prev')}
          </button>
          <span className="hint">{t('board.page', { from: offset + 1, to, total })}</span>
          <button type="button" className="btn" disabled={to >= total} onClick={() => setOffset(offset + pageSize)} data-testid={`${testId}-next`}>
            {t('board.next')}
          </button>
        </div>
      )}
    </div>
  );
}
