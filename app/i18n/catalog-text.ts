/**
 * Localized names of game/ catalogue items (tasks, presets). game/ keeps English text; the UI
 * looks each up in the dictionary and falls back to game/'s own text for anything new.
 */
import { PRESETS } from '../../game/presets';
import { taskInfo } from '../../game/tasks/catalog';
import type { MessageKey } from './en';
import { isMessageKey } from './locales';

type T = (key: MessageKey) => string;

const lookup = (t: T, key: string, fallback: string): string => (isMessageKey(key) ? t(key) : fallback);

/** @example taskTitle(t, 'xor') // 'XOR' or '异或（XOR）' */
export const taskTitle = (t: T, id: string): string => lookup(t, `taskTitle.${id}`, taskInfo(id).title);
/** The task's one-line description. */
export const taskDescription = (t: T, id: string): string => lookup(t, `taskDesc.${id}`, taskInfo(id).description);
/** A preset's title; unknown ids fall back to `fallback`. */
export const presetTitle = (t: T, id: string, fallback: string): string => lookup(t, `presetTitle.${id}`, fallback);
/** A preset's description. */
export const presetDescription = (t: T, id: string, fallback: string): string => lookup(t, `presetDesc.${id}`, fallback);

/**
 * A round title: the server names preset rounds after the preset's English title (translate those)
 * and custom rounds "Round N", which would only repeat the round number beside it in any language.
 * @example roundTitle(t, 'Round 2') // 'Custom rules' or '自定义规则'
 */
export function roundTitle(t: T, title: string): string {
  const p = PRESETS.find((x) => x.title === title);
  if (p) return presetTitle(t, p.id, title);
  return /^Round \d+$/.test(title) ? t('host.custom') : title;
}
