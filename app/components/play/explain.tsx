'use client';
/** A short teaching note beside a control (why sigmoid saturates, what groups are, …). */
import type { MessageKey } from '../../i18n/en';
import { useI18n } from '../../i18n/i18n-provider';

export function Explain({ k }: { k: MessageKey }) {
  const { t } = useI18n();
  return <span className="explain">{t(k)}</span>;
}
