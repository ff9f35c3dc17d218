'use client';
/**
 * "Next round" in one click: the preset after the latest round's in the queue (game/presets'
 * order, the classic lessons from XOR to Digits, then round again), created and started at once.
 */
import { PRESETS } from '../../../game/presets';
import type { RoundPublic } from '../../../game/protocol';
import type { TaskId } from '../../../game/spec';
import { useI18n } from '../../i18n/i18n-provider';
import { presetTitle } from '../../i18n/catalog-text';

/** The queue's next preset after these rounds (by the latest round's preset title). Pure. */
export function nextPreset(rounds: readonly RoundPublic[]): (typeof PRESETS)[number] {
  const latest = [...rounds].sort((a, b) => b.index - a.index)[0];
  const at = latest ? PRESETS.findIndex((p) => p.title === latest.title) : -1;
  return PRESETS[(at + 1) % PRESETS.length];
}

export function NextRound({ rounds, busy, onNext }: { rounds: readonly RoundPublic[]; busy: boolean; onNext: (presetId: string, taskId: TaskId) => void }) {
  const { t } = useI18n();
  const preset = nextPreset(rounds);
  const blocked = rounds.some((r) => r.status === 'open');
  return (
    <section className="panel stack">
      <button type="button" className="btn btn-go btn-big" disabled={busy || blocked} data-testid="next-round" data-preset={preset.id} onClick={() => onNext(preset.id, preset.taskId)}>
        {t('host.nextRound', { title: presetTitle(t, preset.id, preset.title) })}
      </button>
      <span className="hint">{t('host.nextHint')}</span>
    </section>
  );
}
