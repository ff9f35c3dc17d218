'use client';
/**
 * A preset round's lesson (issue 11): "What to look for" before and during the round, and after the
 * close the debrief game/debrief.ts picks from the class's insights. Nothing for custom rounds.
 */
import { debriefFor, lessonFor } from '../../../game/debrief';
import type { InsightsResponse } from '../../../game/protocol';
import type { MessageKey } from '../../i18n/en';
import { useI18n } from '../../i18n/i18n-provider';
import { insightValue } from '../../i18n/insight-value';
import { dimensionLabel } from './insights-bars';
import { formatInsightValue } from './marginal-curves';

/** The preset's pointer to the view that shows its lesson. */
export function LookFor({ presetId }: { presetId: string | null | undefined }) {
  const { t } = useI18n();
  const lesson = lessonFor(presetId);
  if (!lesson) return null;
  return (
    <div className="stack" style={{ gap: 4 }} data-testid="look-for" data-preset={lesson.presetId} data-view={lesson.view}>
      <strong>{t('lookFor.title')}</strong>
      <p className="hint" style={{ margin: 0 }}>{t(`lookFor.${lesson.presetId}` as MessageKey)}</p>
    </div>
  );
}

/** The debrief of a closed preset round, tied to what its insights found. */
export function Debrief({ presetId, insights }: { presetId: string | null | undefined; insights: InsightsResponse | null }) {
  const { t, locale } = useI18n();
  if (!insights) return null;
  const d = debriefFor(presetId, insights, insights.submissions);
  if (!d) return null;
  const s = d.sentence;
  let text: string;
  if (s.kind === 'clear') {
    const vars = {
      dim: dimensionLabel(t, s.dimension),
      best: s.family === 'relu' ? t('insights.family.relu') : insightValue(t, locale, s.dimension, typeof s.best === 'number' ? Number(formatInsightValue(s.best)) : s.best),
      expected: dimensionLabel(t, d.expected),
    };
    text = d.outcome === 'expected' ? t(`debrief.${d.presetId}.expected` as MessageKey, vars) : t('debrief.surprise', vars);
  } else {
    text = t(d.outcome === 'too-few' ? 'debrief.tooFew' : 'debrief.unclear');
  }
  return (
    <div className="stack" style={{ gap: 4 }} data-testid="debrief" data-preset={d.presetId} data-outcome={d.outcome} data-dimension={s.kind === 'clear' ? s.dimension : undefined}>
      <strong>{t('debrief.title')}</strong>
      <p style={{ margin: 0 }}>{text}</p>
    </div>
  );
}
