'use client';
/**
 * The projector's board for a class of any size: one screenful of rows at a time (the top N
 * first), turning to the next page by itself every few seconds and on the arrows, with "page x of
 * y" and how many players lie beyond the first page. A class of 30 on a 1080p screen is three
 * pages, and every name comes round. The socket board holds only the top 50 (`entries`); pages
 * below it are read from `GET /api/rounds/:id/leaderboard?offset=&limit=` when they come up, so a
 * class of 80 (or 2,000) is reachable to the last row.
 */
import { useEffect, useState } from 'react';
import type { LeaderboardEntry } from '../../../game/protocol';
import { useI18n } from '../../i18n/i18n-provider';
import { fetchLeaderboardPage } from '../../lib/api';
import { LeaderboardBoard } from '../shared/leaderboard-board';

/** Seconds each page stays up before the next one. */
export const PAGE_SECONDS = 8;

export interface PagedBoardProps {
  /** The live top of the board (the socket's top 50), any order. */
  entries: LeaderboardEntry[];
  /** Players on the whole board (`leaderboard:update.total`); rows past `entries` are fetched. */
  total?: number;
  /** Needed to fetch the rows below the live top. */
  roundId?: string | null;
  final: boolean;
  rowHeight?: number;
  /** Rows per page; by default as many as fit below the header of a 1080p screen. */
  pageSize?: number;
  onHover?: (playerId: string | null) => void;
}

/** Rows fetched for one page below the live top, tagged with what they were fetched for. */
interface Fetched {
  key: string;
  entries: LeaderboardEntry[];
}

export function PagedBoard({ entries, total, roundId, final, rowHeight = 64, pageSize, onHover }: PagedBoardProps) {
  const { t } = useI18n();
  const [fit, setFit] = useState(10);
  const [page, setPage] = useState(0);
  const [fetched, setFetched] = useState<Fetched | null>(null);
  useEffect(() => {
    const measure = () => setFit(Math.max(5, Math.floor((window.innerHeight - 460) / (rowHeight + 6))));
    measure();
    window.addEventListener('resize', measure);
    return () => window.removeEventListener('resize', measure);
  }, [rowHeight]);
  const size = pageSize ?? fit;
  const sorted = [...entries].sort((a, b) => a.rank - b.rank);
  const count = Math.max(sorted.length, roundId ? (total ?? 0) : 0);
  const pages = Math.max(1, Math.ceil(count / size));
  const current = Math.min(page, pages - 1);
  const from = current * size;
  // A page that reaches below the live rows comes from the HTTP board, read again on every update
  // of the live board (a new `entries` array) so its ranks stay current.
  const remote = from + size > sorted.length && count > sorted.length && roundId != null;
  const key = `${roundId}|${from}|${size}`;
  useEffect(() => {
    if (!remote || roundId == null) return;
    let live = true;
    void fetchLeaderboardPage(roundId, from, size).then((r) => {
      if (live && r.ok) setFetched({ key, entries: r.data.entries });
    });
    return () => {
      live = false;
    };
  }, [remote, roundId, from, size, key, entries]);
  useEffect(() => {
    if (pages <= 1) return;
    // A timeout per page rather than one interval: a page turned by hand stays up its full time.
    const id = setTimeout(() => setPage((current + 1) % pages), PAGE_SECONDS * 1000);
    return () => clearTimeout(id);
  }, [pages, current]);
  const shown = remote ? (fetched?.key === key ? fetched.entries : []) : sorted.slice(from, from + size);
  const beyond = Math.max(0, count - size);
  return (
    <div className="stack" data-testid="paged-board" data-page={current + 1} data-pages={pages} data-total={count} data-size={size} data-remote={remote || undefined}>
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
