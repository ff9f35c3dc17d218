/**
 * Applies a `players:update` delta (docs/protocol.md: who joined, who was kicked, the count) to the
 * class a page shows, so the host console and the lobby list players as they arrive without the
 * server ever resending the whole class. Pure.
 */
import type { PlayersUpdate } from '../../game/protocol';

/**
 * The list after the delta: kicked players drop out, new ones are appended in join order, fields a
 * page already keeps per player (points) survive.
 * @example applyPlayersDelta([{ id: 'a', nickname: 'Ada' }], { code, count: 2, joined: [{ id: 'b', nickname: 'Bo' }], kicked: [] })
 *   // [{ id: 'a', nickname: 'Ada' }, { id: 'b', nickname: 'Bo' }]
 */
export function applyPlayersDelta<P extends { id: string; nickname: string }>(list: P[], update: PlayersUpdate): P[] {
  const kicked = new Set(update.kicked);
  const kept = list.filter((p) => !kicked.has(p.id));
  const known = new Set(kept.map((p) => p.id));
  const added = update.joined.filter((j) => !known.has(j.id) && !kicked.has(j.id)) as P[];
  return added.length === 0 && kept.length === list.length ? list : [...kept, ...added];
}
