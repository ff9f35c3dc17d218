/** Join-code checks shared by the forms (the alphabet is the protocol's). Pure. */
import { CODE_ALPHABET, CODE_LENGTH } from '../../game/protocol';

/** Upper-cases and trims what a player typed. @example normalizeCode(' ab3d9k ') // 'AB3D9K' */
export function normalizeCode(raw: string): string {
  return raw.trim().toUpperCase();
}

/** True for a 6-character code in the protocol's alphabet. @example isJoinCode('AB3D9K') // true */
export function isJoinCode(code: string): boolean {
  return code.length === CODE_LENGTH && [...code].every((c) => CODE_ALPHABET.includes(c));
}
