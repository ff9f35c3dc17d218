'use client';
/**
 * The projector's sense of occasion: a get-ready count (3, 2, 1, Go!) for the first seconds of a
 * round, "Time's up!" when it closes, a fullscreen button, and an optional sound (off by default,
 * one toggle; Web Audio beeps, no files). Times are the server's (app/lib/server-clock).
 */
import { useEffect, useRef, useState } from 'react';
import type { RoundPublic } from '../../../game/protocol';
import { useI18n } from '../../i18n/i18n-provider';
import { useServerOffset } from '../../lib/server-clock';

/** Seconds of the get-ready count after a round opens, and of the "time's up" banner. */
export const GET_READY_S = 3;
export const TIMES_UP_S = 5;

type Stage = { kind: 'ready'; n: number } | { kind: 'go' } | { kind: 'timesUp' } | null;

/** Which banner shows at `nowMs` (server time): the count after the open, or after `closedAtMs`. Pure. */
export function stageAt(round: RoundPublic | null, nowMs: number, closedAtMs: number | null): Stage {
  if (!round) return null;
  if (round.status === 'open' && round.startedAt) {
    const since = (nowMs - Date.parse(round.startedAt)) / 1000;
    if (since >= 0 && since < GET_READY_S) return { kind: 'ready', n: Math.max(1, Math.ceil(GET_READY_S - since)) };
    if (since >= GET_READY_S && since < GET_READY_S + 1) return { kind: 'go' };
  }
  const ended = round.status === 'closed' || round.status === 'final';
  if (ended && closedAtMs !== null && nowMs - closedAtMs < TIMES_UP_S * 1000) return { kind: 'timesUp' };
  return null;
}

function beep(ctx: AudioContext, freq: number, ms: number): void {
  const osc = ctx.createOscillator();
  const gain = ctx.createGain();
  osc.frequency.value = freq;
  gain.gain.setValueAtTime(0.15, ctx.currentTime);
  gain.gain.exponentialRampToValueAtTime(0.001, ctx.currentTime + ms / 1000);
  osc.connect(gain).connect(ctx.destination);
  osc.start();
  osc.stop(ctx.currentTime + ms / 1000);
}

/** The banner over the projector, plus the sound and fullscreen controls. */
export function StageControls({ round }: { round: RoundPublic | null }) {
  const { t } = useI18n();
  const offset = useServerOffset();
  const [now, setNow] = useState(() => Date.now());
  const [sound, setSound] = useState(false);
  const audio = useRef<AudioContext | null>(null);
  // When this screen saw the round go from open to closed (or straight to final): a reload of a
  // round that ended long ago shows no "time's up".
  const closedAt = useRef<{ id: string; at: number } | null>(null);
  const seen = useRef<{ id: string; status: string } | null>(null);
  const status = round?.status;
  const id = round?.id;
  if (id && status) {
    const ended = status === 'closed' || status === 'final';
    if (ended && seen.current?.id === id && seen.current.status === 'open') closedAt.current = { id, at: Date.now() + offset };
    seen.current = { id, status };
  }

  useEffect(() => {
    const h = setInterval(() => setNow(Date.now()), 200);
    return () => clearInterval(h);
  }, []);
  const stage = stageAt(round, now + offset, closedAt.current?.id === id ? closedAt.current?.at ?? null : null);
  const cue = stage ? (stage.kind === 'ready' ? `ready${stage.n}` : stage.kind) : null;
  useEffect(() => {
    if (!sound || !cue || !audio.current) return;
    beep(audio.current, cue === 'go' ? 880 : cue === 'timesUp' ? 330 : 520, cue === 'timesUp' ? 600 : 180);
  }, [cue, sound]);

  const toggleSound = () => {
    // Browsers only start audio from a click: the context is made here, never before.
    audio.current ??= new AudioContext();
    void audio.current.resume();
    setSound((s) => !s);
  };
  const fullscreen = () => {
    if (document.fullscreenElement) void document.exitFullscreen();
    else void document.documentElement.requestFullscreen?.();
  };

  return (
    <>
      <div className="row stage-controls">
        <button type="button" className="btn" data-testid="sound-toggle" aria-pressed={sound} onClick={toggleSound}>{sound ? t('watch.soundOn') : t('watch.soundOff')}</button>
        <button type="button" className="btn" data-testid="fullscreen" onClick={fullscreen}>{t('watch.fullscreen')}</button>
      </div>
      {stage && (
        <div className="stage-banner" role="status" data-testid="stage-banner" data-stage={stage.kind}>
          {stage.kind === 'ready' ? t('watch.getReady', { n: stage.n }) : stage.kind === 'go' ? t('watch.go') : t('watch.timesUp')}
        </div>
      )}
    </>
  );
}
