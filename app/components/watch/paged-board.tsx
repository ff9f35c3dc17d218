'use client';
/**
 * The projector's board for a class of any size: one screenful of rows at a time (the top N
 * first), turning to the next page by itself every few seconds and on the arrows, with "page x of
 * y" and how many players lie beyond the first page. A class of 30 on a 1080p screen is three
 * pages, and every name comes round.
 */
import { useEffect, useState } from 'react';
import type { LeaderboardEntry } from '../../../game/protocol';
import { useI18n } from '../../i18n/i18n-provider';
import { LeaderboardBoard } from '../shared/leaderboard-board';

/** Seconds each page stays up before the next one. */
export const PAGE_SECONDS = 8;

export interface PagedBoardProps {
  entries: LeaderboardEntry[];
  final: boolean;
  rowHeight?: number;
  /** Rows per page; by default as many as fit below the header of a 1080p screen. */
  pageSize?: number;
  onHover?: (playerId: string | null) => void;
}

export function PagedBoard({ entries, final, rowHeight = 64, pageSize, onHover }: PagedBoardProps) {
  const { t } = useI18n();
  const [fit, setFit] = useState(10);
  const [page, setPage] = useState(0);
  useEffect(() => {
    const measure = () => setFit(Math.max(5, Math.floor((window.innerHeight - 460) / (rowHeight + 6))));
    measure();
    window.addEventListener('resize', measure);
    return () => window.removeEventListener('resize', measure);
  }, [rowHeight]);
  const size = pageSize ?? fit;
  const sorted = [...entries].sort((a, b) => a.rank - b.rank);
  const pages = Math.max(1, Math.ceil(sorted.length / size));
  const current = Math.min(page, pages - 1);
  useEffect(() => {
    if (pages <= 1) return;
    const id = setInterval(() => setPage((p) => (p + 1) % pages), PAGE_SECONDS * 1000);
    return () => clearInterval(id);
  }, [pages]);
  const shown = sorted.slice(current * size, (current + 1) * size);
  const beyond = Math.max(0, sorted.length - size);
  return (
    <div className="stack" data-testid="paged-board" data-page={current + 1} data-pages={pages} data-total={sorted.length}>
      <LeaderboardBoard entries={shown} rowHeight={rowHeight} showPrivate={final} testId="watch-board" onHover={onHover} />
      {pages > 1 && (
        <div className="row" style={{ alignItems: 'center' }}>
          <button type="button" className="btn" aria-label={t('watch.prevPage')} data-testid="watch-prev" onClick={() => setPage((current + pages - 1) % pages)}>‹</button>
          <span data-testid="watch-page">{t('watch.page', { page: current + 1, pages })}</span>
          <button type="button" className="btn" aria-label={t('watch.nextPage')} data-testid="watch-next" onClick={() => setPage((current + 1) % pages)}>›</button>
          <span className="spacer" />
          <span className="hint" data-testid="watch-more" data-beyond={beyond}>{t('watch.more', { top: size, n: beyond })}</span>
        </div>
      )}
    </div>
  );
}
