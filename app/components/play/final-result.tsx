'use client';
/**
 * What a player sees once the round closes: their final rank and private score (the two hidden
 * thirds decide, as on Kaggle), the audit verdict, their tournament points, the podium and a link
 * to the full results. While the audit runs the card says the ranking is being checked.
 */
import Link from 'next/link';
import type { LeaderboardEntry, RoundPublic, StandingEntry } from '../../../game/protocol';
import { useI18n } from '../../i18n/i18n-provider';
import { pct } from '../../lib/format';
import { AuditBadge } from '../shared/audit-badge';
import { Podium } from '../shared/podium';

export interface FinalResultProps {
  round: RoundPublic;
  board: LeaderboardEntry[];
  /** Whether `board` is the final board (status `final`): private scores and settled audits. */
  final: boolean;
  playerId: string;
  standings: StandingEntry[];
  /** Entries on the whole board (the board prop may hold only the top and the player's own). */
  total?: number;
}

export function FinalResult({ round, board, final, playerId, standings, total }: FinalResultProps) {
  const { t } = useI18n();
  const mine = board.find((e) => e.playerId === playerId) ?? null;
  const standing = standings.find((e) => e.playerId === playerId) ?? null;
  const settled = final && round.status === 'final';
  return (
    <section className="panel stack result-card final-card" data-testid="final-result" data-final={settled} aria-live="polite">
      <h2>{settled ? t('final.title') : t('final.checking')}</h2>
      {mine ? (
        <div className="row" style={{ gap: '2rem' }}>
          <span className="stat">
            <span className="label">{settled ? t('final.rank') : t('common.rank')}</span>
            <span className="value big-number" data-testid="final-rank">#{mine.rank}<span className="hint"> / {total ?? board.length}</span></span>
          </span>
          <span className="stat">
            <span className="label">{settled ? t('common.private') : t('common.public')}</span>
            <span className="value big-number" data-testid="final-score">{pct(settled ? mine.privateScore ?? mine.publicScore : mine.publicScore)}</span>
          </span>
          <span className="stat">
            <span className="label">{t('common.audit')}</span>
            <span className="value" data-testid="final-audit"><AuditBadge audit={mine.audit} /></span>
          </span>
          {settled && standing && (
            <span className="stat">
              <span className="label">{t('standings.points')}</span>
              <span className="value big-number" data-testid="final-points">{standing.points}</span>
            </span>
          )}
        </div>
      ) : (
        <p className="hint" data-testid="final-none">{t('final.noSubmission')}</p>
      )}
      {settled && <p className="hint">{t('final.privateHint')}</p>}
      {board.length > 0 && <Podium entries={board} final={settled} />}
      <Link className="btn btn-primary" href={`/rounds/${round.id}`} data-testid="results-link">{t('play.results')}</Link>
    </section>
  );
}
