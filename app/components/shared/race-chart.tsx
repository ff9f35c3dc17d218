'use client';
/** A race of loss curves, one per player, aligned on epochs (uPlot needs one shared x axis). */
import { useMemo } from 'react';
import { useI18n } from '../../i18n/i18n-provider';
import { CLASS_COLORS } from '../../lib/format';
import type { RaceCurve } from '../../lib/use-race';
import { LineChart } from './line-chart';

export function RaceChart({ curves, height = 260, testId = 'race' }: { curves: RaceCurve[]; height?: number; testId?: string }) {
  const { t } = useI18n();
  const { x, ys } = useMemo(() => {
    const xs = [...new Set(curves.flatMap((c) => c.epochs))].sort((a, b) => a - b);
    const at = new Map(xs.map((e, i) => [e, i]));
    const rows = curves.map((c) => {
      const row: (number | null)[] = new Array<number | null>(xs.length).fill(null);
      c.epochs.forEach((e, i) => {
        row[at.get(e) ?? 0] = c.losses[i];
      });
      return row;
    });
    return { x: xs, ys: rows };
  }, [curves]);
  return (
    <div data-testid={testId} data-players={curves.length}>
      <LineChart x={x} ys={ys} height={height} series={curves.map((c, i) => ({ label: c.nickname, color: CLASS_COLORS[i % CLASS_COLORS.length] }))} xLabel={t('chart.epoch')} />
    </div>
  );
}
