'use client';
/**
 * A race of loss curves, one per player, aligned on epochs (uPlot needs one shared x axis). A
 * diverging curve is cut at the axis ceiling (app/lib/race-clip.ts), dashed, and named below the
 * chart, so one player's blow-up does not squash everyone else's curve to the floor.
 */
import { useMemo } from 'react';
import { useI18n } from '../../i18n/i18n-provider';
import { CLASS_COLORS, loss as fmtLoss } from '../../lib/format';
import { clipRace } from '../../lib/race-clip';
import type { RaceCurve } from '../../lib/use-race';
import { LineChart } from './line-chart';

export function RaceChart({ curves, height = 260, testId = 'race' }: { curves: RaceCurve[]; height?: number; testId?: string }) {
  const { t } = useI18n();
  const { x, clip } = useMemo(() => {
    const xs = [...new Set(curves.flatMap((c) => c.epochs))].sort((a, b) => a - b);
    const at = new Map(xs.map((e, i) => [e, i]));
    const rows = curves.map((c) => {
      const row: (number | null)[] = new Array<number | null>(xs.length).fill(null);
      c.epochs.forEach((e, i) => {
        row[at.get(e) ?? 0] = c.losses[i];
      });
      return row;
    });
    return { x: xs, clip: clipRace(rows) };
  }, [curves]);
  const cut = curves.filter((_, i) => clip.clipped[i]);
  return (
    <div data-testid={testId} data-players={curves.length} data-ceiling={clip.ceiling ?? undefined} data-clipped={cut.map((c) => c.playerId).join(',')}>
      <LineChart
        x={x}
        ys={clip.rows}
        height={height}
        series={curves.map((c, i) => ({
          label: clip.clipped[i] ? `${c.nickname} ↑` : c.nickname,
          color: CLASS_COLORS[i % CLASS_COLORS.length],
          dash: clip.clipped[i] ? [8, 5] : undefined,
        }))}
        xLabel={t('chart.epoch')}
        yLabel={t('chart.loss')}
      />
      {clip.ceiling !== null && (
        <p className="hint" style={{ margin: 0 }} data-testid="race-clipped">
          {t('race.clipped', { ceiling: fmtLoss(clip.ceiling), names: cut.map((c) => c.nickname).join(', ') })}
        </p>
      )}
    </div>
  );
}
