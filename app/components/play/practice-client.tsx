'use client';
/**
 * The practice sandbox: no server connection. Pick a task, build, train in the worker and watch
 * the boundary. Every change is mirrored into the URL (history.replaceState) so a reload or a
 * shared link restores the same configuration.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { TASK_IDS, type NetworkSpec, type TaskId, type TrainingSpec } from '../../../game/spec';
import { taskInfo, taskShape } from '../../../game/tasks/catalog';
import { convAllowed } from '../../../game/rules';
import { isRealTask } from '../../../game/tasks/real-data';
import { useI18n } from '../../i18n/i18n-provider';
import { taskDescription, taskTitle } from '../../i18n/catalog-text';
import { getBackendChoice, setBackendChoice as rememberBackendChoice } from '../../lib/local-store';
import { resolveBackend, type BackendChoice } from '../../../game/engine-choice';
import { toPracticeQuery, type PracticeState } from '../../lib/practice-url';
import { sandboxRules, useRuleCheck } from '../../lib/use-rule-check';
import { useTrainPoints } from '../../lib/use-train-points';
import { useTrainer } from '../../lib/use-trainer';
import { NetworkBuilder } from './network-builder';
import { NetworkDiagram } from '../shared/network-diagram';
import { TrainingSettings } from './training-settings';
import { TrainView } from '../shared/train-view';

export function PracticeClient({ initial, backendInLink }: { initial: PracticeState; backendInLink: boolean }) {
  const { t } = useI18n();
  const [s, setS] = useState<PracticeState>(initial);
  const [copied, setCopied] = useState(false);
  const info = taskInfo(s.taskId);
  // taskShape carries an image task's picture: conv layers need it.
  const task = useMemo(() => taskShape(s.taskId), [s.taskId]);
  const rules = useMemo(() => sandboxRules(s.taskId, s.trainSize, s.noise), [s.taskId, s.trainSize, s.noise]);
  const check = useRuleCheck(s.network, s.training, rules, task);
  const points = useTrainPoints(s.taskId, s.dataSeed, s.trainSize, s.noise);
  const { state, start, stop, selectConvSample } = useTrainer();

  // A shared link names its backend; otherwise use the one this browser remembers.
  useEffect(() => {
    if (!backendInLink) setS((prev) => ({ ...prev, backend: getBackendChoice() }));
  }, [backendInLink]);

  useEffect(() => {
    const q = toPracticeQuery(s);
    if (window.location.search !== `?${q}`) window.history.replaceState(null, '', `/practice?${q}`);
  }, [s]);

  const set = useCallback((patch: Partial<PracticeState>) => setS((prev) => ({ ...prev, ...patch })), []);
  const onBackend = useCallback(
    (b: BackendChoice) => {
      rememberBackendChoice(b);
      set({ backend: b });
    },
    [set],
  );
  const onNetwork = useCallback((network: NetworkSpec) => set({ network }), [set]);
  const onTraining = useCallback((training: TrainingSpec) => set({ training }), [set]);

  const onTrain = () =>
    start({
      taskId: s.taskId,
      trainSeed: s.dataSeed,
      trainSize: s.trainSize,
      noise: s.noise,
      trainRows: null,
      network: s.network,
      training: s.training,
      backend: resolveBackend(s.backend, s.network, task, s.training.batchSize),
      boundarySize: info.domain ? 64 : 0,
      boundaryEveryMs: 120,
    });

  const copyLink = async () => {
    try {
      await navigator.clipboard.writeText(window.location.href);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  };

  return (
    <div className="stack">
      <div className="row">
        <h1 style={{ margin: 0 }}>{t('practice.title')}</h1>
        <span className="spacer" />
        <button type="button" className="btn" onClick={copyLink} data-testid="share">{copied ? t('practice.copied') : t('practice.share')}</button>
      </div>
      <div className="play-layout">
        <div className="stack">
          <section className="panel stack">
            <h2>{t('task.label')}</h2>
            <label className="field">
              {t('task.label')}
              <select value={s.taskId} data-testid="task" onChange={(e) => set({ taskId: e.target.value as TaskId })}>
                {TASK_IDS.map((id) => <option key={id} value={id}>{taskTitle(t, id)}</option>)}
              </select>
            </label>
            <p className="hint">{taskDescription(t, s.taskId)}</p>
            <div className="grid" style={{ gridTemplateColumns: 'repeat(3, 1fr)', gap: '0.6rem' }}>
              <label className="field">
                {t('practice.noise')}
                <input type="number" min={0} max={1} step={0.05} value={s.noise} data-testid="noise" onChange={(e) => set({ noise: Math.min(1, Math.max(0, Number(e.target.value) || 0)) })} />
              </label>
              <label className="field">
                {t('practice.trainSize')}
                <input type="number" min={4} max={5000} value={s.trainSize} data-testid="train-size" onChange={(e) => set({ trainSize: Math.min(5000, Math.max(4, Math.round(Number(e.target.value)) || 4)) })} />
              </label>
              <label className="field">
                {t('practice.dataSeed')}
                <input type="number" min={0} value={s.dataSeed} data-testid="data-seed" onChange={(e) => set({ dataSeed: Math.max(0, Math.round(Number(e.target.value)) || 0) })} />
              </label>
            </div>
          </section>
          <NetworkBuilder
            network={s.network}
            onChange={onNetwork}
            limits={rules}
            params={check.params}
            maxParams={null}
            violations={check.violations}
            task={task}
            allowConv={convAllowed(rules)}
          />
          <TrainingSettings training={s.training} onChange={onTraining} maxEpochs={rules.maxEpochs} backend={s.backend} onBackend={onBackend} network={s.network} task={task} offerHoldout={isRealTask(s.taskId)} />
        </div>
        <div className="stack">
          <TrainView state={state} domain={info.domain ?? null} points={points} canTrain={check.ok} onTrain={onTrain} onStop={stop} onConvSample={selectConvSample} />
          <section className="panel">
            <h2>{t('builder.diagram')}</h2>
            <NetworkDiagram network={s.network} task={task} weights={state.result?.weights} />
          </section>
        </div>
      </div>
    </div>
  );
}
