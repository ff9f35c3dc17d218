/** Maps a server or client error to a localized sentence (every ErrorCode has a dictionary entry). */
import type { MessageKey } from '../i18n/en';
import { isMessageKey } from '../i18n/locales';
import type { UiError } from './socket-client';
import { BLOCKED_MESSAGE, LOCKED_MESSAGE } from '../../game/host-messages';

// CONFLICT covers several refusals; the host controls' two get their own sentence.
const SPECIFIC: Record<string, MessageKey> = { [LOCKED_MESSAGE]: 'error.joinLocked', [BLOCKED_MESSAGE]: 'error.joinBlocked' };

/**
 * The localized sentence for an error, falling back to the server's own English sentence for a
 * code the dictionary does not know.
 * @example errorText(t, { code: 'NICKNAME_TAKEN', message: '…' }) // 'That nickname is already taken…'
 */
export function errorText(t: (key: MessageKey) => string, error: UiError): string {
  const specific = error.code === 'CONFLICT' ? SPECIFIC[error.message] : undefined;
  if (specific) return t(specific);
  const key = `error.${error.code}`;
  return isMessageKey(key) ? t(key) : error.message;
}
