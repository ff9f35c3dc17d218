/**
 * Issue 14's text rules, pure: Accept-Language picks the first language the app speaks, insight
 * values read in the page's language, and counts carry the locale's digit grouping.
 */
import { describe, expect, it } from 'vitest';
import { en, type MessageKey } from '../../app/i18n/en';
import { insightValue } from '../../app/i18n/insight-value';
import { localeFromAcceptLanguage, translate } from '../../app/i18n/locales';
import { zhCN } from '../../app/i18n/zh-cn';
import { count } from '../../app/lib/format';

describe('Accept-Language', () => {
  it('picks the first supported language by preference', () => {
    expect(localeFromAcceptLanguage('zh-CN,zh;q=0.9,en;q=0.8')).toBe('zh-CN');
    expect(localeFromAcceptLanguage('zh')).toBe('zh-CN');
    expect(localeFromAcceptLanguage('zh-Hans-CN')).toBe('zh-CN');
    expect(localeFromAcceptLanguage('en-US,zh-CN;q=0.9')).toBe('en');
    expect(localeFromAcceptLanguage('fr-FR,zh-CN;q=0.8,en;q=0.5')).toBe('zh-CN');
    expect(localeFromAcceptLanguage('en;q=0.4,zh-CN;q=0.9')).toBe('zh-CN');
    expect(localeFromAcceptLanguage('zh-TW')).toBe('en');
    expect(localeFromAcceptLanguage('')).toBe('en');
    expect(localeFromAcceptLanguage(null)).toBe('en');
    expect(localeFromAcceptLanguage('zh-CN;q=0')).toBe('en');
  });
});

describe('insight values and counts', () => {
  const t = (locale: 'en' | 'zh-CN') => (k: MessageKey) => translate(locale, k);
  it('names activations, shortcuts and optimizers in the page language', () => {
    expect(insightValue(t('zh-CN'), 'zh-CN', 'activation', 'mixed')).toBe(zhCN['act.mixed']);
    expect(insightValue(t('zh-CN'), 'zh-CN', 'shortcut', 'residual')).toBe('残差');
    expect(insightValue(t('zh-CN'), 'zh-CN', 'optimizer', 'momentum')).toBe('动量');
    expect(insightValue(t('en'), 'en', 'activation', 'leaky_relu')).toBe(en['act.leaky_relu']);
    expect(insightValue(t('en'), 'en', 'activation', 'unknown_thing')).toBe('unknown_thing');
  });
  it('groups the digits of counts the same way as the rest of the page', () => {
    expect(insightValue(t('en'), 'en', 'params', 59146)).toBe('59,146');
    expect(insightValue(t('en'), 'en', 'learningRate', 0.003)).toBe('0.003');
    expect(count(59146, 'en')).toBe('59,146');
    expect(count(59146, 'zh-CN')).toBe('59,146');
  });
  it('says "1 submission" and "1 pt" in the singular', () => {
    expect(translate('en', 'submit.leftOne')).toBe('1 submission left');
    expect(translate('en', 'submit.left', { n: 2 })).toBe('2 submissions left');
    expect(translate('en', 'common.pointsOne', { n: 1 })).toBe('1 pt');
  });
});
