'use client';
/** Training hyperparameters (optimizer, loss, learning rate, batch size, epochs, L2, seed) and the engine. */
import { memo } from 'react';
import { BACKEND_CHOICES, chooseEngine, type BackendChoice } from '../../../game/engine-choice';
import { LIMITS, LOSSES, OPTIMIZERS, type Loss, type NetworkSpec, type Optimizer, type TaskShape, type TrainingSpec } from '../../../game/spec';
import type { MessageKey } from '../../i18n/en';
import { useI18n } from '../../i18n/i18n-provider';

export interface TrainingSettingsProps {
  training: TrainingSpec;
  onChange: (t: TrainingSpec) => void;
  maxEpochs: number;
  /** The player's engine setting: "auto" applies game/engine-choice.ts's rule. */
  backend: BackendChoice;
  onBackend: (b: BackendChoice) => void;
  disabled?: boolean;
  /** The net being built, for the rule's pick and its reason (shown when given). */
  network?: NetworkSpec;
  task?: TaskShape;
  /** Offer `training.holdout` (real tasks: synthetic ones validate on a fresh sample instead). */
  offerHoldout?: boolean;
}

/** A fresh 32-bit training seed from the browser's CSPRNG (a UI choice, not a game draw). */
export function freshSeed(): number {
  const a = new Uint32Array(1);
  crypto.getRandomValues(a);
  return a[0] % 1_000_000;
}

const num = (v: string, fallback: number): number => {
  const n = Number(v);
  return Number.isFinite(n) ? n : fallback;
};

export const TrainingSettings = memo(function TrainingSettings({ training, onChange, maxEpochs, backend, onBackend, disabled, network, task, offerHoldout }: TrainingSettingsProps) {
  const { t } = useI18n();
  const pick = network && task ? chooseEngine(network, task, training.batchSize) : null;
  const engine = backend === 'auto' ? pick?.backend ?? 'js' : backend;
  const set = (patch: Partial<TrainingSpec>) => onChange({ ...training, ...patch });
  // Cross-entropy is the default: it is written as an absent field, so the spec's JSON stays as before.
  const setLoss = (loss: Loss) => {
    const { loss: _old, ...rest } = training;
    onChange(loss === LOSSES[0] ? rest : { ...rest, loss });
  };
  // No holdout is an absent field too; the input is in percent, bounded by the schema's 50%.
  const setHoldout = (percent: number) => {
    const { holdout: _old, ...rest } = training;
    const share = Math.min(LIMITS.maxHoldout, Math.max(0, Math.round(percent) / 100));
    onChange(share > 0 ? { ...rest, holdout: share } : rest);
  };
  return (
    <section className="panel stack" aria-labelledby="training-title" data-testid="training-settings">
      <h2 id="training-title">{t('training.title')}</h2>
      <fieldset className="grid grid-2" disabled={disabled} style={{ border: 'none', padding: 0, margin: 0, gridTemplateColumns: 'repeat(auto-fit, minmax(140px, 1fr))' }}>
        <label className="field">
          {t('training.optimizer')}
          <select value={training.optimizer} data-testid="optimizer" onChange={(e) => set({ optimizer: e.target.value as Optimizer })}>
            {OPTIMIZERS.map((o) => <option key={o} value={o}>{t(`opt.${o}` as MessageKey)}</option>)}
          </select>
        </label>
        <label className="field">
          {t('training.loss')}
          <select value={training.loss ?? LOSSES[0]} data-testid="loss" onChange={(e) => setLoss(e.target.value as Loss)}>
            {LOSSES.map((l) => <option key={l} value={l}>{t(`loss.${l}` as MessageKey)}</option>)}
          </select>
        </label>
        <label className="field">
          {t('training.learningRate')}
          <input type="number" step="any" min={0.00001} max={10} value={training.learningRate} data-testid="learning-rate" onChange={(e) => set({ learningRate: num(e.target.value, training.learningRate) })} />
        </label>
        <label className="field">
          {t('training.batchSize')}
          <input type="number" min={1} max={4096} value={training.batchSize} data-testid="batch-size" onChange={(e) => set({ batchSize: Math.round(num(e.target.value, training.batchSize)) })} />
        </label>
        <label className="field">
          {t('training.epochs')}
          <input type="number" min={1} max={maxEpochs} value={training.epochs} data-testid="epochs" onChange={(e) => set({ epochs: Math.round(num(e.target.value, training.epochs)) })} />
        </label>
        <label className="field">
          {t('training.l2')}
          <input type="number" step="any" min={0} max={1} value={training.l2} data-testid="l2" onChange={(e) => set({ l2: num(e.target.value, training.l2) })} />
        </label>
        <label className="field">
          {t('training.seed')}
          <span className="row" style={{ flexWrap: 'nowrap' }}>
            <input type="number" min={0} value={training.seed} data-testid="seed" style={{ flex: 1 }} onChange={(e) => set({ seed: Math.max(0, Math.round(num(e.target.value, training.seed))) })} />
            <button type="button" className="btn" aria-label={t('training.randomSeed')} title={t('training.randomSeed')} onClick={() => set({ seed: freshSeed() })}>↻</button>
          </span>
        </label>
        {offerHoldout && (
          <label className="field">
            {t('training.holdout')}
            <input type="number" min={0} max={LIMITS.maxHoldout * 100} step={5} value={Math.round((training.holdout ?? 0) * 100)} data-testid="holdout" onChange={(e) => setHoldout(num(e.target.value, 0))} />
          </label>
        )}
        <label className="field">
          {t('training.backend')}
          <select value={backend} data-testid="backend" data-engine={engine} onChange={(e) => onBackend(e.target.value as BackendChoice)}>
            {BACKEND_CHOICES.map((b) => <option key={b} value={b}>{b === 'auto' ? t('engine.auto', { engine: pick?.backend ?? 'js' }) : b}</option>)}
          </select>
        </label>
      </fieldset>
      {pick ? (
        <p className="hint" data-testid="engine-reason">
          {t(backend === 'auto' ? (pick.backend === 'js' ? 'engine.whyJs' : 'engine.whyWasm') : 'engine.chosen', {
            engine,
            work: pick.workPerStep.toLocaleString(),
            threshold: pick.threshold.toLocaleString(),
          })}
        </p>
      ) : null}
      {offerHoldout && <p className="hint" data-testid="holdout-hint">{t('training.holdoutHint')}</p>}
      <p className="hint" data-testid="loss-hint">{t('training.lossHint')}</p>
      <p className="hint">{t('training.backendHint')}</p>
    </section>
  );
});
