/**
 * What every part of the round service shares: its dependencies (all interfaces, so the service
 * runs on SQLite or memory, a real or fake clock, socket.io or a recorder) and small per-process
 * caches that can always be rebuilt from storage.
 */
import type { Broadcaster } from './broadcaster';
import type { Clock, TimerHandle } from './clock';
import type { KeyedQueue } from './queue';
import type { Storage } from '../db/storage';
import type { Throttle } from './throttle';
import type { Verifier } from './verifier';
import type { DatasetLoader } from '../game/tasks/real-data';
import type { LruCache } from './lru';

export interface ServiceDeps {
  store: Storage;
  clock: Clock;
  broadcaster: Broadcaster;
  verifier: Verifier;
  /** Reads real data files (trainRows of real-data rounds). */
  loader?: DatasetLoader;
  /** Diagnostic log line; silent when absent. */
  log?: (line: string) => void;
  /** Interval of the leaderboard and progress throttles, ms (PROTOCOL.md: 250). */
  broadcastIntervalMs?: number;
  /** Players (not kicked) per tournament; a join beyond is CONFLICT (default 2,500). */
  maxPlayersPerTournament?: number;
}

export interface ServiceContext extends Required<Omit<ServiceDeps, 'loader' | 'maxPlayersPerTournament'>> {
  loader?: DatasetLoader;
  /** One serial queue per tournament id. */
  queue: KeyedQueue;
  boardThrottle: Throttle;
  progressThrottle: Throttle;
  /** Round id → close timer (open rounds only). */
  timers: Map<string, TimerHandle>;
  /** Round id → published train rows (derived from the secret seed; cached, never stored; the last 64 rounds). */
  trainRows: LruCache<string, number[] | null>;
  /** Background work (audits) still running, so `close()` can wait for it. */
  background: Set<Promise<unknown>>;
  closed: { value: boolean };
  /**
   * Per-service state of the submission and audit paths (formerly module-level WeakMaps keyed by
   * the context): all rebuildable, none of it stored.
   */
  inFlight: InFlightState;
  /** Replays of open rounds' submissions on idle workers (server/open-replays.ts). */
  openReplays: { kick(): void; scoring<T>(work: () => Promise<T>): Promise<T> };
}

/** One player's latest training report, as `progress:update` carries it. */
export interface ProgressState {
  nickname: string;
  epoch: number;
  loss: number;
  accuracy: number;
}

export interface InFlightState {
  /** Submission id → its replay in flight (server/audit-scheduler.ts). */
  audits: Map<string, Promise<void>>;
  /** `${roundId}:${playerId}:${key}` → the call holding that submission key (server/submission-keys.ts). */
  submissionKeys: Map<string, Promise<void>>;
  /** `${roundId}:${playerId}` → submissions scored but not yet inserted (they count against the limit). */
  scoring: Map<string, number>;
  /** The last submission createdAt issued, epoch ms (strictly increasing within the process). */
  lastStamp: { value: number };
  /** Round id → player id → latest progress report. */
  progress: Map<string, Map<string, ProgressState>>;
}

/** Fresh, empty in-flight state for a new service. */
export function createInFlightState(): InFlightState {
  return { audits: new Map(), submissionKeys: new Map(), scoring: new Map(), lastStamp: { value: Number.NEGATIVE_INFINITY }, progress: new Map() };
}

/** Open-round replays switched off (the service installs the real ones once its context exists). */
export const NO_OPEN_REPLAYS: ServiceContext['openReplays'] = {
  kick: () => undefined,
  scoring: (work) => work(),
};

/** Tracks a background promise until it settles; errors are logged, never unhandled. */
export function track(ctx: ServiceContext, p: Promise<unknown>, what: string): void {
  const q = p.catch((e: unknown) => ctx.log(`${what} failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}`));
  ctx.background.add(q);
  void q.finally(() => ctx.background.delete(q));
}
