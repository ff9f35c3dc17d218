'use client';
/**
 * The lobby: every player's name as a chip, in join order, so the class sees itself arrive before
 * the first round (as in a Kahoot lobby). Pure rendering of the list it is given.
 */
import { memo } from 'react';
import { useI18n } from '../../i18n/i18n-provider';
import type { ClassPlayer } from '../../lib/use-tournament-players';

/** `highlight` marks the viewer's own name (a player's page). */
export const LobbyPlayers = memo(function LobbyPlayers({ players, highlight }: { players: ClassPlayer[]; highlight?: string | null }) {
  const { t } = useI18n();
  return (
    <section className="panel stack" data-testid="lobby" data-count={players.length} aria-live="polite">
      <h2>{t('lobby.title', { n: players.length })}</h2>
      {players.length === 0 ? (
        <p className="hint">{t('lobby.empty')}</p>
      ) : (
        <ul className="chips">
          {players.map((p) => (
            <li key={p.id} className={p.id === highlight ? 'chip mine' : 'chip'} data-testid="lobby-player" data-player={p.nickname}><bdi>{p.nickname}</bdi></li>
          ))}
        </ul>
      )}
    </section>
  );
});
