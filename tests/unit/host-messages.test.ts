/**
 * Issue 8's host controls as the player sees them: the two CONFLICT refusals of a locked lobby and
 * a blocked kick read as their own sentence in each language, not as the generic CONFLICT text;
 * other CONFLICT answers keep the generic one.
 */
import { describe, expect, it } from 'vitest';
import type { MessageKey } from '../../app/i18n/en';
import { translate } from '../../app/i18n/locales';
import { errorText } from '../../app/lib/ui-error';
import { BLOCKED_MESSAGE, LOCKED_MESSAGE } from '../../game/host-messages';

describe('host control refusals in the UI', () => {
  const t = (locale: 'en' | 'zh-CN') => (k: MessageKey) => translate(locale, k);
  it('shows the lock and block sentences in the page language', () => {
    expect(errorText(t('en'), { code: 'CONFLICT', message: LOCKED_MESSAGE })).toBe(LOCKED_MESSAGE);
    expect(errorText(t('zh-CN'), { code: 'CONFLICT', message: LOCKED_MESSAGE })).toBe('主持人已锁定本场比赛，新玩家不能加入。');
    expect(errorText(t('en'), { code: 'CONFLICT', message: BLOCKED_MESSAGE })).toMatch(/blocked rejoining/);
    expect(errorText(t('zh-CN'), { code: 'CONFLICT', message: BLOCKED_MESSAGE })).toMatch(/禁止重新加入/);
  });
  it('keeps the generic sentence for other conflicts and other codes', () => {
    expect(errorText(t('en'), { code: 'CONFLICT', message: 'This tournament is full (3 players).' })).toBe(translate('en', 'error.CONFLICT'));
    expect(errorText(t('en'), { code: 'NOT_FOUND', message: LOCKED_MESSAGE })).toBe(translate('en', 'error.NOT_FOUND'));
  });
});
