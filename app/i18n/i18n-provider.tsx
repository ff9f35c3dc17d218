'use client';
/**
 * React context for the UI language. `useI18n()` gives `t(key, vars)`, the locale and `setLocale`,
 * which persists the choice to a cookie and localStorage (side effect) so it survives reloads.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { MessageKey } from './en';
import { LOCALE_COOKIE, toLocale, translate, type Locale, type Vars } from './locales';

interface I18nValue {
  locale: Locale;
  t: (key: MessageKey, vars?: Vars) => string;
  setLocale: (l: Locale) => void;
}

const I18nContext = createContext<I18nValue | null>(null);
const STORAGE_KEY = 'tune-arena:lang';

function persist(locale: Locale): void {
  document.cookie = `${LOCALE_COOKIE}=${locale}; path=/; max-age=31536000; samesite=lax`;
  try {
    localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    // Private mode: the cookie alone still works.
  }
  document.documentElement.lang = locale;
}

/** Provides the language; `initial` comes from the cookie read on the server. */
export function I18nProvider({ initial, children }: { initial: Locale; children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(initial);

  useEffect(() => {
    // The cookie may have been cleared while localStorage kept the choice: restore it.
    let stored: string | null = null;
    try {
      stored = localStorage.getItem(STORAGE_KEY);
    } catch {
      stored = null;
    }
    if (stored && toLocale(stored) !== initial) {
      setLocaleState(toLocale(stored));
      persist(toLocale(stored));
    }
  }, [initial]);

  const setLocale = useCallback((l: Locale) => {
    setLocaleState(l);
    persist(l);
  }, []);

  const value = useMemo<I18nValue>(
    () => ({ locale, setLocale, t: (key, vars) => translate(locale, key, vars) }),
    [locale, setLocale],
  );
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

/** The current language and translator. Must be used under `I18nProvider`. */
export function useI18n(): I18nValue {
  const v = useContext(I18nContext);
  if (!v) throw new Error('useI18n outside I18nProvider');
  return v;
}
