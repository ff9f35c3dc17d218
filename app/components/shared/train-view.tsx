'use client';
/**
 * The training area: Train/Stop, a progress bar with epoch and ETA, live loss and accuracy
 * curves, and for 2-D tasks the live decision boundary over the training points.
 */
import { useState } from 'react';
import type { PlotDomain } from '../../../game/tasks/catalog';
import { useI18n } from '../../i18n/i18n-provider';
import { loss as fmtLoss, pct } from '../../lib/format';
import { forLogAxis, wantsLogScale } from '../../lib/loss-scale';
import type { TrainerState } from '../../lib/use-trainer';
import { BoundaryCanvas } from './boundary-canvas';
import { GradientStrip } from './gradient-strip';
import { HiddenSpaceView } from './hidden-space';
import { NeuronPictures } from './neuron-pictures';
import { LineChart } from './line-chart';
import { ConvViews } from './conv-views';

export interface TrainViewProps {
  state: TrainerState;
  domain: PlotDomain | null;
  points: { x: Float32Array; y: Int32Array } | null;
  canTrain: boolean;
  onTrain: () => void;
  onStop: () => void;
  /** Extra controls after Train (e.g. Submit). */
  children?: React.ReactNode;
  /** False when the page shows Train elsewhere (the play page's sticky action bar). Default true. */
  actions?: boolean;
  /** Conv nets: picks the training picture whose feature maps are shown (use-trainer `selectConvSample`). */
  onConvSample?: (i: number) => void;
}

