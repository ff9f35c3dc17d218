'use client';
/** The round card: task and its training-data preview, the round's rules, status and countdown. */
import { memo, useEffect, useRef } from 'react';
import type { RoundPublic } from '../../../game/protocol';
import { taskInfo } from '../../../game/tasks/catalog';
import type { MessageKey } from '../../i18n/en';
import { useI18n } from '../../i18n/i18n-provider';
import { roundTitle, taskDescription, taskTitle } from '../../i18n/catalog-text';
import { useTrainPoints } from '../../lib/use-train-points';
import { StatusBadge } from '../shared/audit-badge';
import { BoundaryCanvas } from '../shared/boundary-canvas';
import { Countdown } from '../shared/countdown';
import { LookFor } from '../shared/lesson-notes';

export const RoundCard = memo(function RoundCard({ round, showPreview = true }: { round: RoundPublic; showPreview?: boolean }) {
  const { t } = useI18n();
  const info = taskInfo(round.task.id);
  const r = round.rules;
  const points = useTrainPoints(showPreview ? round.task.id : null, round.trainSeed, r.trainSize, r.noise);
  const rulesBox = useRef<HTMLDetailsElement>(null);
  // On a phone the rules table is a screen long: start it folded so the builder and Train are near.
  useEffect(() => {
    if (rulesBox.current && window.matchMedia('(max-width: 600px)').matches) rulesBox.current.open = false;
  }, []);
  const rows: [MessageKey, string][] = [
    ['rules.trainSize', String(r.trainSize)],
    ['rules.noise', String(r.noise)],
    ['rules.maxLayers', String(r.maxLayers)],
    ['rules.maxUnits', String(r.maxUnits)],
    ['rules.maxParams', r.maxParams.toLocaleString()],
    ['rules.maxEpochs', String(r.maxEpochs)],
    ['rules.maxGroups', String(r.maxGroups)],
    ['rules.maxSubmissions', String(r.maxSubmissions)],
    ['rules.activations', r.allowedActivations.map((a) => t(`act.${a}` as MessageKey)).join(', ')],
    ['rules.shortcuts', r.allowedShortcuts.map((s) => t(`shortcut.${s}` as MessageKey)).join(', ')],
  ];
  return (
    <section className="panel stack" data-testid="round-card" aria-labelledby="round-title">
      <div className="row">
        <h2 id="round-title" style={{ margin: 0 }}>
          {t('common.round', { n: round.index })} · {roundTitle(t, round.title)}
        </h2>
        <span className="spacer" />
        <StatusBadge status={round.status} />
      </div>
      <div className="row">
        <span className="stat">
          <span className="label">{t('common.task')}</span>
          <span className="value" data-testid="task-title">{taskTitle(t, round.task.id)}</span>
        </span>
        <span className="spacer" />
        {round.status === 'open' && (
          <span className="stat">
            <span className="label">{t('common.timeLeft')}</span>
            <span className="value"><Countdown endsAt={round.endsAt} /></span>
          </span>
        )}
      </div>
      <p className="hint">{taskDescription(t, round.task.id)}</p>
      <LookFor presetId={round.presetId} />
      {showPreview && info.domain && round.trainSeed === null ? (
        // A draft has no training seed yet, so no points: say so instead of an empty black square.
        <p className="hint" data-testid="preview-later">{t('task.previewLater')}</p>
      ) : showPreview && info.domain ? (
        <div style={{ maxWidth: 260 }}>
          <BoundaryCanvas domain={info.domain} points={points} label={t('task.preview')} testId="task-preview" pixels={260} />
        </div>
      ) : (
        <p className="hint">{t('task.noPreview', { dim: info.inputDim })}</p>
      )}
      <details open ref={rulesBox} data-testid="rules">
        <summary><h3 style={{ display: 'inline' }}>{t('rules.title')}</h3></summary>
        <table className="data" style={{ fontSize: '0.85rem' }}>
          <tbody>
            {rows.map(([k, v]) => (
              <tr key={k}>
                <th scope="row">{t(k)}</th>
                <td>{v}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </section>
  );
});
