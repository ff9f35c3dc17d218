'use client';
/**
 * Time left until `endsAt` (ISO string, server time), as m:ss, ticking 4 times a second; turns red
 * under 10 s. "Now" is the server's (app/lib/server-clock), not the device's own clock.
 */
import { useEffect, useState } from 'react';
import { clock } from '../../lib/format';
import { useServerOffset } from '../../lib/server-clock';

export function Countdown({ endsAt, className, testId = 'countdown' }: { endsAt: string | null; className?: string; testId?: string }) {
  const offset = useServerOffset();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!endsAt) return;
    const id = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(id);
  }, [endsAt]);
  if (!endsAt) return <span className={`countdown ${className ?? ''}`} data-testid={testId}>—</span>;
  const left = (Date.parse(endsAt) - (now + offset)) / 1000;
  return (
    <span className={`countdown ${left < 10 ? 'low' : ''} ${className ?? ''}`} data-testid={testId} data-left-s={Math.max(0, Math.ceil(left))} role="timer" aria-live="off">
      {clock(left)}
    </span>
  );
}
