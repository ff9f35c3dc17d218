'use client';
/**
 * The gradient-flow strip: one row per hidden layer (layer 1 at the top), one column per epoch,
 * each cell coloured by log10 of that layer's weight-gradient norm in that epoch (the js engine's
 * internals, game/engine/internals.ts). Beside each row: the latest norm and the saturated or dead
 * units. Below: one sentence that reads it (how much of the last layer's gradient reaches layer 1).
 * The latest values are on the DOM as data attributes (data-layer, data-grad, data-saturated,
 * data-dead per row; data-ratio on the sentence), so tests read numbers, not pixels.
 */
import { useEffect, useRef } from 'react';
import type { EpochInternals } from '../../../game/engine/internals';
import { useI18n } from '../../i18n/i18n-provider';
import { markViewCost } from '../../lib/view-cost';

export interface GradientStripProps {
  /** Per epoch, per layer: the weight-gradient norm. */
  grads: number[][];
  /** The latest epoch's internals. */
  internals: EpochInternals;
}

const SUPER: Record<string, string> = { '-': '⁻', '0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹' };

/**
 * A power of ten written with superscripts.
 * @example powerOfTen(-5) // '10⁻⁵'
 */
export function powerOfTen(exp: number): string {
  return `10${String(exp).replace(/./g, (c) => SUPER[c] ?? c)}`;
}

const log10 = (v: number): number => Math.log10(Math.max(v, 1e-30));

/** Viridis-like ramp from dark blue (t = 0) to yellow (t = 1). */
function ramp(t: number): string {
  const stops = [
    [68, 1, 84],
    [59, 82, 139],
    [33, 145, 140],
    [94, 201, 98],
    [253, 231, 37],
  ];
  const x = Math.min(1, Math.max(0, t)) * (stops.length - 1);
  const i = Math.min(stops.length - 2, Math.floor(x));
  const f = x - i;
  const c = stops[i].map((a, k) => Math.round(a + (stops[i + 1][k] - a) * f));
  return `rgb(${c[0]},${c[1]},${c[2]})`;
}

const ROW_PX = 14;

export function GradientStrip({ grads, internals }: GradientStripProps) {
  const { t } = useI18n();
  const canvas = useRef<HTMLCanvasElement>(null);
  const layers = internals.layers;
  const L = layers.length;

  useEffect(() => {
    const c = canvas.current;
    const ctx = c?.getContext('2d');
    if (!c || !ctx) return;
    const t0 = performance.now();
    const cols = Math.max(1, grads.length);
    c.width = Math.max(cols, 1) * Math.max(1, Math.floor(300 / cols));
    c.height = L * ROW_PX;
    let lo = Infinity;
    let hi = -Infinity;
    for (const row of grads) for (const g of row) {
      const v = log10(g);
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    const span = hi - lo > 1e-9 ? hi - lo : 1;
    const w = c.width / cols;
    ctx.clearRect(0, 0, c.width, c.height);
    grads.forEach((row, e) => {
      row.forEach((g, k) => {
        ctx.fillStyle = ramp((log10(g) - lo) / span);
        ctx.fillRect(e * w, k * ROW_PX, Math.ceil(w), ROW_PX);
      });
    });
    markViewCost('strip', t0);
  }, [grads, L]);

  const first = layers[0]?.weightGradNorm ?? 0;
  const last = layers[L - 1]?.weightGradNorm ?? 0;
  const ratio = last > 0 ? first / last : 1;
  const exp = Math.round(log10(ratio));
  const sentence =
    L < 2
      ? t('grad.one')
      : Math.abs(exp) < 1
        ? t('grad.even', { first: 1, last: L })
        : t(exp < 0 ? 'grad.sentence' : 'grad.more', { first: 1, last: L, ratio: powerOfTen(exp) });

  return (
    <div className="stack" style={{ minWidth: 0, maxWidth: '100%' }} data-testid="gradient-strip" data-layers={L} data-epochs={grads.length}>
      <h3 style={{ margin: 0 }}>{t('grad.title')}</h3>
      <div className="row" style={{ alignItems: 'flex-start', flexWrap: 'wrap', gap: 8, minWidth: 0 }}>
        <canvas ref={canvas} aria-label={t('grad.title')} role="img" style={{ width: '100%', minWidth: 120, maxWidth: 360, height: L * ROW_PX, imageRendering: 'pixelated', flex: '1 1 160px' }} />
        <ol style={{ margin: 0, padding: 0, listStyle: 'none', fontSize: 11, lineHeight: `${ROW_PX}px` }}>
          {layers.map((l) => {
            const units = l.saturated !== null ? t('grad.saturated', { n: l.saturated, of: l.units }) : l.dead !== null ? t('grad.dead', { n: l.dead, of: l.units }) : '';
            return (
              <li
                key={l.layer}
                data-testid="grad-row"
                data-layer={l.layer}
                data-grad={l.weightGradNorm}
                data-saturated={l.saturated ?? undefined}
                data-dead={l.dead ?? undefined}
                style={{ whiteSpace: 'nowrap', height: ROW_PX }}
              >
                {t('grad.row', { layer: l.layer, grad: l.weightGradNorm.toExponential(1) })} {units}
              </li>
            );
          })}
        </ol>
      </div>
      <p className="hint" data-testid="grad-sentence" data-ratio={ratio} style={{ margin: 0 }}>
        {sentence}
      </p>
      <p className="hint" style={{ margin: 0 }}>{t('grad.legend')}</p>
    </div>
  );
}
