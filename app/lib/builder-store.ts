/**
 * The builder's state per round in localStorage (network and training), so a reload on /play
 * brings back the 12-layer per-layer net the player built rather than the 2×8 default. Read values
 * pass the same zod schemas the server uses: a stale or hand-edited entry is ignored, never trusted.
 */
import { z } from 'zod';
import { networkSchema, trainingSchema, type NetworkSpec, type TrainingSpec } from '../../game/spec';

const PREFIX = 'tune-arena:builder:';
/** Rounds remembered at most: older entries are dropped so storage does not grow without end. */
const KEEP = 8;

const savedSchema = z.object({ network: networkSchema, training: trainingSchema, savedAt: z.number() });

export interface BuilderState {
  network: NetworkSpec;
  training: TrainingSpec;
}

/**
 * The builder state saved for this round, or null (none, unreadable, or storage blocked).
 * @example const saved = loadBuilder(round.id) ?? { network: defaultNetwork(rules), training }
 */
export function loadBuilder(roundId: string): BuilderState | null {
  try {
    const raw = localStorage.getItem(PREFIX + roundId);
    if (!raw) return null;
    const parsed = savedSchema.safeParse(JSON.parse(raw));
    return parsed.success ? { network: parsed.data.network, training: parsed.data.training } : null;
  } catch {
    return null;
  }
}

/** Saves the builder state for this round (side effect: localStorage), keeping the newest KEEP rounds. */
export function saveBuilder(roundId: string, state: BuilderState): void {
  try {
    localStorage.setItem(PREFIX + roundId, JSON.stringify({ ...state, savedAt: Date.now() }));
    const keys: { key: string; at: number }[] = [];
    for (let i = 0; i < localStorage.length; i++) {
      const key = localStorage.key(i);
      if (!key?.startsWith(PREFIX)) continue;
      const at = Number((JSON.parse(localStorage.getItem(key) ?? '{}') as { savedAt?: unknown }).savedAt);
      keys.push({ key, at: Number.isFinite(at) ? at : 0 });
    }
    keys.sort((a, b) => b.at - a.at);
    for (const old of keys.slice(KEEP)) localStorage.removeItem(old.key);
  } catch {
    // Storage blocked or full: the builder still works, it just will not survive a reload.
  }
}
