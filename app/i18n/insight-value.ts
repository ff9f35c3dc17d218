/**
 * An insight's "best value" in the page's language: activations, shortcuts and optimizers by their
 * dictionary names (mixed, residual, momentum, leaky_relu), counts with the locale's digit
 * grouping (59,146), other numbers as the server sent them. Pure.
 */
import type { MessageKey } from './en';
import { isMessageKey } from './locales';

const KEY_PREFIX: Record<string, string> = { activation: 'act.', shortcut: 'shortcut.', optimizer: 'opt.' };
const COUNTS = new Set(['depth', 'width', 'groups', 'batchSize', 'epochs', 'params']);

/** @example insightValue(t, 'zh-CN', 'shortcut', 'residual') // '残差' */
export function insightValue(t: (k: MessageKey) => string, locale: string, name: string, value: string | number): string {
  const prefix = KEY_PREFIX[name];
  if (prefix && typeof value === 'string') {
    const key = `${prefix}${value}`;
    return isMessageKey(key) ? t(key) : value;
  }
  if (typeof value === 'number' && COUNTS.has(name) && Number.isInteger(value)) return new Intl.NumberFormat(locale).format(value);
  return String(value);
}
