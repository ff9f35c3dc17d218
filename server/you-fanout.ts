/**
 * `leaderboard:you` at class scale: which players' own entry or rank moved since they were last
 * told, found in one pass over the ranked board (each entry built from the position the pass is
 * at, not looked up per player), then sent `YOU_SLICE` messages per event-loop turn so that a
 * board move touching 2,000 players does not hold the acks waiting behind 2,000 emits.
 */
import type { LeaderboardYou } from '../game/protocol';
import type { RankedBoard } from '../game/ranked-board';

/** Messages sent per event-loop turn before yielding (setImmediate) to acks and other I/O. */
export const YOU_SLICE = 250;

/** One player's `leaderboard:you`. */
export interface YouMessage {
  playerId: string;
  payload: LeaderboardYou;
}

/**
 * The `leaderboard:you` messages of the players whose entry, rank or the board's mode changed since
 * `told` (player id → what they were last told), in one pass over the board; `told` is updated.
 * @example const messages = youMessages(board, round.id, told); // then sendInSlices(messages, send)
 */
export function youMessages(board: RankedBoard, roundId: string, told: Map<string, string>): YouMessage[] {
  const mode = board.final ? 'f' : 'l';
  const total = board.total;
  const out: YouMessage[] = [];
  board.forEachRank((playerId, _rank, key, entry) => {
    const k = `${mode}|${key}`;
    if (told.get(playerId) === k) return;
    told.set(playerId, k);
    out.push({ playerId, payload: { roundId, final: board.final, total, entry: entry() } });
  });
  return out;
}

/**
 * Calls `send` on every item, `slice` per event-loop turn; stops early once `stopped()` is true
 * (the service closed). Resolves after the last slice.
 * @example await sendInSlices(messages, (m) => broadcaster.toPlayer(m.playerId, 'leaderboard:you', m.payload));
 */
export async function sendInSlices<T>(items: T[], send: (item: T) => void, stopped: () => boolean = () => false, slice = YOU_SLICE): Promise<void> {
  for (let i = 0; i < items.length; i += slice) {
    if (i > 0) await new Promise<void>((resolve) => setImmediate(resolve));
    if (stopped()) return;
    for (const item of items.slice(i, i + slice)) send(item);
  }
}
