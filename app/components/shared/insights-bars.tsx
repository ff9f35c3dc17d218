'use client';
/** Importance bars: the share of score variance each dimension explains (fANOVA from version 2). */
import type { InsightsResponse } from '../../../game/protocol';
import { useI18n } from '../../i18n/i18n-provider';
import type { MessageKey } from '../../i18n/en';
import { isMessageKey } from '../../i18n/locales';
import { FEW_SUBMISSIONS, insightSentence } from '../../../game/insights';
import { formatInsightValue, MarginalCurves } from './marginal-curves';
import type { MarginalCurve } from './marginal-curves';
import { insightValue } from '../../i18n/insight-value';

/** Localized name of an insight dimension (falls back to the server's name). */
export function dimensionLabel(t: (k: MessageKey) => string, name: string): string {
  const map: Record<string, MessageKey> = {
    depth: 'builder.depth',
    width: 'builder.width',
    activation: 'builder.activation',
    shortcut: 'builder.shortcut',
    groups: 'builder.groups',
    optimizer: 'training.optimizer',
    learningRate: 'training.learningRate',
    batchSize: 'training.batchSize',
    epochs: 'training.epochs',
    l2: 'training.l2',
    params: 'builder.params',
    loss: 'insights.name.loss',
    conv: 'insights.name.conv',
    seed: 'training.seed',
  };
  const key = map[name];
  return key && isMessageKey(key) ? t(key) : name;
}

/** A dimension's short name for a sentence ("Activation mattered most"). */
function shortName(t: (k: MessageKey) => string, name: string): string {
  const key = `insights.name.${name}`;
  return isMessageKey(key) ? t(key) : dimensionLabel(t, name);
}

const pct = (v: number): string => `${Math.round(v * 100)}%`;

/** The one sentence of version-2 insights, in the current language. */
function sentenceText(t: (k: MessageKey, vars?: Record<string, string>) => string, insights: InsightsResponse): string | null {
  if (insights.version !== 2) return null;
  const s = insightSentence(insights, insights.submissions);
  if (s.kind === 'too-few-submissions') return t('insights.sentence.tooFew', { n: String(s.submissions) });
  if (s.kind === 'no-clear-winner') return t('insights.sentence.noClearWinner', { n: String(s.submissions) });
  return t(s.categorical ? 'insights.sentence.level' : 'insights.sentence.value', {
    dim: shortName(t, s.dimension),
    best: s.family === 'relu' ? t('insights.family.relu') : formatInsightValue(s.best),
    worst: formatInsightValue(s.worst),
    points: String(s.points),
  });
}

/**
 * Importance bars (version 2: with their spread over the trees as a whisker), the sentence, the
 * stability, the strongest pair, the parameter count beside the split, and the marginal curves of
 * the `curves` most important dimensions as small multiples.
 */
export function InsightsBars({ insights, curves = 6 }: { insights: InsightsResponse; curves?: number }) {
  const { t, locale } = useI18n();
  const v2 = insights.version === 2 ? insights : null;
  const dims = [...insights.dimensions].sort((a, b) => b.importance - a.importance);
  const sentence = sentenceText(t, insights);
  const spreadOf = (name: string): number => v2?.dimensions.find((d) => d.name === name)?.spread ?? 0;
  const marginals: MarginalCurve[] = (v2?.dimensions ?? [])
    .filter((d) => d.curve.length > 1)
    .slice(0, curves)
    .map((d) => ({ name: d.name, label: shortName(t, d.name), kind: d.kind, curve: d.curve }));
  return (
    <div className="bars" data-testid="insights" data-dimensions={dims.length} data-version={insights.version ?? 1} data-verdict={v2?.verdict ?? ''}>
      {sentence && (
        <p className="insight-sentence" data-testid="insight-sentence">
          {sentence}
        </p>
      )}
      <p className="hint" data-testid="insights-basis">
        {insights.submissions === 1 ? t('results.basedOnOne') : t('results.basedOn', { n: String(insights.submissions) })}
        {insights.submissions < FEW_SUBMISSIONS && <> {t('results.fewSubmissions')}</>}
        {!v2 && <> {t('insights.oldVersion')}</>}
      </p>
      {dims.map((d) => {
        const spread = spreadOf(d.name);
        const lo = Math.max(0, d.importance - spread);
        const hi = Math.min(1, d.importance + spread);
        return (
          <div key={d.name} className="bar-row" data-testid="insight-row" data-name={d.name} data-spread={spread}>
            <span>
              {dimensionLabel(t, d.name)}
              {d.best !== null && <span className="hint" style={{ display: 'block', fontSize: '0.75em' }}>{t('results.best', { value: insightValue(t, locale, d.name, d.best) })}</span>}
            </span>
            <span className="bar-track" aria-hidden="true" style={{ position: 'relative' }}>
              <span className="bar-fill" style={{ width: `${Math.round(d.importance * 100)}%`, display: 'block' }} />
              {v2 && spread > 0 && (
                <span
                  className="bar-whisker"
                  data-testid="insight-spread"
                  title={t('insights.spread', { pct: pct(spread) })}
                  style={{ left: `${lo * 100}%`, width: `${Math.max(0.5, (hi - lo) * 100)}%` }}
                />
              )}
            </span>
            <span className="num">
              {pct(d.importance)}
              {v2 && Math.round(spread * 100) > 0 && <span className="hint" style={{ display: 'block', fontSize: '0.7em' }}>± {pct(spread)}</span>}
            </span>
          </div>
        );
      })}
      {v2 && v2.verdict !== 'too-few-submissions' && (
        <p className="hint" data-testid="insight-stability">
          {t('insights.stability', { pct: pct(v2.stability), fit: pct(Math.max(0, v2.fit)) })}
        </p>
      )}
      {v2?.interaction && v2.interaction.importance >= 0.01 && (
        <p className="hint" data-testid="insight-interaction">
          {t('insights.interaction', { a: shortName(t, v2.interaction.dimensions[0]), b: shortName(t, v2.interaction.dimensions[1]), pct: pct(v2.interaction.importance) })}
        </p>
      )}
      {v2?.params && (
        <p className="hint" data-testid="insight-params">
          {t('insights.params', { min: String(v2.params.min), max: String(v2.params.max), r: v2.params.correlation.toFixed(2) })}
        </p>
      )}
      <MarginalCurves curves={marginals} title={t('insights.curves')} />
    </div>
  );
}
