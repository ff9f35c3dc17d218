'use client';
/** Importance bars: the share of score variance each dimension's main effect explains. */
import type { InsightsResponse } from '../../../game/protocol';
import { useI18n } from '../../i18n/i18n-provider';
import type { MessageKey } from '../../i18n/en';
import { isMessageKey } from '../../i18n/locales';
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
    seed: 'training.seed',
  };
  const key = map[name];
  return key && isMessageKey(key) ? t(key) : name;
}

/** Below this many submissions a main-effect share says little (each differing dimension fits all). */
const FEW_SUBMISSIONS = 8;

export function InsightsBars({ insights }: { insights: InsightsResponse }) {
  const { t, locale } = useI18n();
  const dims = [...insights.dimensions].sort((a, b) => b.importance - a.importance);
  return (
    <div className="bars" data-testid="insights" data-dimensions={dims.length}>
      <p className="hint" data-testid="insights-basis">
        {insights.submissions === 1 ? t('results.basedOnOne') : t('results.basedOn', { n: String(insights.submissions) })}
        {insights.submissions < FEW_SUBMISSIONS && <> {t('results.fewSubmissions')}</>}
      </p>
      {dims.map((d) => (
        <div key={d.name} className="bar-row" data-testid="insight-row" data-name={d.name}>
          <span>
            {dimensionLabel(t, d.name)}
            {d.best !== null && <span className="hint" style={{ display: 'block', fontSize: '0.75em' }}>{t('results.best', { value: insightValue(t, locale, d.name, d.best) })}</span>}
          </span>
          <span className="bar-track" aria-hidden="true">
            <span className="bar-fill" style={{ width: `${Math.round(d.importance * 100)}%`, display: 'block' }} />
          </span>
          <span className="num">{Math.round(d.importance * 100)}%</span>
        </div>
      ))}
    </div>
  );
}
