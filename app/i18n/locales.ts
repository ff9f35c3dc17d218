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

/**
 * The locale an `Accept-Language` header asks for: its languages in preference order (q, then
 * position), the first one this app speaks wins (`zh`, `zh-CN`, `zh-Hans`, `zh-SG` are 简体中文),
 * English when none is. Pure.
 * @example localeFromAcceptLanguage('zh-CN,zh;q=0.9,en;q=0.8') // 'zh-CN'
 */
export function localeFromAcceptLanguage(header: string | null | undefined): Locale {
  if (!header) return 'en';
  const langs = header
    .split(',')
    .map((part, i) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { tag: tag.trim().toLowerCase(), q: q ? Number(q.slice(2)) : 1, i };
    })
    .filter((l) => l.tag && Number.isFinite(l.q) && l.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  for (const { tag } of langs) {
    if (tag === 'en' || tag.startsWith('en-')) return 'en';
    if (tag === 'zh' || tag === 'zh-cn' || tag === 'zh-sg' || tag.startsWith('zh-hans')) return 'zh-CN';
  }
  return 'en';
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
