'use client';
/**
 * The conv stack of the builder (image tasks whose rules allow conv layers): one row per conv
 * layer with filters, kernel, stride, padding, activation, groups and pool; add and remove. It
 * renders `layers` and reports edits through `onChange`; game/rules decides what is valid, and a
 * field that a violation names is marked `aria-invalid` here.
 */
import type React from 'react';
import { ACTIVATIONS, CONV_KERNELS, CONV_PADDINGS, CONV_POOLS, CONV_STRIDES, type Activation, type ConvLayerSpec } from '../../../game/spec';
import { useI18n } from '../../i18n/i18n-provider';
import type { MessageKey } from '../../i18n/en';
import type { ViolationLike } from '../../i18n/violation-text';
import { IntInput } from '../shared/int-input';
import { Explain } from './explain';

/** The conv layer "Add" appends: 8 filters, 3×3, same, relu, a 2×2 max pool (the protocol's example). */
export const DEFAULT_CONV_LAYER: ConvLayerSpec = { type: 'conv', filters: 8, kernel: 3, stride: 1, padding: 'same', activation: 'relu', groups: 1, pool: 'max' };

export interface ConvStackProps {
  layers: readonly ConvLayerSpec[];
  onChange: (layers: ConvLayerSpec[]) => void;
  maxUnits: number;
  maxGroups: number;
  /** How many more layers (conv or dense) the rules allow. */
  room: number;
  allowedActivations: readonly Activation[];
  violations: readonly ViolationLike[];
}

/** `network.layers[2].groups` → [2, 'groups']; null for any other field. */
export function layerField(field: string): [number, string] | null {
  const m = /^network\.layers\[(\d+)\]\.(\w+)$/.exec(field);
  return m ? [Number(m[1]), m[2]] : null;
}

export function ConvStack({ layers, onChange, maxUnits, maxGroups, room, allowedActivations, violations }: ConvStackProps) {
  const { t } = useI18n();
  const bad = new Set(violations.map((v) => v.field));
  const invalid = (i: number, f: string): boolean => bad.has(`network.layers[${i}].${f}`);
  const set = (i: number, patch: Partial<ConvLayerSpec>) => onChange(layers.map((l, j) => (j === i ? { ...l, ...patch } : l)));
  const groupOptions = Array.from({ length: maxGroups }, (_, i) => i + 1);
  const label = (i: number, k: MessageKey) => `${t('conv.layer', { n: i + 1 })} ${t(k)}`;
  const sel = <T extends string | number>(i: number, f: keyof ConvLayerSpec, k: MessageKey, options: readonly T[], text: (o: T) => string, parse: (s: string) => T) => (
    <select aria-label={label(i, k)} aria-invalid={invalid(i, f) || undefined} value={String(layers[i][f])} data-testid={`conv-${i}-${f}`} onChange={(e) => set(i, { [f]: parse(e.target.value) } as Partial<ConvLayerSpec>)}>
      {options.map((o) => <option key={String(o)} value={String(o)}>{text(o)}</option>)}
    </select>
  );

  const field = (k: MessageKey, control: React.ReactNode) => (
    <label className="field" style={{ minWidth: 0 }}>
      {t(k)}
      {control}
    </label>
  );

  // One card per layer with its fields in a wrapping grid: the builder column is narrow on a laptop.
  return (
    <div className="stack" data-testid="conv-stack" data-layers={layers.length}>
      <h3 style={{ margin: 0 }}>{t('conv.title')}</h3>
      <Explain k="explain.conv" />
      {layers.map((l, i) => (
        <div key={i} className="stack" data-testid={`conv-${i}`} style={{ gap: '0.4rem', border: '1px solid #2a3260', borderRadius: 8, padding: '0.5rem' }}>
          <div className="row">
            <strong>{t('conv.layer', { n: i + 1 })}</strong>
            <span className="spacer" />
            <button type="button" className="btn" aria-label={`${t('conv.remove')} ${t('conv.layer', { n: i + 1 })}`} data-testid={`conv-${i}-remove`} onClick={() => onChange(layers.filter((_, j) => j !== i))}>
              {t('conv.remove')}
            </button>
          </div>
          <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(6.2rem, 1fr))', gap: '0.4rem' }}>
            {field('conv.filters', <IntInput aria-label={label(i, 'conv.filters')} aria-invalid={invalid(i, 'filters') || undefined} min={1} max={maxUnits} value={l.filters} data-testid={`conv-${i}-filters`} onChange={(filters) => set(i, { filters })} />)}
            {field('conv.kernel', sel(i, 'kernel', 'conv.kernel', CONV_KERNELS, (k) => `${k}×${k}`, (v) => Number(v) as ConvLayerSpec['kernel']))}
            {field('conv.stride', sel(i, 'stride', 'conv.stride', CONV_STRIDES, String, (v) => Number(v) as ConvLayerSpec['stride']))}
            {field('conv.padding', sel(i, 'padding', 'conv.padding', CONV_PADDINGS, (p) => t(`conv.padding.${p}` as MessageKey), (v) => v as ConvLayerSpec['padding']))}
            {field(
              'builder.activation',
              <select aria-label={label(i, 'builder.activation')} value={l.activation} data-testid={`conv-${i}-activation`} onChange={(e) => set(i, { activation: e.target.value as Activation })}>
                {ACTIVATIONS.map((a) => (
                  <option key={a} value={a} disabled={!allowedActivations.includes(a)}>{t(`act.${a}` as MessageKey)}</option>
                ))}
              </select>,
            )}
            {field('builder.groups', sel(i, 'groups', 'builder.groups', groupOptions, String, Number))}
            {field('conv.pool', sel(i, 'pool', 'conv.pool', CONV_POOLS, (p) => t(`conv.pool.${p}` as MessageKey), (v) => v as ConvLayerSpec['pool']))}
          </div>
        </div>
      ))}
      <div className="row">
        <button type="button" className="btn" data-testid="conv-add" disabled={room < 1} onClick={() => onChange([...layers, { ...(layers[layers.length - 1] ?? DEFAULT_CONV_LAYER) }])}>
          {t('conv.add')}
        </button>
      </div>
    </div>
  );
}
