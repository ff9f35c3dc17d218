'use client';
/**
 * The host's "new round" form: a preset (the classic lessons) or custom rules for any task,
 * prefilled with the task's defaults from game/presets. It only collects input; the server
 * resolves and validates the rules (`round:create`).
 */
import { useState, type FormEvent } from 'react';
import { PRESETS, defaultRules } from '../../../game/presets';
import { ACTIVATIONS, SHORTCUTS, TASK_IDS, type Rules, type TaskId } from '../../../game/spec';
import type { MessageKey } from '../../i18n/en';
import { useI18n } from '../../i18n/i18n-provider';
import { presetDescription, presetTitle, taskTitle } from '../../i18n/catalog-text';

export type RoundDraft = { preset: string; taskId: TaskId } | { taskId: TaskId; rules: Partial<Rules> };

const NUMERIC: [keyof Rules, MessageKey, number][] = [
  ['durationSec', 'rules.duration', 1],
  ['trainSize', 'rules.trainSize', 1],
  ['noise', 'rules.noise', 0.05],
  ['maxLayers', 'rules.maxLayers', 1],
  ['maxUnits', 'rules.maxUnits', 1],
  ['maxParams', 'rules.maxParams', 1],
  ['maxEpochs', 'rules.maxEpochs', 1],
  ['maxGroups', 'rules.maxGroups', 1],
  ['maxSubmissions', 'rules.maxSubmissions', 1],
  ['auditTopK', 'rules.auditTopK', 1],
];

export function RoundForm({ onCreate, busy }: { onCreate: (d: RoundDraft) => void; busy: boolean }) {
  const { t } = useI18n();
  const [mode, setMode] = useState<string>(PRESETS[0]?.id ?? 'custom');
  const [rules, setRules] = useState<Rules>(() => defaultRules('xor'));
  const preset = PRESETS.find((p) => p.id === mode);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (preset) onCreate({ preset: preset.id, taskId: preset.taskId });
    else onCreate({ taskId: rules.taskId, rules });
  };
  const toggle = <K extends 'allowedActivations' | 'allowedShortcuts'>(key: K, v: Rules[K][number]) => {
    const cur = rules[key] as readonly string[];
    const next = cur.includes(v) ? cur.filter((x) => x !== v) : [...cur, v];
    setRules({ ...rules, [key]: next });
  };

  return (
    <form className="panel stack" onSubmit={submit} data-testid="round-form">
      <h2>{t('host.newRound')}</h2>
      <label className="field">
        {t('host.preset')}
        <select value={mode} onChange={(e) => setMode(e.target.value)} data-testid="preset">
          {PRESETS.map((p) => <option key={p.id} value={p.id}>{presetTitle(t, p.id, p.title)}</option>)}
          <option value="custom">{t('host.custom')}</option>
        </select>
      </label>
      {preset && <p className="hint">{presetDescription(t, preset.id, preset.description)}</p>}
      {!preset && (
        <div className="stack">
          <label className="field">
            {t('task.label')}
            <select value={rules.taskId} data-testid="custom-task" onChange={(e) => setRules(defaultRules(e.target.value as TaskId))}>
              {TASK_IDS.map((id) => <option key={id} value={id}>{taskTitle(t, id)}</option>)}
            </select>
          </label>
          <div className="grid" style={{ gridTemplateColumns: 'repeat(auto-fit, minmax(130px, 1fr))', gap: '0.6rem' }}>
            {NUMERIC.map(([key, label, step]) => (
              <label className="field" key={key}>
                {t(label)}
                <input type="number" step={step} value={rules[key] as number} data-testid={`rule-${key}`} onChange={(e) => setRules({ ...rules, [key]: Number(e.target.value) })} />
              </label>
            ))}
          </div>
          <fieldset className="row" style={{ border: 'none', padding: 0 }}>
            <legend className="hint">{t('rules.activations')}</legend>
            {ACTIVATIONS.map((a) => (
              <label key={a} className="row" style={{ gap: '0.25rem' }}>
                <input type="checkbox" checked={rules.allowedActivations.includes(a)} onChange={() => toggle('allowedActivations', a)} />
                {t(`act.${a}` as MessageKey)}
              </label>
            ))}
          </fieldset>
          <fieldset className="row" style={{ border: 'none', padding: 0 }}>
            <legend className="hint">{t('rules.shortcuts')}</legend>
            {SHORTCUTS.map((s) => (
              <label key={s} className="row" style={{ gap: '0.25rem' }}>
                <input type="checkbox" checked={rules.allowedShortcuts.includes(s)} onChange={() => toggle('allowedShortcuts', s)} />
                {t(`shortcut.${s}` as MessageKey)}
              </label>
            ))}
          </fieldset>
        </div>
      )}
      <button className="btn btn-primary" type="submit" disabled={busy} data-testid="create-round">{t('host.create')}</button>
    </form>
  );
}
