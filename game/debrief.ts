/**
 * What each preset teaches (issue 11): the view to watch during the round ("what to look for"),
 * the dimensions the lesson expects to matter, and after the close the debrief chosen from what the
 * class's insights found. The UI words both in each language (app/i18n `lookFor.<preset>`,
 * `debrief.<preset>.*`); this module only decides which text applies and with which values. Pure.
 */
import type { InsightsFold } from './insights';
import { insightSentence, type InsightSentence } from './insights/sentence';

/** The teaching view a preset points at before the round. */
export type LessonView = 'hidden-space' | 'gradient-strip' | 'neurons' | 'validation' | 'parameters' | 'kernels';

export interface Lesson {
  presetId: string;
  view: LessonView;
  /** Insight dimensions whose lead confirms the lesson (FANOVA names). */
  expects: readonly string[];
}

/** One lesson per preset in game/presets.ts (a unit test keeps the two lists in step). */
export const LESSONS: readonly Lesson[] = [
  { presetId: 'xor-warmup', view: 'hidden-space', expects: ['width', 'depth'] },
  { presetId: 'spiral-sprint', view: 'neurons', expects: ['depth', 'width', 'activation'] },
  { presetId: 'budget-battle', view: 'parameters', expects: ['depth', 'width', 'groups'] },
  { presetId: 'too-deep', view: 'gradient-strip', expects: ['shortcut', 'activation'] },
  { presetId: 'sigmoid-vs-relu', view: 'gradient-strip', expects: ['activation'] },
  { presetId: 'digits', view: 'validation', expects: ['epochs', 'l2', 'width', 'learningRate'] },
  // Issue 12: the conv lessons point at the learned kernels; `conv` is the number of conv layers.
  { presetId: 'conv-vs-dense', view: 'kernels', expects: ['conv', 'width'] },
  { presetId: 'strokes-edges', view: 'kernels', expects: ['conv'] },
];

/** The lesson of a preset, or undefined for a custom round. @example lessonFor('too-deep')?.view // 'gradient-strip' */
export function lessonFor(presetId: string | null | undefined): Lesson | undefined {
  return presetId ? LESSONS.find((l) => l.presetId === presetId) : undefined;
}

/**
 * Which debrief the class gets:
 * - `expected`: the insights' clear top dimension is one the lesson expects;
 * - `surprise`: a clear top dimension the lesson did not expect (the class found something else);
 * - `unclear`: enough submissions, but no dimension stood out beyond the noise;
 * - `too-few`: too few submissions to tell.
 */
export type DebriefOutcome = 'expected' | 'surprise' | 'unclear' | 'too-few';

export interface Debrief {
  presetId: string;
  outcome: DebriefOutcome;
  /** The insights' sentence it rests on (clear: dimension, best, worst, points). */
  sentence: InsightSentence;
  /** The lesson's first expected dimension, for the `surprise` text ("… rather than {expected}"). */
  expected: string;
}

/**
 * The debrief of a closed preset round from its insights (version 1 folds have no verdict: their
 * top dimension counts as clear when it explains at least a third of the variance). Null for a
 * round without a preset lesson.
 * @example debriefFor('too-deep', fold, 40) // { outcome: 'expected', sentence: { kind: 'clear', dimension: 'shortcut', … } }
 */
export function debriefFor(presetId: string | null | undefined, fold: InsightsFold, submissions: number): Debrief | null {
  const lesson = lessonFor(presetId);
  if (!lesson) return null;
  const sentence = fold.version === 2 ? insightSentence(fold, submissions) : v1Sentence(fold, submissions);
  const outcome: DebriefOutcome =
    sentence.kind === 'too-few-submissions'
      ? 'too-few'
      : sentence.kind === 'no-clear-winner'
        ? 'unclear'
        : lesson.expects.includes(sentence.dimension)
          ? 'expected'
          : 'surprise';
  return { presetId: lesson.presetId, outcome, sentence, expected: lesson.expects[0] };
}

/** Fewest submissions version 1 needs for a verdict (as version 2's FEW_SUBMISSIONS). */
const V1_FEW = 8;
const V1_CLEAR_SHARE = 1 / 3;

function v1Sentence(fold: Extract<InsightsFold, { version: 1 }>, submissions: number): InsightSentence {
  if (submissions < V1_FEW) return { kind: 'too-few-submissions', submissions };
  // Version 1 lists its dimensions in a fixed order, not by importance.
  const top = fold.dimensions.reduce<(typeof fold.dimensions)[number] | undefined>((m, d) => (!m || d.importance > m.importance ? d : m), undefined);
  if (!top || top.importance < V1_CLEAR_SHARE || top.best === null) return { kind: 'no-clear-winner', submissions };
  return { kind: 'clear', dimension: top.name, categorical: true, best: top.best, family: null, worst: '', points: 0 };
}
