/**
 * Nicknames that cannot impersonate (issue 8, finding 7). The attack showed three identical
 * "admin" rows on one board (Cyrillic `а`, full-width `ａ`, a zero-width joiner) and a right-to-left
 * override that reversed the text after the name on the results page. So a nickname is:
 * - NFKC-normalised (full-width and compatibility forms become their plain letters), with the
 *   emoji presentation selectors U+FE0E/U+FE0F dropped (they only pick a glyph style);
 * - refused, with a message saying why, when it holds a lone surrogate, a bidi control, a
 *   zero-width or other default-ignorable (invisible) character, a format or private-use
 *   character, or nothing visible;
 * - unique by its confusable skeleton (`nickname-key.ts`, server side: it carries the TR39 table).
 * Pure and isomorphic.
 */
// Bidi embeddings, overrides, isolates and marks: they reorder the text around the name.
const BIDI_CONTROLS = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;
// Zero-width and other characters Unicode says to render as nothing (U+3164 Hangul filler, ZWJ…).
const INVISIBLE = /[\p{Default_Ignorable_Code_Point}\p{Cf}]/u;
const PRIVATE_USE = /\p{Co}/u;
// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f]/;
// Looks blank: white space and the braille blank.
const BLANK = /^[\p{White_Space}\u2800]*$/u;
const PRESENTATION_SELECTORS = /[\uFE0E\uFE0F]/g;

/** Well-formed UTF-16: no lone surrogate (they read back as "a���b"). */
function wellFormed(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (!(d >= 0xdc00 && d <= 0xdfff)) return false;
      i++;
    } else if (c >= 0xdc00 && c <= 0xdfff) return false;
  }
  return true;
}

/**
 * The stored form of a nickname: NFKC, presentation selectors dropped, trimmed. Apply only to a
 * well-formed string (`nicknameProblem` says so first).
 * @example normalizeNickname(' ａｄｍｉｎ ') // 'admin'
 */
export function normalizeNickname(raw: string): string {
  return raw.normalize('NFKC').replace(PRESENTATION_SELECTORS, '').trim();
}

/**
 * Why `raw` cannot be a nickname, in one English sentence, or null when it can (length is the
 * schema's business).
 * @example nicknameProblem('a\u202Eb') // 'A nickname must not contain right-to-left or other direction controls.'
 */
export function nicknameProblem(raw: string): string | null {
  if (!wellFormed(raw)) return 'A nickname must be valid text (it holds a broken character, a lone surrogate).';
  const s = normalizeNickname(raw);
  if (CONTROL_CHARS.test(s)) return 'A nickname must not contain control characters.';
  if (BIDI_CONTROLS.test(s)) return 'A nickname must not contain right-to-left or other direction controls.';
  if (INVISIBLE.test(s)) return 'A nickname must not contain zero-width or other invisible characters.';
  if (PRIVATE_USE.test(s)) return 'A nickname must not contain private-use characters.';
  if (BLANK.test(s)) return 'A nickname must contain at least one visible character.';
  return null;
}
