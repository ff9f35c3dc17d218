'use client';
/**
 * A uPlot line chart that follows its container's width. `series` share the x values; uPlot is
 * imported lazily because it touches `window` at load. The chart is created once per series
 * layout and then only fed data (setData), which keeps live updates cheap.
 */
import { useEffect, useRef } from 'react';
import type uPlotType from 'uplot';

export interface ChartSeries {
  label: string;
  color: string;
  /** Plot on the right-hand axis (e.g. accuracy next to loss). */
  right?: boolean;
  dash?: number[];
}

export interface LineChartProps {
  x: number[];
  ys: (number | null)[][];
  series: ChartSeries[];
  height?: number;
  xLabel?: string;
  testId?: string;
  /** Log scale for the left axis (losses). */
  logY?: boolean;
  /** Axis titles of the left and right (`right` series) axes. */
  yLabel?: string;
  rightLabel?: string;
}

/**
 * An axis size that fits its longest tick label (uPlot's fixed 50 px clips "0.0001" to "0,000").
 * Measured with the axis' own font on the chart's canvas; uPlot calls it again on every redraw.
 */
export const fitAxisSize: uPlotType.Axis.Size = (self, values, axisIdx, cycleNum) => {
  const axis = self.axes[axisIdx] as uPlotType.Axis & { _size?: number; font?: [string, number, number] | string };
  // uPlot asks up to three times per layout; the later passes keep the first answer.
  if (cycleNum > 1 && axis._size) return axis._size;
  const ticks = typeof axis.ticks === 'object' ? axis.ticks.size ?? 10 : 10;
  let size = ticks + (axis.gap ?? 5) + 4;
  const longest = (values ?? []).reduce((a, b) => (String(b).length > a.length ? String(b) : a), '');
  if (longest) {
    const font = Array.isArray(axis.font) ? axis.font[0] : axis.font;
    if (font) self.ctx.font = font;
    size += self.ctx.measureText(longest).width / (window.devicePixelRatio || 1);
  }
  return Math.ceil(Math.max(40, size));
};

const tickFormat = new Intl.NumberFormat('en-US', { maximumSignificantDigits: 6 });
/**
 * Tick labels by significant digits: uPlot's own format keeps three decimals, so a log loss axis
 * labelled its 0.0001 tick "0". Minor log ticks arrive as null and stay blank.
 */
export const tickLabels: uPlotType.Axis.Values = (_self, splits) => splits.map((v) => (v == null ? '' : tickFormat.format(v)));

const legendFormat = new Intl.NumberFormat('en-US', { maximumSignificantDigits: 4 });
/** The legend's value: four significant digits (uPlot's three decimals read a 2e-4 loss as "0"). */
const legendValue = (_self: uPlotType, v: number | null): string => (v == null ? '--' : legendFormat.format(v));

/**
 * States on the chart's element the tick labels each axis drew (`data-axis-ticks`: side, labels,
 * font), read after every draw, so a test can check no label outgrows its axis (issue 14, bug 4).
 */
function exposeTicks(u: uPlotType): void {
  const axes = u.axes as (uPlotType.Axis & { _values?: (string | number | null)[] | null; font?: [string, number, number] | string })[];
  const ticks = axes.map((a) => ({ side: a.side, labels: (a._values ?? []).filter((v) => v != null && v !== '').map(String), font: Array.isArray(a.font) ? a.font[0] : a.font ?? '' }));
  u.root.parentElement?.setAttribute('data-axis-ticks', JSON.stringify(ticks));
}

/**
 * The series as uPlot may draw them: a non-finite value (a diverged run's NaN or Infinity) becomes a
 * gap. uPlot takes only null as a gap; an Infinity reaches its scale and axis-split arithmetic.
 * @example plotValues([[1, Infinity, null, Number.NaN]]) // [[1, null, null, null]]
 */
export function plotValues(ys: readonly (readonly (number | null)[])[]): (number | null)[][] {
  return ys.map((row) => row.map((v) => (v !== null && Number.isFinite(v) ? v : null)));
}

/** Fills the legend with the last point's values while the cursor is not over the plot. */
function showLatest(u: uPlotType): void {
  const n = u.data[0]?.length ?? 0;
  if (u.cursor.idx == null && n > 0) u.setLegend({ idx: n - 1 }, false);
}

export function LineChart({ x, ys, series, height = 240, xLabel, testId, logY, yLabel, rightLabel }: LineChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlotType | null>(null);
  const latest = useRef<{ x: number[]; ys: (number | null)[][] }>({ x, ys });
  latest.current = { x, ys };
  const layout = series.map((s) => `${s.label}|${s.color}|${s.right ? 1 : 0}`).join(',') + `|${height}|${logY ? 1 : 0}|${yLabel ?? ''}|${rightLabel ?? ''}`;

  useEffect(() => {
    let disposed = false;
    let ro: ResizeObserver | null = null;
    void import('uplot').then(({ default: UPlot }) => {
      if (disposed || !box.current) return;
      const hasRight = series.some((s) => s.right);
      const opts: uPlotType.Options = {
        width: Math.max(200, box.current.clientWidth),
        height,
        legend: { show: true },
        cursor: { drag: { x: false, y: false } },
        // Off the chart (always, on a phone) the legend shows the latest values instead of "--".
        hooks: { setCursor: [(u) => showLatest(u)], draw: [exposeTicks] },
        scales: { x: { time: false }, y: logY ? { distr: 3 } : {}, ...(hasRight ? { acc: { range: [0, 1] } } : {}) },
        axes: [
          { stroke: '#9aa3d0', grid: { stroke: '#222a55' }, label: xLabel },
          { stroke: '#9aa3d0', grid: { stroke: '#222a55' }, size: fitAxisSize, values: tickLabels, label: yLabel },
          ...(hasRight ? [{ side: 1, scale: 'acc', stroke: '#9aa3d0', grid: { show: false }, size: fitAxisSize, values: tickLabels, label: rightLabel }] : []),
        ],
        series: [
          { label: xLabel ?? 'x' },
          ...series.map((s) => ({ label: s.label, stroke: s.color, width: 2, scale: s.right ? 'acc' : 'y', dash: s.dash, points: { show: false }, spanGaps: true, value: legendValue })),
        ],
      };
      const { x: lx, ys: lys } = latest.current;
      plot.current = new UPlot(opts, [lx, ...plotValues(lys)] as uPlotType.AlignedData, box.current);
      showLatest(plot.current);
      ro = new ResizeObserver(() => {
        if (plot.current && box.current) plot.current.setSize({ width: Math.max(200, box.current.clientWidth), height });
      });
      ro.observe(box.current);
    });
    return () => {
      disposed = true;
      ro?.disconnect();
      plot.current?.destroy();
      plot.current = null;
    };
    // Rebuild only when the series layout changes; data flows through setData below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [layout]);

  useEffect(() => {
    if (!plot.current) return;
    plot.current.setData([x, ...plotValues(ys)] as uPlotType.AlignedData);
    showLatest(plot.current);
  }, [x, ys]);

  return <div ref={box} className="chart" data-testid={testId} data-points={x.length} data-scale={logY ? 'log' : 'linear'} data-y-label={yLabel} data-right-label={rightLabel} />;
}
