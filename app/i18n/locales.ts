/**
 * The supported UI languages and how the choice is remembered: a cookie (so the server renders the
 * right language on reload, with no flash) mirrored in localStorage.
 */
import { en, type Dictionary, type MessageKey } from './en';
import { zhCN } from './zh-cn';

export const LOCALES = ['en', 'zh-CN'] as const;
export type Locale = (typeof LOCALES)[number];
export const LOCALE_COOKIE = 'tune-arena-lang';
export const LOCALE_NAMES: Record<Locale, string> = { en: 'English', 'zh-CN': '简体中文' };

const DICTIONARIES: Record<Locale, Dictionary> = { en, 'zh-CN': zhCN };

/** Narrows any string (cookie, query, storage) to a supported locale, defaulting to English. */
export function toLocale(value: string | null | undefined): Locale {
  return value === 'zh-CN' ? 'zh-CN' : 'en';
}

export type Vars = Record<string, string | number>;

/**
 * Looks a key up and fills `{name}` placeholders. Pure.
 * @example translate('zh-CN', 'common.round', { n: 2 }) // '第 2 轮'
 */
export function translate(locale: Locale, key: MessageKey, vars?: Vars): string {
  const text = DICTIONARIES[locale][key] ?? en[key];
  if (!vars) return text;
  return text.replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m));
}

/** True when `key` is a dictionary key (for mapping server error codes). */
export function isMessageKey(key: string): key is MessageKey {
  return key in en;
}