export function TrainView({ state, domain, points, canTrain, onTrain, onStop, children, actions = true, onConvSample }: TrainViewProps) {
  const { t } = useI18n();
  const [discrete, setDiscrete] = useState(true);
  // The views of the inside of the net can be hidden (a slow device, or a plain screen); bench:ui
  // also uses this to measure the page without them.
  const [inside, setInside] = useState(true);
  const busy = state.phase === 'preparing' || state.phase === 'training';
  const share = state.epochs > 0 ? state.epoch / state.epochs : 0;
  let status = '';
  if (state.phase === 'preparing') status = t('train.preparing', { backend: state.job?.backend ?? '' });
  else if (state.phase === 'training') status = t('train.progress', { epoch: state.epoch, epochs: state.epochs });
  else if (state.phase === 'done' && state.result) status = t('train.done', { loss: fmtLoss(state.result.loss), acc: pct(state.result.accuracy) });
  else if (state.phase === 'stopped') status = t('train.cancelled', { epochs: state.epoch });
  else if (state.phase === 'error') status = t('train.failed', { message: state.error ?? '' });

  const h = state.history;
  const val = state.validation;
  const logLoss = wantsLogScale(val ? [...h.loss, ...h.valLoss.filter((v): v is number => v !== null)] : h.loss);
  const lossSeries = (ys: readonly (number | null)[]): (number | null)[] => (logLoss ? forLogAxis(ys.map((v) => v ?? Number.NaN)) : ys.slice());
  const lastVal = val ? h.valLoss.length - 1 : -1;

  return (
    <section className="panel stack" aria-labelledby="train-title" data-testid="train-view">
      <div className="row">
        <h2 id="train-title" style={{ margin: 0 }}>{t('train.curves')}</h2>
        <span className="spacer" />
        {actions && <TrainButton state={state} canTrain={canTrain} onTrain={onTrain} onStop={onStop} />}
        {actions && children}
      </div>
      <div className="meter progress" role="progressbar" aria-valuemin={0} aria-valuemax={state.epochs} aria-valuenow={state.epoch} aria-label={t('train.progress', { epoch: state.epoch, epochs: state.epochs })}>
        <div style={{ width: `${share * 100}%` }} />
      </div>
      <div className="row">
        <span
          data-testid="train-status"
          data-phase={state.phase}
          data-steps={state.result?.steps}
          data-train-ms={state.result ? Math.round(state.result.elapsedMs) : undefined}
          data-frames={state.frames}
          data-frame-ms={Math.round(state.frameMs)} className={state.phase === 'error' ? 'error' : ''} role="status">
          {status}
        </span>
        <span className="spacer" />
        {state.phase === 'training' && state.etaS !== null && <span className="hint">{t('train.eta', { s: state.etaS.toFixed(1) })}</span>}
      </div>
      <div className="train-grid">
        <LineChart
          testId="curves"
          x={state.history.epoch}
          ys={val ? [lossSeries(h.loss), h.accuracy, lossSeries(h.valLoss), h.valAccuracy] : [lossSeries(h.loss), h.accuracy]}
          series={[
            { label: t('train.loss'), color: '#ff5d73' },
            { label: t('train.accuracy'), color: '#7cf29c', right: true },
            ...(val
              ? [
                  { label: t('train.valLoss'), color: '#ffb3bf', dash: [6, 4] },
                  { label: t('train.valAccuracy'), color: '#c4f7d2', right: true, dash: [6, 4] },
                ]
              : []),
          ]}
          xLabel={t('chart.epoch')}
          logY={logLoss}
          yLabel={logLoss ? t('chart.logLoss') : t('chart.loss')}
          rightLabel={t('chart.accuracy')}
        />
        {domain && (
          <div style={{ maxWidth: 360 }}>
            <div className="row" style={{ justifyContent: 'space-between' }}>
              <h3>{t('train.boundary')}</h3>
              <label className="hint" style={{ display: 'flex', gap: 6, alignItems: 'center' }}>
                <input type="checkbox" checked={discrete} data-testid="discretize" onChange={(e) => setDiscrete(e.target.checked)} />
                {t('train.discretize')}
              </label>
            </div>
            <BoundaryCanvas domain={domain} points={points} grid={state.boundary} label={t('train.boundary')} testId="boundary" discrete={discrete} />
          </div>
        )}
      </div>
      {state.phase !== 'idle' && (
        <p
          className="hint"
          style={{ margin: 0 }}
          data-testid="validation"
          data-source={val?.source ?? 'none'}
          data-n={val?.n ?? 0}
          data-points={h.valLoss.filter((v) => v !== null).length}
          data-loss={lastVal >= 0 ? h.valLoss[lastVal] ?? undefined : undefined}
          data-accuracy={lastVal >= 0 ? h.valAccuracy[lastVal] ?? undefined : undefined}
        >
          {val ? t(val.source === 'fresh' ? 'validation.fresh' : 'validation.holdout', { n: val.n }) : t('validation.none')}
          {lastVal >= 0 && h.valLoss[lastVal] !== null ? ` ${t('validation.latest', { loss: fmtLoss(h.valLoss[lastVal]), acc: pct(h.valAccuracy[lastVal]), gap: pct(h.accuracy[lastVal] - (h.valAccuracy[lastVal] ?? 0)) })}` : ''}
        </p>
      )}
      {(state.internals || state.hidden || state.convSamples) && (
        <label className="hint" style={{ display: 'flex', gap: 6, alignItems: 'center' }}>
          <input type="checkbox" checked={inside} data-testid="show-views" onChange={(e) => setInside(e.target.checked)} />
          {t('train.showViews')}
        </label>
      )}
      {inside && state.internals && <GradientStrip grads={state.grads} internals={state.internals} />}
      {inside && domain && state.neurons && <NeuronPictures neurons={state.neurons} />}
      {inside && state.hidden && <HiddenSpaceView frame={state.hidden} />}
      {inside && state.convSamples && onConvSample && <ConvViews state={state} onSample={onConvSample} />}
    </section>
  );
}

/** Train, or Stop while a run is going (shared by the training panel and the play page's bar). */
export function TrainButton({ state, canTrain, onTrain, onStop }: Pick<TrainViewProps, 'state' | 'canTrain' | 'onTrain' | 'onStop'>) {
  const { t } = useI18n();
  const busy = state.phase === 'preparing' || state.phase === 'training';
  return busy ? (
    <button type="button" className="btn btn-danger" onClick={onStop} data-testid="stop">
      {t('train.stop')}
    </button>
  ) : (
    <button type="button" className="btn btn-primary btn-big" onClick={onTrain} disabled={!canTrain} data-testid="train">
      {state.phase === 'idle' ? t('train.start') : t('train.retrain')}
    </button>
  );
}
