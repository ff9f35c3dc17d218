/**
 * The one sentence a class reads off version 2's insights, as data: the UI words it in each
 * language (app/i18n). Clear verdict: the top dimension, its best and worst point on the marginal
 * curve, and the gap in accuracy points ("Activation mattered most: relu nets scored 18 points
 * higher than sigmoid"). Otherwise the verdict itself.
 */
import type { InsightsV2 } from './v2';

export type InsightSentence =
  | { kind: 'clear'; dimension: string; categorical: boolean; best: string | number; worst: string | number; points: number }
  | { kind: 'no-clear-winner'; submissions: number }
  | { kind: 'too-few-submissions'; submissions: number };

/**
 * The sentence for version-2 insights over `submissions` rows. Pure.
 * @example insightSentence(fold, 150) // { kind: 'clear', dimension: 'activation', categorical: true, best: 'relu', worst: 'sigmoid', points: 18 }
 */
export function insightSentence(fold: Pick<InsightsV2, 'verdict' | 'dimensions'>, submissions: number): InsightSentence {
  const top = fold.dimensions[0];
  if (fold.verdict === 'too-few-submissions') return { kind: 'too-few-submissions', submissions };
  if (fold.verdict !== 'clear' || !top || top.curve.length < 2) return { kind: 'no-clear-winner', submissions };
  let hi = top.curve[0];
  let lo = top.curve[0];
  for (const p of top.curve) {
    if (p.score > hi.score) hi = p;
    if (p.score < lo.score) lo = p;
  }
  return {
    kind: 'clear',
    dimension: top.name,
    categorical: top.kind === 'categorical',
    best: hi.value,
    worst: lo.value,
    points: Math.round((hi.score - lo.score) * 100),
  };
}
