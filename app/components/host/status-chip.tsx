'use client';
/** A student's live status as a small chip: offline, training (epoch), submitted (count), idle. */
import { useI18n } from '../../i18n/i18n-provider';
import type { StudentStatus } from '../../lib/use-player-status';

export function StatusChip({ status }: { status: StudentStatus }) {
  const { t } = useI18n();
  const text =
    status.state === 'training'
      ? t('status.training', { epoch: status.epoch ?? 0 })
      : status.state === 'submitted'
        ? t('status.submitted', { n: status.submissions })
        : t(status.state === 'offline' ? 'status.offline' : 'status.idle');
  return (
    <span className={`badge student-${status.state}`} data-testid="player-status" data-status={status.state} data-epoch={status.epoch ?? undefined}>
      {text}
    </span>
  );
}
