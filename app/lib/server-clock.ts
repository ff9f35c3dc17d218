'use client';
/**
 * The server's clock as seen from this browser: countdowns compare `endsAt` (server time) with
 * `Date.now() + offset`, so a device clock 90 s fast still shows the same time left as everyone
 * else. The offset comes from `GET /api/time`'s `now` (milliseconds since the epoch), measured
 * NTP-style: the server read its clock about halfway through the round trip. The fastest of a few
 * samples wins (the least queueing); it is measured once per page and again after a reconnect.
 */
import { useEffect, useState } from 'react';
import { z } from 'zod';

const healthSchema = z.looseObject({ now: z.number() });
const SAMPLES = 3;

let offsetMs = 0;
let pending: Promise<number> | null = null;
const listeners = new Set<(offset: number) => void>();

async function sample(): Promise<{ offset: number; rtt: number } | null> {
  const sent = Date.now();
  try {
    const res = await fetch('/api/time', { cache: 'no-store' });
    const received = Date.now();
    const parsed = healthSchema.safeParse(await res.json());
    if (!parsed.success) return null;
    return { offset: parsed.data.now - (sent + received) / 2, rtt: received - sent };
  } catch {
    return null;
  }
}

/**
 * Measures the offset (side effect: a few HTTP requests) and tells every `useServerNow` about it.
 * Calls made while one measurement runs share it.
 * @example await syncServerClock(); // later: Date.now() + serverOffset()
 */
export function syncServerClock(): Promise<number> {
  pending ??= (async () => {
    let best: { offset: number; rtt: number } | null = null;
    for (let i = 0; i < SAMPLES; i++) {
      const s = await sample();
      if (s && (!best || s.rtt < best.rtt)) best = s;
    }
    if (best) offsetMs = Math.round(best.offset);
    pending = null;
    for (const l of listeners) l(offsetMs);
    return offsetMs;
  })();
  return pending;
}

/** Server time minus device time, in milliseconds (0 until measured). */
export function serverOffset(): number {
  return offsetMs;
}

let started = false;

/**
 * The offset for a component, following later measurements. The first use starts the measurement.
 * @example const offset = useServerOffset(); const left = Date.parse(endsAt) - (Date.now() + offset);
 */
export function useServerOffset(): number {
  const [offset, setOffset] = useState(offsetMs);
  useEffect(() => {
    listeners.add(setOffset);
    setOffset(offsetMs);
    if (!started) {
      started = true;
      void syncServerClock();
    }
    return () => {
      listeners.delete(setOffset);
    };
  }, []);
  return offset;
}
