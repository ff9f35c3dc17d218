/**
 * The one sentence a class reads off version 2's insights, as data: the UI words it in each
 * language (app/i18n). Clear verdict: the top dimension, its best and worst point on the marginal
 * curve, and the gap in accuracy points ("Activation mattered most: relu-family nets scored 18
 * points higher than sigmoid": relu-family when every activation near the top is one). Otherwise
 * the verdict itself.
 */
import type { InsightsV2 } from './v2';

const RELU_FAMILY: readonly string[] = ['relu', 'leaky_relu', 'elu', 'selu', 'swish', 'gelu'];
const NEAR_BEST = 0.25;

export type InsightSentence =
  | {
      kind: 'clear';
      dimension: string;
      categorical: boolean;
      best: string | number;
      /** 'relu' when the levels near the top are all relu-family activations (then `points` is their mean's lead). */
      family: 'relu' | null;
      worst: string | number;
      points: number;
    }
  | { kind: 'no-clear-winner'; submissions: number }
  | { kind: 'too-few-submissions'; submissions: number };

/**
 * The sentence for version-2 insights over `submissions` rows. Pure.
 * @example insightSentence(fold, 150) // { kind: 'clear', dimension: 'activation', categorical: true, best: 'relu', family: 'relu', worst: 'sigmoid', points: 18 }
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
  let lead = hi.score - lo.score;
  let family: 'relu' | null = null;
  if (top.name === 'activation') {
    // The levels within a quarter of the gap of the best: if they are all relu-family, name the family.
    const near = top.curve.filter((p) => hi.score - p.score <= lead * NEAR_BEST);
    if (near.length >= 2 && near.every((p) => RELU_FAMILY.includes(String(p.value)))) {
      family = 'relu';
      let sum = 0;
      for (const p of near) sum += p.score;
      lead = sum / near.length - lo.score;
    }
  }
  return {
    kind: 'clear',
    dimension: top.name,
    categorical: top.kind === 'categorical',
    best: hi.value,
    family,
    worst: lo.value,
    points: Math.round(lead * 100),
  };
}
