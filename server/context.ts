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
import type { RoundLeases } from './round-leases';
import type { LiveBoards } from './live-boards';
import type { InsightsComputer } from './insights/insights-computer';
import type { InsightsFold } from '../game/insights';
import type { ClassRosters } from './class-roster';
import type { PendingPlayers } from './players-feed';

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
  /** Who runs each round's timer and audit (server/round-leases.ts); default: this process, always. */
  leases?: RoundLeases;
  /** Other processes write the same database (several servers): boards follow it (server/shared-boards.ts). */
  sharedStore?: boolean;
  /** Players (not kicked) per tournament; a join beyond is CONFLICT (default 2,500). */
  maxPlayersPerTournament?: number;
  /** Where insights are folded (the server: a worker thread); in the calling thread when absent. */
  insights?: InsightsComputer;
  /** The leaderboard throttle; default one per process (several servers: server/cluster-throttle.ts). */
  boardThrottle?: Throttle;
  /** The throttle of a big room's players' `leaderboard:update` (server/boards.ts); default one per process. */
  playersBoardThrottle?: Throttle;
}

export interface ServiceContext extends Required<Omit<ServiceDeps, 'loader' | 'maxPlayersPerTournament' | 'sharedStore'>> {
  loader?: DatasetLoader;
  /** Other servers write the same database (`ServiceDeps.sharedStore`). */
  sharedStore: boolean;
  /** One serial queue per tournament id. */
  queue: KeyedQueue;
  boardThrottle: Throttle;
  /** `players:update` per tournament (players-feed.ts). */
  playersThrottle: Throttle;
  /** `leaderboard:you` per round, at most once per second (boards.ts). */
  youThrottle: Throttle;
  /** Each round's board, kept incrementally (live-boards.ts). */
  boards: LiveBoards;
  /** Nickname keys and active counts per tournament (class-roster.ts). */
  rosters: ClassRosters;
  progressThrottle: Throttle;
  /** Round id → close timer (open rounds only). */
  timers: Map<string, TimerHandle>;
  /** Round id → published train rows (derived from the secret seed; cached, never stored; the last 64 rounds). */
  trainRows: LruCache<string, number[] | null>;
  /** Background work (audits) still running, so `close()` can wait for it. */
  background: Set<Promise<unknown>>;
  closed: { value: boolean };
  /** Rounds whose lease this process holds (server/round-ownership.ts). */
  owned: Set<string>;
  /** Rounds whose post-close audit runs in this process now. */
  auditing: Set<string>;
  /**
   * Per-service state of the submission and audit paths (formerly module-level WeakMaps keyed by
   * the context): all rebuildable, none of it stored.
   */
  inFlight: InFlightState;
  /** Replays of open rounds' submissions on idle workers (server/open-replays.ts). */
  openReplays: { kick(): void; scoring<T>(work: () => Promise<T>): Promise<T> };
  /** Round id → its last insights and the rows and audit states they were folded from (the last 32 rounds). */
  insightsCache: LruCache<string, { signature: string; result: Promise<InsightsFold> }>;
  /**
   * Player id → the client address of their latest join in this process (the last 10,000), so a
   * "block rejoining" kick still knows it when the player's tab was closed just before.
   */
  joinAddresses: LruCache<string, string>;
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
  /** Round id → players who reported since the round's last progress:update (what a big class's update carries). */
  progressChanged: Map<string, Set<string>>;
  /**
   * `${roundId}:${playerId}` → rows handed to the store but not yet committed. The insert is awaited
   * outside the tournament's queue (concurrent submissions share one group commit), so the next
   * call's limit check inside the queue counts them too.
   */
  committing: Map<string, number>;
  /**
   * Round id → player id → what `leaderboard:you` last told them (rank, entry submission, audit,
   * count, mode), so only the players whose own entry or rank moved hear again (server/boards.ts).
   */
  youSent: Map<string, Map<string, string>>;
  /** Tournament id → the class changes not yet sent as `players:update` (server/players-feed.ts). */
  playersPending: Map<string, PendingPlayers>;
}

/** Fresh, empty in-flight state for a new service. */
export function createInFlightState(): InFlightState {
  return { audits: new Map(), submissionKeys: new Map(), scoring: new Map(), lastStamp: { value: Number.NEGATIVE_INFINITY }, progress: new Map(), progressChanged: new Map(), committing: new Map(), youSent: new Map(), playersPending: new Map() };
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
