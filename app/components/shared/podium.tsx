'use client';
/** The podium: the top three of a board, second-first-third like the real thing. */
import type { LeaderboardEntry } from '../../../game/protocol';
import { pct } from '../../lib/format';

export function Podium({ entries, final }: { entries: LeaderboardEntry[]; final: boolean }) {
  const top = [...entries].filter((e) => e.audit !== 'rejected').sort((a, b) => a.rank - b.rank).slice(0, 3);
  const order = [top[1], top[0], top[2]];
  const place = [2, 1, 3];
  return (
    <div className="podium" data-testid="podium">
      {order.map((e, i) =>
        e ? (
          <div key={e.playerId} className={`podium-step podium-${place[i]}`} data-testid={`podium-${place[i]}`}>
            <div className="place">{place[i]}</div>
            <div className="who"><bdi>{e.nickname}</bdi></div>
            <div>{pct(final ? e.privateScore ?? e.publicScore : e.publicScore)}</div>
          </div>
        ) : (
          <div key={`empty-${i}`} className="podium-step" style={{ visibility: 'hidden' }} />
        ),
      )}
    </div>
  );
}
