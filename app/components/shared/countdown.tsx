'use client';
/** Time left until `endsAt` (ISO string), as m:ss, ticking 4 times a second; turns red under 10 s. */
import { useEffect, useState } from 'react';
import { clock } from '../../lib/format';

export function Countdown({ endsAt, className, testId = 'countdown' }: { endsAt: string | null; className?: string; testId?: string }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!endsAt) return;
    const id = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(id);
  }, [endsAt]);
  if (!endsAt) return <span className={`countdown ${className ?? ''}`} data-testid={testId}>—</span>;
  const left = (Date.parse(endsAt) - now) / 1000;
  return (
    <span className={`countdown ${left < 10 ? 'low' : ''} ${className ?? ''}`} data-testid={testId} role="timer" aria-live="off">
      {clock(left)}
    </span>
  );
}
