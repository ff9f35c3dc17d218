'use client';
/**
 * The network builder: depth, width, activation and groups (uniform or per layer) and the shortcut,
 * with the live parameter count against the budget and the rule violations reported by game/rules,
 * rendered from their codes in the UI language.
 * Pure UI: it renders `network` and reports edits through `onChange`; it never validates itself.
 */
import { memo, useState } from 'react';
import { ACTIVATIONS, SHORTCUTS, isConvLayer, type Activation, type ConvLayerSpec, type DenseLayerSpec as LayerSpec, type NetworkSpec, type Shortcut, type TaskShape } from '../../../game/spec';
import { shapeChain } from '../../../game/conv-shape';
import { useI18n } from '../../i18n/i18n-provider';
import type { MessageKey } from '../../i18n/en';
import { violationText, type ViolationLike } from '../../i18n/violation-text';
import { Explain } from './explain';
import { IntInput } from '../shared/int-input';
import { count } from '../../lib/format';
import { ConvStack, layerField } from './conv-stack';

export interface BuilderLimits {
  maxLayers: number;
  maxUnits: number;
  maxGroups: number;
  allowedActivations: readonly Activation[];
  allowedShortcuts: readonly Shortcut[];
}

export interface NetworkBuilderProps {
  network: NetworkSpec;
  onChange: (n: NetworkSpec) => void;
  limits: BuilderLimits;
  /** Parameter count, or null when the structure is invalid (groups not dividing widths). */
  params: number | null;
  maxParams: number | null;
  /** Declared training work and the round's budget (game/training-work), shown beside the parameter budget. */
  work?: { value: number; max: number } | null;
  /** game/rules' violations, shown in the UI language. */
  violations: readonly ViolationLike[];
  disabled?: boolean;
  /** The task's shape: on an image task whose rules allow conv layers the conv stack is shown. */
  task?: TaskShape;
  /** Whether the rules allow conv layers (game/rules `convAllowed`). */
  allowConv?: boolean;
}

/** The network's leading conv layers and the dense layers after them (PROTOCOL.md: convs come first). */
export function splitLayers(network: NetworkSpec): { convs: ConvLayerSpec[]; dense: LayerSpec[] } {
  const k = network.layers.findIndex((l) => !isConvLayer(l));
  const cut = k < 0 ? network.layers.length : k;
  const convs = network.layers.slice(0, cut).filter(isConvLayer);
  // A conv layer after a dense one is a rule violation the builder never makes; shown as dense until fixed.
  const dense = network.layers.slice(cut).map((l) => (isConvLayer(l) ? { units: l.filters, activation: l.activation, groups: l.groups } : l));
  return { convs, dense };
}

/** The builder's shape line, or null when game/conv-shape cannot infer it (a violation says why). */
function chainOrNull(network: NetworkSpec, task: TaskShape): string | null {
  try {
    return shapeChain(network, task);
  } catch {
    return null;
  }
}

const FALLBACK_DENSE: LayerSpec = { units: 16, activation: 'relu', groups: 1 };

const isUniform = (n: NetworkSpec): boolean => {
  const [first, ...rest] = splitLayers(n).dense;
  return rest.every((l) => l.units === first.units && l.activation === first.activation && l.groups === first.groups);
};

const clampInt = (v: string, lo: number, hi: number): number => {
  const n = Math.round(Number(v));
  return Number.isFinite(n) ? Math.min(hi, Math.max(lo, n)) : lo;
};

