'use client';
/**
 * Per-neuron pictures (2-D tasks, js engine): each hidden unit's output over the plane, one small
 * canvas per unit grouped by layer, orange where the unit outputs positive values and blue where
 * negative, scaled by the unit's largest |output|. Click a picture to enlarge it. Updated with
 * the worker's throttled `neurons` frames.
 */
import { useEffect, useRef, useState } from 'react';
import { useI18n } from '../../i18n/i18n-provider';
import type { NeuronGrids } from '../../lib/use-trainer';
import { markViewCost } from '../../lib/view-cost';

/** Above this many hidden units, only the first ones get a picture (each is a canvas). */
export const MAX_PICTURES = 256;

export interface NeuronPicturesProps {
  neurons: NeuronGrids;
}

/** Paints unit `unit` of one layer's [units × res²] outputs onto a canvas of res × res pixels. */
function paint(c: HTMLCanvasElement, layer: Float32Array, unit: number, res: number): void {
  const ctx = c.getContext('2d');
  if (!ctx) return;
  // Resizing a canvas reallocates it: only when the grid's size changed.
  if (c.width !== res) c.width = res;
  if (c.height !== res) c.height = res;
  const n = res * res;
  let peak = 0;
  for (let i = 0; i < n; i++) peak = Math.max(peak, Math.abs(layer[unit * n + i]));
  const img = ctx.createImageData(res, res);
  for (let i = 0; i < n; i++) {
    // The grid's row 0 is at yMin; the canvas' row 0 is at the top.
    const src = (res - 1 - Math.floor(i / res)) * res + (i % res);
    const v = peak > 0 ? layer[unit * n + src] / peak : 0;
    const [r, g, b] = v >= 0 ? [255, 255 - 107 * v, 255 - 255 * v] : [255 + 200 * v, 255 + 125 * v, 255];
    img.data[i * 4] = r;
    img.data[i * 4 + 1] = g;
    img.data[i * 4 + 2] = b;
    img.data[i * 4 + 3] = 255;
  }
  ctx.putImageData(img, 0, 0);
}

function Picture({ layer, unit, data, res, px, onPick }: { layer: number; unit: number; data: Float32Array; res: number; px: number; onPick?: () => void }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (!ref.current) return;
    const t0 = performance.now();
    paint(ref.current, data, unit, res);
    markViewCost('neurons', t0);
  }, [data, unit, res]);
  return (
    <canvas
      ref={ref}
      data-testid={onPick ? 'neuron' : 'neuron-enlarged'}
      data-layer={layer}
      data-unit={unit}
      onClick={onPick}
      style={{ width: px, height: px, imageRendering: 'auto', cursor: onPick ? 'zoom-in' : undefined, borderRadius: 3 }}
    />
  );
}

export function NeuronPictures({ neurons }: NeuronPicturesProps) {
  const { t } = useI18n();
  const [picked, setPicked] = useState<{ layer: number; unit: number } | null>(null);
  const total = neurons.layers.reduce((a, l) => a + l.length / (neurons.res * neurons.res), 0);
  let budget = MAX_PICTURES;
  const pick = picked && neurons.layers[picked.layer - 1] ? picked : null;
  return (
    <div className="stack" style={{ minWidth: 0, maxWidth: '100%' }} data-testid="neurons" data-count={total} data-res={neurons.res}>
      <h3 style={{ margin: 0 }}>{t('neurons.title')}</h3>
      <p className="hint" style={{ margin: 0 }}>{t('neurons.hint')}</p>
      <div className="row" style={{ alignItems: 'flex-start', gap: 12, flexWrap: 'wrap', minWidth: 0 }}>
        {neurons.layers.map((data, k) => {
          const units = Math.min(data.length / (neurons.res * neurons.res), budget);
          budget -= units;
          if (units <= 0) return null;
          return (
            <div key={k} className="stack" style={{ gap: 4 }} data-testid="neuron-layer" data-layer={k + 1}>
              <span className="hint">{t('neurons.layer', { layer: k + 1 })}</span>
              <div style={{ display: 'grid', gridTemplateColumns: 'repeat(2, 36px)', gap: 3 }}>
                {Array.from({ length: units }, (_, j) => (
                  <Picture key={j} layer={k + 1} unit={j} data={data} res={neurons.res} px={36} onPick={() => setPicked({ layer: k + 1, unit: j })} />
                ))}
              </div>
            </div>
          );
        })}
        {pick && (
          <div className="stack" style={{ gap: 4 }}>
            <span className="hint">{t('neurons.picked', { layer: pick.layer, unit: pick.unit + 1 })}</span>
            <Picture layer={pick.layer} unit={pick.unit} data={neurons.layers[pick.layer - 1]} res={neurons.res} px={160} />
          </div>
        )}
      </div>
      {total > MAX_PICTURES && <p className="hint">{t('neurons.capped', { shown: MAX_PICTURES, total })}</p>}
    </div>
  );
}
