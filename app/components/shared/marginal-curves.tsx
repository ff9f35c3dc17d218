'use client';
/**
 * Marginal curves as small multiples: for each dimension, the forest's predicted score at each
 * value the class tried (numeric: a line through the values in order; categorical: one bar per
 * level), drawn with uPlot. The x axis is the value's position, labelled with the value, so
 * learning rates spanning decades and activation names read the same way.
 */
import { useEffect, useRef } from 'react';
import type uPlotType from 'uplot';
import type { CurvePoint } from '../../../game/insights';

export interface MarginalCurve {
  name: string;
  label: string;
  kind: 'numeric' | 'categorical';
  curve: CurvePoint[];
}

/** A value as a tick label: numbers to 2 significant digits, levels as they are. */
export function formatInsightValue(v: string | number): string {
  if (typeof v === 'string') return v;
  if (Number.isInteger(v)) return String(v);
  return String(Number(v.toPrecision(2)));
}

function CurveChart({ c, height, range }: { c: MarginalCurve; height: number; range: [number, number] }) {
  const box = useRef<HTMLDivElement>(null);
  const key = `${c.name}|${c.kind}|${c.curve.map((p) => `${p.value}:${p.score}`).join(',')}|${height}|${range.join(':')}`;
  useEffect(() => {
    let disposed = false;
    let plot: uPlotType | null = null;
    let ro: ResizeObserver | null = null;
    void import('uplot').then(({ default: UPlot }) => {
      if (disposed || !box.current) return;
      const xs = c.curve.map((_, i) => i);
      const ys = c.curve.map((p) => p.score * 100);
      const labels = c.curve.map((p) => formatInsightValue(p.value));
      const bars = c.kind === 'categorical' ? UPlot.paths.bars?.({ size: [0.6, 40] }) : undefined;
      // Show at most ~6 numeric tick labels so they never overlap; every level of a categorical one.
      const step = c.kind === 'categorical' ? 1 : Math.max(1, Math.ceil(xs.length / 6));
      const opts: uPlotType.Options = {
        width: Math.max(160, box.current.clientWidth),
        height,
        legend: { show: false },
        cursor: { show: false },
        scales: {
          x: { time: false, range: [-0.5, Math.max(0.5, xs.length - 0.5)] },
          y: { range: [range[0], range[1]] },
        },
        axes: [
          {
            stroke: '#9aa3d0',
            grid: { show: false },
            size: c.kind === 'categorical' ? 48 : 30,
            rotate: c.kind === 'categorical' && xs.length > 4 ? -40 : 0,
            font: '11px sans-serif',
            splits: () => xs.filter((i) => i % step === 0),
            values: (_u: uPlotType, splits: number[]) => splits.map((i) => labels[i] ?? ''),
          },
          { stroke: '#9aa3d0', grid: { stroke: '#222a55' }, size: 44, font: '11px sans-serif', values: (_u: uPlotType, s: number[]) => s.map((v) => `${Math.round(v)}%`) },
        ],
        series: [
          {},
          bars
            ? { stroke: '#3ec5ff', fill: 'rgba(62,197,255,0.45)', paths: bars, points: { show: false } }
            : { stroke: '#3ec5ff', width: 2, points: { show: true, size: 5, fill: '#3ec5ff' } },
        ],
      };
      plot = new UPlot(opts, [xs, ys] as uPlotType.AlignedData, box.current);
      ro = new ResizeObserver(() => {
        if (plot && box.current) plot.setSize({ width: Math.max(160, box.current.clientWidth), height });
      });
      ro.observe(box.current);
    });
    return () => {
      disposed = true;
      ro?.disconnect();
      plot?.destroy();
    };
    // The key covers everything the chart draws.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  return <div ref={box} className="marginal-chart" />;
}

/** Small multiples, one per curve, titled with the dimension's label, on one shared score scale. */
export function MarginalCurves({ curves, title, height = 140 }: { curves: MarginalCurve[]; title: string; height?: number }) {
  if (curves.length === 0) return null;
  // One score scale for every chart: a flat curve must look flat next to a steep one.
  const all = curves.flatMap((c) => c.curve.map((p) => p.score * 100));
  const lo = Math.min(...all);
  const hi = Math.max(...all);
  const pad = Math.max(1, (hi - lo) * 0.1);
  const range: [number, number] = [Math.max(0, Math.floor(lo - pad)), Math.min(100, Math.ceil(hi + pad))];
  return (
    <div className="stack" data-testid="marginal-curves" data-curves={curves.length}>
      <p className="hint">{title}</p>
      <div className="marginal-grid">
        {curves.map((c) => (
          <figure key={c.name} className="marginal-cell" data-testid="marginal-curve" data-name={c.name} data-points={c.curve.length}>
            <figcaption>{c.label}</figcaption>
            <CurveChart c={c} height={height} range={range} />
          </figure>
        ))}
      </div>
    </div>
  );
}
