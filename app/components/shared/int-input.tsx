'use client';
/**
 * A whole-number field that can be cleared and retyped: while it has focus the text is the
 * player's own (Backspace leaves it empty, "12" stays 12), and only a whole number within
 * [min, max] is reported. On blur the field shows the last value reported, or clamps what was
 * typed into range.
 */
import { useState, type InputHTMLAttributes } from 'react';

export interface IntInputProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange' | 'type' | 'min' | 'max'> {
  value: number;
  min: number;
  max: number;
  onChange: (v: number) => void;
}

/** @example <IntInput value={units} min={1} max={16} onChange={setUnits} data-testid="width" /> */
export function IntInput({ value, min, max, onChange, onFocus, onBlur, ...rest }: IntInputProps) {
  const [draft, setDraft] = useState<string | null>(null);
  const report = (text: string, clamp: boolean) => {
    if (text.trim() === '') return;
    const n = Number(text);
    if (!Number.isFinite(n)) return;
    const whole = Math.round(n);
    if (clamp) onChange(Math.min(max, Math.max(min, whole)));
    else if (whole === n && n >= min && n <= max) onChange(n);
  };
  return (
    <input
      {...rest}
      type="number"
      inputMode="numeric"
      min={min}
      max={max}
      value={draft ?? String(value)}
      onFocus={(e) => {
        setDraft(String(value));
        onFocus?.(e);
      }}
      onChange={(e) => {
        setDraft(e.target.value);
        report(e.target.value, false);
      }}
      onBlur={(e) => {
        if (draft !== null) report(draft, true);
        setDraft(null);
        onBlur?.(e);
      }}
    />
  );
}