/** Memoized: a training run re-renders its page every frame, and the builder need not follow. */
export const NetworkBuilder = memo(function NetworkBuilder({ network, onChange, limits, params, maxParams, work, violations, disabled, task, allowConv }: NetworkBuilderProps) {
  const { t, locale } = useI18n();
  const [perLayer, setPerLayer] = useState(() => !isUniform(network));
  const { convs, dense: denseLayers } = splitLayers(network);
  const showConv = Boolean(task?.image && allowConv);
  const first = denseLayers[0] ?? FALLBACK_DENSE;
  const groupOptions = Array.from({ length: limits.maxGroups }, (_, i) => i + 1);
  // With conv layers the head may read the last conv output directly: zero dense layers is fine.
  const minDense = convs.length > 0 ? 0 : 1;
  const maxDense = Math.max(minDense, limits.maxLayers - convs.length);
  const emit = (dense: LayerSpec[]) => onChange({ ...network, layers: [...convs, ...dense] });
  const chain = task ? chainOrNull(network, task) : null;

  const setUniform = (patch: Partial<LayerSpec>, depth = denseLayers.length) => {
    const layer = { ...first, ...patch };
    emit(Array.from({ length: depth }, () => ({ ...layer })));
  };
  const setDepth = (depth: number) => {
    if (!perLayer) return setUniform({}, depth);
    const layers = denseLayers.slice(0, depth);
    while (layers.length < depth) layers.push({ ...(layers[layers.length - 1] ?? first) });
    emit(layers);
  };
  const setLayer = (i: number, patch: Partial<LayerSpec>) => emit(denseLayers.map((l, j) => (j === i ? { ...l, ...patch } : l)));
  const setConvs = (next: ConvLayerSpec[]) => {
    // Removing the last conv layer leaves at least one dense layer: a network has one layer or more.
    const dense = next.length === 0 && denseLayers.length === 0 ? [{ ...first }] : denseLayers;
    onChange({ ...network, layers: [...next, ...dense] });
  };
  const fieldName = (field: string): string | null => {
    const at = layerField(field);
    if (!at || at[0] >= convs.length) return null;
    const key = ({ filters: 'conv.filters', kernel: 'conv.kernel', stride: 'conv.stride', padding: 'conv.padding', pool: 'conv.pool', groups: 'builder.groups', type: 'conv.type', activation: 'builder.activation' } as Record<string, MessageKey>)[at[1]];
    return key ? t('conv.field', { layer: t('conv.layer', { n: at[0] + 1 }), field: t(key) }) : null;
  };

  const over = params !== null && maxParams !== null && params > maxParams;
  const share = params !== null && maxParams ? Math.min(1, params / maxParams) : 0;

  return (
    <section className="panel stack" aria-labelledby="builder-title" data-testid="network-builder">
      <h2 id="builder-title">{t('builder.title')}</h2>
      <fieldset className="stack" disabled={disabled} style={{ border: 'none', padding: 0, margin: 0 }}>
        {showConv && (
          <ConvStack layers={convs} onChange={setConvs} maxUnits={limits.maxUnits} maxGroups={limits.maxGroups} room={limits.maxLayers - network.layers.length} allowedActivations={limits.allowedActivations} violations={violations} />
        )}
        {showConv && <h3 style={{ margin: 0 }}>{t('conv.denseTitle')}</h3>}
        <div className="row">
          <span className="hint">{t('builder.mode')}</span>
          <div className="seg" role="group" aria-label={t('builder.mode')}>
            <button type="button" aria-pressed={!perLayer} data-testid="mode-uniform" onClick={() => { setPerLayer(false); setUniform({}); }}>
              {t('builder.uniform')}
            </button>
            <button type="button" aria-pressed={perLayer} data-testid="mode-per-layer" onClick={() => setPerLayer(true)}>
              {t('builder.perLayer')}
            </button>
          </div>
        </div>
        <label className="field">
          {t(convs.length > 0 ? 'conv.denseDepth' : 'builder.depth')}: {denseLayers.length}
          <input type="range" min={minDense} max={maxDense} value={denseLayers.length} data-testid="depth" onChange={(e) => setDepth(clampInt(e.target.value, minDense, maxDense))} />
          <Explain k="explain.depth" />
        </label>
        {!perLayer && denseLayers.length > 0 && (
          <>
            <label className="field">
              {t('builder.width')}
              <IntInput min={1} max={limits.maxUnits} value={first.units} data-testid="width" onChange={(units) => setUniform({ units })} />
              <Explain k="explain.width" />
            </label>
            <label className="field">
              {t('builder.activation')}
              <ActivationSelect value={first.activation} allowed={limits.allowedActivations} onChange={(a) => setUniform({ activation: a })} testId="activation" />
              <Explain k="explain.activation" />
            </label>
            <label className="field">
              {t('builder.groups')}
              <select value={first.groups} data-testid="groups" onChange={(e) => setUniform({ groups: Number(e.target.value) })}>
                {groupOptions.map((g) => <option key={g} value={g}>{g}</option>)}
              </select>
              <Explain k="explain.groups" />
            </label>
          </>
        )}
        {perLayer && (
          <table className="layer-table" data-testid="layer-table">
            <thead>
              <tr>
                <th>#</th>
                <th>{t('builder.width')}</th>
                <th>{t('builder.activation')}</th>
                <th>{t('builder.groups')}</th>
              </tr>
            </thead>
            <tbody>
              {denseLayers.map((l, i) => (
                <tr key={i}>
                  <td>{i + 1}</td>
                  <td>
                    <IntInput aria-label={`${t('builder.layer', { n: i + 1 })} ${t('builder.width')}`} min={1} max={limits.maxUnits} value={l.units} data-testid={`layer-${i}-units`} onChange={(units) => setLayer(i, { units })} />
                  </td>
                  <td>
                    <ActivationSelect label={`${t('builder.layer', { n: i + 1 })} ${t('builder.activation')}`} value={l.activation} allowed={limits.allowedActivations} onChange={(a) => setLayer(i, { activation: a })} testId={`layer-${i}-activation`} />
                  </td>
                  <td>
                    <select aria-label={`${t('builder.layer', { n: i + 1 })} ${t('builder.groups')}`} value={l.groups} data-testid={`layer-${i}-groups`} onChange={(e) => setLayer(i, { groups: Number(e.target.value) })}>
                      {groupOptions.map((g) => <option key={g} value={g}>{g}</option>)}
                    </select>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <label className="field">
          {t('builder.shortcut')}
          <select value={network.shortcut} data-testid="shortcut" onChange={(e) => onChange({ ...network, shortcut: e.target.value as Shortcut })}>
            {SHORTCUTS.map((s) => (
              <option key={s} value={s} disabled={!limits.allowedShortcuts.includes(s)}>
                {t(`shortcut.${s}` as MessageKey)}
              </option>
            ))}
          </select>
          <Explain k="explain.shortcut" />
        </label>
      </fieldset>
      <div className="stack" style={{ gap: '0.3rem' }}>
        {showConv && (
          <p className="shape-chain" data-testid="shape-chain" data-chain={chain ?? ''} style={{ margin: 0, fontFamily: 'monospace' }}>
            <span className="hint">{t('conv.shapes')}: </span>
            {chain ?? '—'}
          </p>
        )}
        <div className="row">
          <span className="stat">
            <span className="label">{t('builder.params')}</span>
            <span className="value" data-testid="param-count">{params === null ? '—' : count(params, locale)}</span>
          </span>
          <span className="spacer" />
          {maxParams !== null && (
            <span className={over ? 'error' : 'hint'}>
              {over ? `${t('builder.overBudget')} · ` : ''}
              {t('builder.budget', { count: params === null ? '—' : count(params, locale), max: count(maxParams, locale) })}
            </span>
          )}
        </div>
        {maxParams !== null && (
          <div className={`meter${over ? ' over' : ''}`} role="meter" aria-valuemin={0} aria-valuemax={maxParams} aria-valuenow={params ?? 0} aria-label={t('builder.params')}>
            <div style={{ width: `${share * 100}%` }} />
          </div>
        )}
        {work && (
          <span className={work.value > work.max ? 'error' : 'hint'} data-testid="training-work">
            {t('builder.work', { work: work.value.toLocaleString(), max: work.max.toLocaleString() })}
          </span>
        )}
      </div>
      {violations.length > 0 ? (
        <div role="status" aria-live="polite">
          <h3>{t('builder.violations')}</h3>
          <ul className="violations" data-testid="violations">
            {violations.map((v, i) => (
              <li key={i} data-code={v.code} data-field={v.field}>
                {fieldName(v.field) !== null && <strong>{fieldName(v.field)}: </strong>}
                {violationText(locale, v)}
              </li>
            ))}
          </ul>
        </div>
      ) : (
        <p className="hint" style={{ color: 'var(--good)' }} data-testid="builder-valid">✓ {t('builder.valid')}</p>
      )}
    </section>
  );
});

function ActivationSelect({ value, allowed, onChange, testId, label }: { value: Activation; allowed: readonly Activation[]; onChange: (a: Activation) => void; testId: string; label?: string }) {
  const { t } = useI18n();
  return (
    <select aria-label={label} value={value} data-testid={testId} onChange={(e) => onChange(e.target.value as Activation)}>
      {ACTIVATIONS.map((a) => (
        <option key={a} value={a} disabled={!allowed.includes(a)}>
          {t(`act.${a}` as MessageKey)}
        </option>
      ))}
    </select>
  );
}
