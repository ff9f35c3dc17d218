/**
 * Renders game/rules' violations in the UI language. English goes through game/'s own table, so
 * the builder shows exactly the sentence the server would send.
 */
import { RULE_MESSAGES_EN, formatViolation, type RuleParams, type RuleTemplates, type ViolationCode } from '../../game/rule-messages';
import type { Locale } from './locales';
import { RULE_MESSAGES_ZH_CN } from './rule-messages-zh';

/** What the UI needs of a violation (game/rules' `Violation` and game/presets' `RuleViolation` both fit). */
export interface ViolationLike {
  field: string;
  code: ViolationCode;
  params: RuleParams;
}

const TEMPLATES: Record<Locale, RuleTemplates> = { en: RULE_MESSAGES_EN, 'zh-CN': RULE_MESSAGES_ZH_CN };

/** The violation templates of a locale. */
export function ruleTemplates(locale: Locale): RuleTemplates {
  return TEMPLATES[locale];
}

/**
 * One violation as a sentence in `locale`. Pure.
 * @example violationText('zh-CN', { field: 'network.layers', code: 'layers.tooMany', params: { max: 3, count: 4 } })
 *   // '本轮规则最多 3 层；当前网络有 4 层。'
 */
export function violationText(locale: Locale, v: ViolationLike): string {
  return formatViolation(v.code, v.params, ruleTemplates(locale));
}
