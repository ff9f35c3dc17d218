/**
 * The uniqueness key of a nickname: its confusable skeleton (Unicode TR39 `confusables.txt`,
 * through the `unhomoglyph` package, kept apart from nickname.ts so the client bundle does not
 * carry the table). Lower-cased first, so the old rule "unique regardless of case" still holds,
 * then every character mapped to its prototype: `аdmin` (Cyrillic а), `ＡＤＭＩＮ` and `admin`
 * share one key. Pure and isomorphic.
 */
import unhomoglyph from 'unhomoglyph';
import { normalizeNickname } from './nickname';

/**
 * The uniqueness key: the TR39 confusable skeleton of the lower-cased, normalised nickname.
 * Two nicknames that look alike share it.
 * @example nicknameKey('аdmin') === nicknameKey('ADMIN') // true (Cyrillic а)
 */
export function nicknameKey(nickname: string): string {
  return unhomoglyph(normalizeNickname(nickname).toLowerCase().normalize('NFD')).normalize('NFD');
}
