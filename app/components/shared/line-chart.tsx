'use client';
/**
 * A uPlot line chart that follows its container's width. `series` share the x values; uPlot is
 * imported lazily because it touches `window` at load. The chart is created once per axis
 * layout; series are added and removed in place and data is only fed (setData), which keeps live
 * updates cheap.
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

/** uPlot's options for one of our series (index 0 of uPlot's list is the x values). */
function seriesOptions(s: ChartSeries): uPlotType.Series {
  return { label: s.label, stroke: s.color, width: 2, scale: s.right ? 'acc' : 'y', dash: s.dash, points: { show: false }, spanGaps: true, value: legendValue };
}

/** What tells two series apart for uPlot: a change here replaces the series. */
const seriesKey = (s: ChartSeries): string => `${s.label}|${s.color}|${s.right ? 1 : 0}|${s.dash?.join(' ') ?? ''}`;

export function LineChart({ x, ys, series, height = 240, xLabel, testId, logY, yLabel, rightLabel }: LineChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlotType | null>(null);
  const latest = useRef<{ x: number[]; ys: (number | null)[][]; series: ChartSeries[] }>({ x, ys, series });
  latest.current = { x, ys, series };
  /** The series the chart has now (uPlot's list less the x values). */
  const shown = useRef<ChartSeries[]>([]);
  const hasRight = series.some((s) => s.right);
  // What needs a new chart: axes and scales. Series come and go in place (`keys` below): the
  // training view adds its validation curves when a run's first message arrives, and a rebuild
  // there (a new canvas, a forced layout) fell between Train and the first epoch (issue 7).
  const layout = `${height}|${logY ? 1 : 0}|${hasRight ? 1 : 0}|${xLabel ?? ''}|${yLabel ?? ''}|${rightLabel ?? ''}`;
  const keys = series.map(seriesKey).join(',');

  useEffect(() => {
    let disposed = false;
    let ro: ResizeObserver | null = null;
    void import('uplot').then(({ default: UPlot }) => {
      if (disposed || !box.current) return;
      const { x: lx, ys: lys, series: ls } = latest.current;
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
        series: [{ label: xLabel ?? 'x' }, ...ls.map(seriesOptions)],
      };
      shown.current = ls.slice();
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
    // Rebuild only when the axes change; series and data flow through the effects below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [layout]);

  // Runs before the data effect, so setData meets as many series as it has rows.
  useEffect(() => {
    const u = plot.current;
    if (!u) return;
    const next = latest.current.series;
    const now = shown.current;
    let same = 0;
    while (same < now.length && same < next.length && seriesKey(now[same]) === seriesKey(next[same])) same++;
    for (let i = now.length; i > same; i--) u.delSeries(i);
    for (let i = same; i < next.length; i++) u.addSeries(seriesOptions(next[i]), i + 1);
    shown.current = next.slice();
  }, [keys]);

  useEffect(() => {
    if (!plot.current) return;
    plot.current.setData([x, ...plotValues(ys)] as uPlotType.AlignedData);
    showLatest(plot.current);
  }, [x, ys]);

  return <div ref={box} className="chart" data-testid={testId} data-points={x.length} data-scale={logY ? 'log' : 'linear'} data-y-label={yLabel} data-right-label={rightLabel} />;
}
