'use client';
/** The arena's top bar: logo link home, practice link, language switch. */
import Link from 'next/link';
import { useI18n } from '../../i18n/i18n-provider';
import { LanguageSwitch } from '../../i18n/language-switch';

export function SiteHeader() {
  const { t } = useI18n();
  return (
    <header className="site-header">
      <Link href="/" className="logo" data-testid="logo">
        <span className="logo-mark" aria-hidden="true">◆</span> {t('app.title')}
      </Link>
      <nav>
        <Link href="/practice">{t('nav.practice')}</Link>
      </nav>
      <LanguageSwitch />
    </header>
  );
}
