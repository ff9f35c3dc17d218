/** Maps a server or client error to a localized sentence (every ErrorCode has a dictionary entry). */
import type { MessageKey } from '../i18n/en';
import { isMessageKey } from '../i18n/locales';
import type { UiError } from './socket-client';

/**
 * The localized sentence for an error, falling back to the server's own English sentence for a
 * code the dictionary does not know.
 * @example errorText(t, { code: 'NICKNAME_TAKEN', message: '…' }) // 'That nickname is already taken…'
 */
export function errorText(t: (key: MessageKey) => string, error: UiError): string {
  const key = `error.${error.code}`;
  return isMessageKey(key) ? t(key) : error.message;
}
