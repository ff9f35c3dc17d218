'use client';
/**
 * What a conv net learned (DESIGN.md §5 "Seeing why"): every conv layer's kernels as small
 * pictures (one k×k tile per filter, per input channel or summed over them), and for a chosen
 * training picture each conv layer's feature maps. Live from the worker's `conv` frames while
 * training; once a run has finished, computed here from its weights, so
 * picking another picture needs no new run (game/conv-views.ts). Values are in data attributes for tests.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { convFeatureMaps, convKernels, type FeatureMaps, type KernelPicture } from '../../../game/conv-views';
import { formatShape } from '../../../game/conv-shape';
import { taskShape } from '../../../game/tasks/catalog';
import { useI18n } from '../../i18n/i18n-provider';
import type { TrainerState } from '../../lib/use-trainer';

const TILE = 30;

/** Orange for positive, blue for negative, brighter with |v| / peak (the diagram's colours). */
function paint(canvas: HTMLCanvasElement | null, values: ArrayLike<number>, w: number, h: number, peak: number, gray = false): void {
  const ctx = canvas?.getContext('2d');
  if (!canvas || !ctx) return;
  if (canvas.width !== w || canvas.height !== h) {
    canvas.width = w;
    canvas.height = h;
  }
  const img = ctx.createImageData(w, h);
  // A picture is drawn in grey from its darkest to its brightest pixel; weights and maps diverge around 0.
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < w * h; i++) {
    lo = Math.min(lo, values[i]);
    hi = Math.max(hi, values[i]);
  }
  for (let i = 0; i < w * h; i++) {
    if (gray) {
      const y = hi > lo ? (255 * (values[i] - lo)) / (hi - lo) : 0;
      img.data.set([y, y, y, 255], i * 4);
      continue;
    }
    const v = peak > 0 ? Math.max(-1, Math.min(1, values[i] / peak)) : 0;
    const a = Math.abs(v);
    const [r, g, b] = v >= 0 ? [11 + a * 244, 14 + a * 145, 26 + a * 41] : [11 + a * 51, 14 + a * 183, 26 + a * 229];
    img.data.set([r, g, b, 255], i * 4);
  }
  ctx.putImageData(img, 0, 0);
}

function Tile({ values, w, h, peak, gray, label, size = TILE }: { values: Float32Array; w: number; h: number; peak: number; gray?: boolean; label: string; size?: number }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => paint(ref.current, values, w, h, peak, gray), [values, w, h, peak, gray]);
  return <canvas ref={ref} title={label} aria-label={label} style={{ width: size, height: (size * h) / w, imageRendering: 'pixelated', border: '1px solid #2a3260' }} />;
}

const peakOf = (v: ArrayLike<number>): number => {
  let p = 0;
  for (let i = 0; i < v.length; i++) p = Math.max(p, Math.abs(v[i]));
  return p;
};
const attr = (v: ArrayLike<number>): string => Array.from(v, (x) => Number(x.toPrecision(4))).join(',');

/** One filter's tiles: its k×k weights per input channel ([channel][ky][kx]), or summed over them. */
function filterTiles(k: KernelPicture, summed: boolean): Float32Array[] {
  const kk = k.size * k.size;
  const tiles = Array.from({ length: summed ? 1 : k.channels }, () => new Float32Array(kk));
  for (let c = 0; c < k.channels; c++) for (let p = 0; p < kk; p++) tiles[summed ? 0 : c][p] += k.values[c * kk + p];
  return tiles;
}

/** One conv layer's filters (all of them have the same size and channel count). */
function KernelLayer({ filters, summed }: { filters: KernelPicture[]; summed: boolean }) {
  const { t } = useI18n();
  const first = filters[0];
  const tiles = useMemo(() => filters.map((k) => filterTiles(k, summed)), [filters, summed]);
  const peak = useMemo(() => Math.max(...tiles.flat().map(peakOf)), [tiles]);
  const values = useMemo(() => attr(filters.flatMap((k) => Array.from(k.values))), [filters]);
  return (
    <div className="stack" style={{ gap: 4 }} data-testid="kernels-layer" data-layer={first.layer} data-filters={filters.length} data-kernel={first.size} data-in-channels={first.channels} data-peak={peak} data-values={values}>
      <span className="hint">{t('kernels.layer', { n: first.layer, count: filters.length, k: first.size, channels: first.channels })}</span>
      <div className="row" style={{ flexWrap: 'wrap', gap: 8 }}>
        {tiles.map((ts, f) => (
          <div key={f} className="row" style={{ gap: 1 }} data-testid="kernel-filter" data-filter={f} data-first-channel={filters[f].firstChannel}>
            {ts.map((v, c) => <Tile key={c} values={v} w={first.size} h={first.size} peak={peak} label={`${t('kernels.filter', { n: f + 1 })}${ts.length > 1 ? ` · ${filters[f].firstChannel + c + 1}` : ''}`} />)}
          </div>
        ))}
      </div>
    </div>
  );
}

