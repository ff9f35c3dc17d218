/**
 * "Which dimension matters?": the versioned insights fold. A round keeps the version it was
 * created under (the rounds table's `insights_version`; rounds stored before it existed are 1),
 * so its insights never change meaning when a newer version ships.
 *
 * - Version 1 (insights/v1.ts): a one-way variance share per dimension, `params` included.
 * - Version 2 (insights/v2.ts, the current one): a seeded random-forest fANOVA with marginal
 *   curves, uncertainty, the strongest pair, bootstrap stability and an honest verdict; `params`
 *   beside the decomposition.
 */
import { computeInsights as computeInsightsV1 } from './insights/v1';
import type { Insight, InsightRow } from './insights/v1';
import { computeInsightsV2 } from './insights/v2';
import type { InsightsV2 } from './insights/v2';

export { computeInsights, INSIGHT_DIMENSIONS, INSIGHTS_V1 } from './insights/v1';
export type { Insight, InsightDimension, InsightRow } from './insights/v1';
export { computeInsightsV2, CLEAR_WINNER, FEW_SUBMISSIONS, INSIGHTS_V2 } from './insights/v2';
export type { CurvePoint, DimensionInsight, InsightsV2, Verdict } from './insights/v2';
export { insightSentence } from './insights/sentence';
export type { InsightSentence } from './insights/sentence';
export { FANOVA_DIMENSIONS } from './insights/features';
export type { FanovaDimension } from './insights/features';

/** The version new rounds are created under. */
export const INSIGHTS_VERSION = 2 as const;

export type InsightsFold = { version: 1; dimensions: Insight[] } | InsightsV2;

/**
 * The insights of a round stored under `version` (1 or 2; anything else folds as the current
 * version). Pure and deterministic.
 * @example foldInsights(round.insightsVersion ?? 1, rows).dimensions[0].name
 */
export function foldInsights(version: number, rows: readonly InsightRow[]): InsightsFold {
  if (version === 1) return { version: 1, dimensions: computeInsightsV1(rows) };
  return computeInsightsV2(rows);
}
