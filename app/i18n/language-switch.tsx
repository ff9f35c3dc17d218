'use client';
/** A labelled select that switches and remembers the UI language. */
import { useI18n } from './i18n-provider';
import { LOCALES, LOCALE_NAMES, toLocale } from './locales';

export function LanguageSwitch() {
  const { locale, setLocale, t } = useI18n();
  return (
    <label className="lang-switch">
      <span>{t('lang.label')}</span>
      <select data-testid="lang-switch" value={locale} onChange={(e) => setLocale(toLocale(e.target.value))}>
        {LOCALES.map((l) => (
          <option key={l} value={l}>
            {LOCALE_NAMES[l]}
          </option>
        ))}
      </select>
    </label>
  );
}
