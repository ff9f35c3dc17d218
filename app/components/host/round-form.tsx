'use client';
/**
 * The host's "new round" form: a preset (the classic lessons) or custom rules for any task,
 * prefilled with the task's defaults from game/presets, with a title and an optional minimum
 * depth. Custom rules are checked as they are typed with game/presets' own `resolveRules`, and
 * each problem is named beside its field; a server error lands beside the Create button.
 */
import { useMemo, useState, type FormEvent } from 'react';
import { PRESETS, RulesError, defaultRules, resolveRules } from '../../../game/presets';
import type { RoundRules } from '../../../game/rules';
import { ACTIVATIONS, SHORTCUTS, TASK_IDS, rulesSchema, type Rules, type TaskId } from '../../../game/spec';
import type { MessageKey } from '../../i18n/en';
import { useI18n } from '../../i18n/i18n-provider';
import { presetDescription, presetTitle, taskTitle } from '../../i18n/catalog-text';
import { count } from '../../lib/format';

export type RoundDraft = { preset: string; taskId: TaskId; title?: string } | { taskId: TaskId; rules: Partial<RoundRules>; title?: string };

/** A numeric rule's bounds, read from game/spec's schema so the form never restates them. */
function bounds(key: keyof Rules | 'minLayers'): { min: number; max: number } {
  const field = key === 'minLayers' ? rulesSchema.shape.maxLayers : rulesSchema.shape[key];
  const num = field as unknown as { minValue?: number | null; maxValue?: number | null };
  return { min: num.minValue ?? 0, max: num.maxValue ?? Number.MAX_SAFE_INTEGER };
}

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

export function RoundForm({ onCreate, busy, error }: { onCreate: (d: RoundDraft) => void; busy: boolean; error?: string | null }) {
  const { t, locale } = useI18n();
  const [mode, setMode] = useState<string>(PRESETS[0]?.id ?? 'custom');
  const [rules, setRules] = useState<Rules>(() => defaultRules('xor'));
  const [minLayers, setMinLayers] = useState('');
  const [title, setTitle] = useState('');
  const preset = PRESETS.find((p) => p.id === mode);
  const custom: Partial<RoundRules> = minLayers.trim() === '' ? rules : { ...rules, minLayers: Number(minLayers) };
  // Every problem, by field: the same check the server runs on round:create.
  const problems = useMemo(() => {
    if (preset) return new Map<string, string>();
    try {
      resolveRules(rules.taskId, null, custom);
      return new Map<string, string>();
    } catch (e) {
      if (!(e instanceof RulesError)) throw e;
      const out = new Map<string, string>();
      for (const v of e.violations) {
        const key = v.field.replace(/^rules\./, '').split('.')[0];
        if (v.code === 'rules.minLayersOverMax') out.set(key, t('host.minOverMax', { min: String(v.params.min), max: String(v.params.max) }));
        else if (key === 'allowedActivations' || key === 'allowedShortcuts') out.set(key, t('host.pickOne'));
        else {
          const b = bounds(key as keyof Rules);
          out.set(key, t('host.fieldRange', { min: count(b.min, locale), max: count(b.max, locale) }));
        }
      }
      return out;
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [preset, rules, minLayers, locale]);
  const autoTitle = `${taskTitle(t, rules.taskId)} · ≤${rules.maxLayers} × ${rules.maxUnits} · ≤${count(rules.maxParams, locale)}`;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (problems.size > 0) return;
    const named = title.trim() === '' ? undefined : title.trim();
    if (preset) onCreate({ preset: preset.id, taskId: preset.taskId, title: named });
    else onCreate({ taskId: rules.taskId, rules: custom, title: named ?? autoTitle });
  };
  const fieldError = (key: string) => {
    const msg = problems.get(key);
    return msg ? <span className="error" role="alert" data-testid={`rule-error-${key}`}>{msg}</span> : null;
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
      <label className="field">
        {t('host.roundTitle')}
        <input value={title} maxLength={80} placeholder={preset ? presetTitle(t, preset.id, preset.title) : autoTitle} data-testid="round-title" onChange={(e) => setTitle(e.target.value)} />
      </label>
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
                <input type="number" step={step} value={rules[key] as number} data-testid={`rule-${key}`} aria-invalid={problems.has(key)} onChange={(e) => setRules({ ...rules, [key]: Number(e.target.value) })} />
                {fieldError(key)}
              </label>
            ))}
            <label className="field">
              {t('rules.minLayers')}
              <input type="number" min={1} value={minLayers} placeholder="—" data-testid="rule-minLayers" aria-invalid={problems.has('minLayers')} onChange={(e) => setMinLayers(e.target.value)} />
              {fieldError('minLayers')}
            </label>
          </div>
          <fieldset className="row" style={{ border: 'none', padding: 0 }}>
            <legend className="hint">{t('rules.activations')} {fieldError('allowedActivations')}</legend>
            {ACTIVATIONS.map((a) => (
              <label key={a} className="row" style={{ gap: '0.25rem' }}>
                <input type="checkbox" checked={rules.allowedActivations.includes(a)} onChange={() => toggle('allowedActivations', a)} />
                {t(`act.${a}` as MessageKey)}
              </label>
            ))}
          </fieldset>
          <fieldset className="row" style={{ border: 'none', padding: 0 }}>
            <legend className="hint">{t('rules.shortcuts')} {fieldError('allowedShortcuts')}</legend>
            {SHORTCUTS.map((s) => (
              <label key={s} className="row" style={{ gap: '0.25rem' }}>
                <input type="checkbox" checked={rules.allowedShortcuts.includes(s)} onChange={() => toggle('allowedShortcuts', s)} />
                {t(`shortcut.${s}` as MessageKey)}
              </label>
            ))}
          </fieldset>
        </div>
      )}
      {problems.size > 0 && <p className="error" data-testid="round-form-invalid">{t('host.fixFields', { n: problems.size })}</p>}
      {error && <p className="error" role="alert" data-testid="round-form-error">{error}</p>}
      <button className="btn btn-primary" type="submit" disabled={busy || problems.size > 0} data-testid="create-round">{t('host.create')}</button>
    </form>
  );
}
