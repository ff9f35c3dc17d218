'use client';
/**
 * Parallel coordinates of every submission: one vertical axis per dimension, one polyline per
 * submission, coloured from red (low score) to green (high). Categorical axes space the values
 * that occur evenly and name each; numeric axes show their smallest, middle and largest value.
 * Learning rate, batch size and parameter count use a log scale because their values span decades.
 * Axis names sit above the axes, alternating in two rows so neighbours never overlap.
 */
import { ACTIVATIONS, OPTIMIZERS, SHORTCUTS } from '../../../game/spec';
import { summarizeNetwork } from '../../../game/summary';
import type { SubmissionDetail } from '../../lib/api';
import { useI18n } from '../../i18n/i18n-provider';
import { isMessageKey } from '../../i18n/locales';
import { dimensionLabel } from '../shared/insights-bars';
import { formatInsightValue } from '../shared/marginal-curves';

interface Axis {
  name: string;
  value: (s: SubmissionDetail) => number | string;
  categories?: readonly string[];
  log?: boolean;
}

interface Tick {
  u: number;
  label: string;
}

const W = 760;
const H = 340;
const TOP = 50;
const BOTTOM = 16;
const LEFT = 34;
// Room for the score axis's tick values, written to the right of it like every axis's.
const RIGHT = 64;
const TICK_FONT = 12;

const fmtScore = (v: number): string => `${(v * 100).toFixed(1)}%`;

export function ParallelCoords({ rows }: { rows: SubmissionDetail[] }) {
  const { t } = useI18n();
  const axes: Axis[] = [
    { name: 'depth', value: (s) => s.network.layers.length },
    { name: 'width', value: (s) => summarizeNetwork(s.network).width },
    { name: 'activation', value: (s) => summarizeNetwork(s.network).activation, categories: [...ACTIVATIONS, 'mixed'] },
    { name: 'shortcut', value: (s) => s.network.shortcut, categories: SHORTCUTS },
    { name: 'groups', value: (s) => summarizeNetwork(s.network).groups },
    { name: 'optimizer', value: (s) => s.training.optimizer, categories: OPTIMIZERS },
    { name: 'learningRate', value: (s) => s.training.learningRate, log: true },
    { name: 'batchSize', value: (s) => s.training.batchSize, log: true },
    { name: 'epochs', value: (s) => s.training.epochs },
    { name: 'params', value: (s) => s.params, log: true },
    { name: 'score', value: (s) => s.fullScore ?? s.publicScore },
  ];
  const label = (name: string): string => {
    if (name === 'score') return t('common.score');
    const key = `insights.name.${name}`;
    return isMessageKey(key) ? t(key) : dimensionLabel(t, name);
  };
  const scaled = axes.map((a) => {
    if (a.categories) {
      const used = a.categories.filter((c) => rows.some((r) => a.value(r) === c));
      const at = (v: number | string): number => (used.length <= 1 ? 0.5 : used.indexOf(String(v)) / (used.length - 1));
      return { at, ticks: used.map((c) => ({ u: at(c), label: c })) };
    }
    const f = (v: number): number => (a.log ? Math.log10(Math.max(v, 1e-9)) : v);
    const raw = rows.map((r) => Number(a.value(r)));
    const vals = raw.map(f);
    const lo = Math.min(...vals);
    const hi = Math.max(...vals);
    const at = (v: number | string): number => (hi === lo ? 0.5 : (f(Number(v)) - lo) / (hi - lo));
    const show = a.name === 'score' ? fmtScore : formatInsightValue;
    const rawLo = Math.min(...raw);
    const rawHi = Math.max(...raw);
    const ticks: Tick[] = rawLo === rawHi ? [{ u: 0.5, label: show(rawLo) }] : [{ u: 0, label: show(rawLo) }, { u: 1, label: show(rawHi) }];
    if (rawLo !== rawHi) {
      // The middle of the axis, in the axis's own scale (geometric for log axes).
      const mid = a.log ? 10 ** ((lo + hi) / 2) : (rawLo + rawHi) / 2;
      const m = a.name === 'score' ? mid : Number(mid.toPrecision(2));
      const midLabel = show(a.name !== 'score' && Number.isInteger(rawLo) && Number.isInteger(rawHi) ? Math.round(m) : m);
      if (!ticks.some((k) => k.label === midLabel)) ticks.push({ u: at(m), label: midLabel });
    }
    return { at, ticks };
  });
  const scores = rows.map((r) => r.fullScore ?? r.publicScore);
  const sLo = Math.min(...scores);
  const sHi = Math.max(...scores);
  const x = (i: number) => LEFT + (i * (W - LEFT - RIGHT)) / (axes.length - 1);
  const y = (u: number) => H - BOTTOM - u * (H - TOP - BOTTOM);
  const color = (sc: number) => {
    const u = sHi === sLo ? 1 : (sc - sLo) / (sHi - sLo);
    return `hsl(${Math.round(u * 130)}, 85%, 58%)`;
  };
  return (
    <svg viewBox={`0 0 ${W} ${H}`} className="diagram" role="img" aria-label={t('results.parallel')} data-testid="parallel-coords" data-rows={rows.length}>
      {rows.map((r, k) => (
        <polyline
          key={r.id}
          fill="none"
          stroke={color(scores[k])}
          strokeOpacity={0.75}
          strokeWidth={1.8}
          points={axes.map((a, i) => `${x(i)},${y(scaled[i].at(a.value(r)))}`).join(' ')}
        >
          <title>{`${r.nickname}: ${(scores[k] * 100).toFixed(2)}%`}</title>
        </polyline>
      ))}
      {axes.map((a, i) => (
        <g key={a.name} data-testid="parallel-axis" data-name={a.name}>
          <line x1={x(i)} x2={x(i)} y1={TOP} y2={H - BOTTOM} stroke="#5a66a8" strokeWidth={1.5} />
          <text x={x(i)} y={i % 2 === 0 ? 17 : 36} fill="#eef1ff" fontSize={14} fontWeight={700} textAnchor="middle">
            {label(a.name)}
          </text>
          {scaled[i].ticks.map((tk) => (
            <g key={tk.label}>
              <line x1={x(i) - 3} x2={x(i) + 3} y1={y(tk.u)} y2={y(tk.u)} stroke="#9aa3d0" />
              <text
                x={x(i) + 5}
                y={y(tk.u) + 4}
                fill="#eef1ff"
                fontSize={TICK_FONT}
                stroke="#0b0e1a"
                strokeWidth={3}
                paintOrder="stroke"
                data-testid="parallel-tick"
              >
                {tk.label}
              </text>
            </g>
          ))}
        </g>
      ))}
    </svg>
  );
}
