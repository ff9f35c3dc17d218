'use client';
/**
 * The hidden space (issue 11): a sample of the training rows as the last hidden layer sees them
 * (directly for 2 units, the first two principal components beyond), coloured by class, over the
 * head's decision regions on that plane, with the head's straight decision line for 2 classes.
 * Drawn from the worker's throttled `hidden` frames (game/hidden-space.ts computes them).
 */
import { useEffect, useRef } from 'react';
import { useI18n } from '../../i18n/i18n-provider';
import { classRgb, pct } from '../../lib/format';
import { markViewCost } from '../../lib/view-cost';
import type { HiddenFrame } from '../../worker/train-messages';

export interface HiddenSpaceViewProps {
  frame: HiddenFrame;
  pixels?: number;
}

/** Paints the regions, the points and the line; returns the time it took (ms). `off` is a reusable scratch canvas. */
export function paintHiddenSpace(c: HTMLCanvasElement, frame: HiddenFrame, pixels: number, off: HTMLCanvasElement = document.createElement('canvas')): number {
  const t0 = performance.now();
  const ctx = c.getContext('2d');
  if (!ctx) return 0;
  const { bounds, regions } = frame;
  const img = ctx.createImageData(regions.res, regions.res);
  for (let i = 0; i < regions.labels.length; i++) {
    // Region row 0 is at yMin; the canvas' row 0 is at the top.
    const row = regions.res - 1 - Math.floor(i / regions.res);
    const [r, g, b] = classRgb(regions.labels[row * regions.res + (i % regions.res)]);
    img.data[i * 4] = r * 0.3;
    img.data[i * 4 + 1] = g * 0.3;
    img.data[i * 4 + 2] = b * 0.3;
    img.data[i * 4 + 3] = 255;
  }
  if (off.width !== regions.res) off.width = regions.res;
  if (off.height !== regions.res) off.height = regions.res;
  off.getContext('2d')?.putImageData(img, 0, 0);
  ctx.imageSmoothingEnabled = false;
  ctx.drawImage(off, 0, 0, pixels, pixels);
  const sx = pixels / (bounds.xMax - bounds.xMin);
  const sy = pixels / (bounds.yMax - bounds.yMin);
  const px = (u: number): number => (u - bounds.xMin) * sx;
  const py = (v: number): number => (bounds.yMax - v) * sy;
  // One path and one fill per class, not per point.
  const classes = new Set(frame.labels);
  for (const k of classes) {
    const [r, g, b] = classRgb(k);
    ctx.fillStyle = `rgb(${r},${g},${b})`;
    ctx.beginPath();
    for (let i = 0; i < frame.n; i++) {
      if (frame.labels[i] !== k) continue;
      const x = px(frame.xy[2 * i]);
      const y = py(frame.xy[2 * i + 1]);
      ctx.moveTo(x + 2.4, y);
      ctx.arc(x, y, 2.4, 0, Math.PI * 2);
    }
    ctx.fill();
  }
  const line = frame.line;
  if (line) {
    // a·u + b·v + c = 0 across the visible box: solve at the box's two edges along the steeper axis.
    const ends: [number, number][] =
      Math.abs(line.b) >= Math.abs(line.a)
        ? [bounds.xMin, bounds.xMax].map((u) => [u, -(line.a * u + line.c) / line.b] as [number, number])
        : [bounds.yMin, bounds.yMax].map((v) => [-(line.b * v + line.c) / line.a, v] as [number, number]);
    ctx.strokeStyle = '#ffffff';
    ctx.lineWidth = 2;
    ctx.setLineDash([6, 4]);
    ctx.beginPath();
    ctx.moveTo(px(ends[0][0]), py(ends[0][1]));
    ctx.lineTo(px(ends[1][0]), py(ends[1][1]));
    ctx.stroke();
    ctx.setLineDash([]);
  }
  return performance.now() - t0;
}

export function HiddenSpaceView({ frame, pixels = 300 }: HiddenSpaceViewProps) {
  const { t } = useI18n();
  const ref = useRef<HTMLCanvasElement>(null);
  const scratch = useRef<HTMLCanvasElement | null>(null);
  useEffect(() => {
    const c = ref.current;
    if (!c) return;
    scratch.current ??= document.createElement('canvas');
    const t0 = performance.now();
    const ms = paintHiddenSpace(c, frame, pixels, scratch.current);
    c.dataset.paintMs = ms.toFixed(2);
    markViewCost('hidden', t0);
  }, [frame, pixels]);
  const how =
    frame.method === 'direct'
      ? t('hidden.direct', { units: frame.dim })
      : t('hidden.pca', { units: frame.dim, share: pct(frame.explained[0] + frame.explained[1]) });
  return (
    <div
      className="stack"
      style={{ maxWidth: pixels + 40, minWidth: 0 }}
      data-testid="hidden-space"
      data-method={frame.method}
      data-dim={frame.dim}
      data-n={frame.n}
      data-epoch={frame.epoch}
      data-line={frame.line ? '1' : '0'}
      data-separated={frame.separated === null ? undefined : frame.separated.toFixed(4)}
    >
      <h3 style={{ margin: 0 }}>{t('hidden.title')}</h3>
      <p className="hint" style={{ margin: 0 }}>{how}</p>
      <div className="canvas-box">
        <canvas ref={ref} width={pixels} height={pixels} role="img" aria-label={t('hidden.title')} data-testid="hidden-canvas" style={{ maxWidth: '100%' }} />
      </div>
      {frame.separated !== null && (
        <p className="hint" style={{ margin: 0 }} data-testid="hidden-sentence">
          {t('hidden.separated', { share: pct(frame.separated) })}
        </p>
      )}
    </div>
  );
}