/** Kernel pictures grouped by layer, in layer order. */
function byLayer(kernels: readonly KernelPicture[]): KernelPicture[][] {
  const out: KernelPicture[][] = [];
  for (const k of kernels) {
    const last = out[out.length - 1];
    if (last && last[0].layer === k.layer) last.push(k);
    else out.push([k]);
  }
  return out;
}

function MapLayer({ m }: { m: FeatureMaps }) {
  const { t } = useI18n();
  const hw = m.height * m.width;
  const channels = useMemo(() => Array.from({ length: m.filters }, (_, j) => m.maps.subarray(j * hw, (j + 1) * hw)), [m, hw]);
  const peak = useMemo(() => peakOf(m.maps), [m]);
  const shape = formatShape({ kind: 'image', height: m.height, width: m.width, channels: m.filters });
  return (
    <div className="stack" style={{ gap: 4 }} data-testid="maps-layer" data-layer={m.layer} data-shape={shape} data-peak={peak} data-values={attr(m.maps)}>
      <span className="hint">{t('maps.layer', { n: m.layer, shape })}</span>
      <div className="row" style={{ flexWrap: 'wrap', gap: 4 }}>
        {channels.map((v, c) => <Tile key={c} values={v} w={m.width} h={m.height} peak={peak} size={44} label={t('kernels.filter', { n: c + 1 })} />)}
      </div>
    </div>
  );
}

/** The kernels and feature-map views of a conv run; nothing for a net without conv layers. */
export function ConvViews({ state, onSample }: { state: TrainerState; onSample: (i: number) => void }) {
  const { t } = useI18n();
  const [summed, setSummed] = useState(false);
  const samples = state.convSamples;
  const job = state.job;
  const sample = samples ? Math.min(state.convSample, samples.n - 1) : 0;
  // After the run: recompute from its weights, so any picture can be picked without training again.
  const local = useMemo(() => {
    if (!job || !samples || !state.result) return null;
    const task = taskShape(job.taskId);
    try {
      const w = state.result.weights;
      return { epoch: state.result.epochsRun, sample, kernels: convKernels(job.network, task, w), maps: convFeatureMaps(job.network, task, w, samples.x, sample) };
    } catch {
      return null;
    }
  }, [job, samples, state.result, sample]);
  const frame = local ?? state.conv;
  if (!samples) return null;
  const d = samples.height * samples.width * samples.channels;
  const pictures = Array.from({ length: samples.n }, (_, i) => {
    const v = new Float32Array(samples.height * samples.width);
    for (let p = 0; p < v.length; p++) for (let c = 0; c < samples.channels; c++) v[p] += samples.x[i * d + p * samples.channels + c];
    return v;
  });
  return (
    <div className="stack" data-testid="conv-views">
      <section className="stack" data-testid="conv-kernels" data-epoch={frame?.epoch ?? -1} data-layers={frame ? byLayer(frame.kernels).length : 0}>
        <div className="row">
          <h3 style={{ margin: 0 }}>{t('kernels.title')}</h3>
          <span className="spacer" />
          <div className="seg" role="group" aria-label={t('kernels.title')}>
            <button type="button" aria-pressed={!summed} data-testid="kernels-per-channel" onClick={() => setSummed(false)}>{t('kernels.perChannel')}</button>
            <button type="button" aria-pressed={summed} data-testid="kernels-summed" onClick={() => setSummed(true)}>{t('kernels.summed')}</button>
          </div>
        </div>
        <p className="hint" style={{ margin: 0 }}>{t('kernels.hint')}</p>
        {frame ? byLayer(frame.kernels).map((ks) => <KernelLayer key={ks[0].layer} filters={ks} summed={summed} />) : <p className="hint">{t('kernels.waiting')}</p>}
      </section>
      <section className="stack" data-testid="feature-maps" data-epoch={frame?.epoch ?? -1} data-sample={frame?.sample ?? -1} data-selected={sample}>
        <h3 style={{ margin: 0 }}>{t('maps.title')}</h3>
        <p className="hint" style={{ margin: 0 }}>{t('maps.hint')}</p>
        <div className="row" style={{ flexWrap: 'wrap', gap: 4 }} role="group" aria-label={t('maps.sample')}>
          {pictures.map((v, i) => (
            <button key={i} type="button" className="btn" style={{ padding: 2 }} aria-pressed={i === sample} data-testid={`conv-sample-${i}`} data-label={samples.labels[i]} onClick={() => onSample(i)}>
              <Tile values={v} w={samples.width} h={samples.height} peak={peakOf(v)} gray label={`${t('maps.sample')} ${i + 1}`} />
            </button>
          ))}
        </div>
        {frame && frame.maps.map((m) => <MapLayer key={m.layer} m={m} />)}
      </section>
    </div>
  );
}
