'use client';
/** A coloured badge for an audit state (pending / verified / rejected) or a round status. */
import type { MessageKey } from '../../i18n/en';
import { useI18n } from '../../i18n/i18n-provider';

export function AuditBadge({ audit }: { audit: 'pending' | 'verified' | 'rejected' }) {
  const { t } = useI18n();
  return (
    <span className={`badge badge-${audit}`} data-testid="audit-badge" data-audit={audit}>
      {audit === 'verified' ? '✓ ' : audit === 'rejected' ? '✗ ' : '… '}
      {t(`audit.${audit}` as MessageKey)}
    </span>
  );
}

export function StatusBadge({ status }: { status: 'draft' | 'open' | 'closed' | 'final' }) {
  const { t } = useI18n();
  return (
    <span className={`badge badge-${status}`} data-testid="round-status" data-status={status}>
      {t(`status.${status}` as MessageKey)}
    </span>
  );
}
