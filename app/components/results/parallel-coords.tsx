'use client';
/**
 * Parallel coordinates of every submission: one vertical axis per dimension, one polyline per
 * submission, coloured from red (low score) to green (high). Categorical axes space their values
 * evenly; learning rate, L2 and parameter count use a log scale because their values span decades.
 */
import { ACTIVATIONS, OPTIMIZERS, SHORTCUTS } from '../../../game/spec';
import { summarizeNetwork } from '../../../game/summary';
import type { SubmissionDetail } from '../../lib/api';
import { useI18n } from '../../i18n/i18n-provider';
import { dimensionLabel } from '../shared/insights-bars';

interface Axis {
  name: string;
  value: (s: SubmissionDetail) => number | string;
  categories?: readonly string[];
  log?: boolean;
}

const W = 960;
const H = 320;
const PAD = 36;

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
  const scale = axes.map((a) => {
    if (a.categories) {
      const used = a.categories.filter((c) => rows.some((r) => a.value(r) === c));
      return (v: number | string) => (used.length <= 1 ? 0.5 : used.indexOf(String(v)) / (used.length - 1));
    }
    const f = (v: number) => (a.log ? Math.log10(Math.max(v, 1e-9)) : v);
    const vals = rows.map((r) => f(Number(a.value(r))));
    const lo = Math.min(...vals);
    const hi = Math.max(...vals);
    return (v: number | string) => (hi === lo ? 0.5 : (f(Number(v)) - lo) / (hi - lo));
  });
  const scores = rows.map((r) => r.fullScore ?? r.publicScore);
  const sLo = Math.min(...scores);
  const sHi = Math.max(...scores);
  const x = (i: number) => PAD + (i * (W - 2 * PAD)) / (axes.length - 1);
  const y = (u: number) => H - PAD - u * (H - 2 * PAD);
  const color = (sc: number) => {
    const u = sHi === sLo ? 1 : (sc - sLo) / (sHi - sLo);
    return `hsl(${Math.round(u * 130)}, 85%, 58%)`;
  };
  return (
    <svg viewBox={`0 0 ${W} ${H}`} className="diagram" role="img" aria-label={t('results.parallel')} data-testid="parallel-coords" data-rows={rows.length}>
      {axes.map((a, i) => (
        <g key={a.name}>
          <line x1={x(i)} x2={x(i)} y1={PAD} y2={H - PAD} stroke="#5a66a8" />
          <text x={x(i)} y={i % 2 === 0 ? H - 20 : H - 6} fill="#eef1ff" fontSize={11} textAnchor="middle">{a.name === 'score' ? t('common.score') : dimensionLabel(t, a.name)}</text>
        </g>
      ))}
      {rows.map((r, k) => (
        <polyline
          key={r.id}
          fill="none"
          stroke={color(scores[k])}
          strokeOpacity={0.75}
          strokeWidth={1.8}
          points={axes.map((a, i) => `${x(i)},${y(scale[i](a.value(r)))}`).join(' ')}
        >
          <title>{`${r.nickname}: ${(scores[k] * 100).toFixed(2)}%`}</title>
        </polyline>
      ))}
    </svg>
  );
}
