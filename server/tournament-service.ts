/**
 * The authoritative game service: every client call of PROTOCOL.md as one async method that
 * returns the ack data or throws an `ApiError`, plus the read models of the HTTP API. It depends
 * only on interfaces (Storage, Clock, Broadcaster, Verifier), never on socket.io or SQL.
 */
import { resolveRules } from '../game/presets';
import { PRESETS } from '../game/presets';
import { INSIGHTS_VERSION } from '../game/insights';
import type { AckData, Message, RoundPublic, StandingEntry, TournamentPublic } from '../game/protocol';
import { isoNow } from './clock';
import { NO_OPEN_REPLAYS, createInFlightState } from './context';
import type { ServiceContext, ServiceDeps } from './context';
import { createOpenReplays } from './open-replays';
import { inThreadInsights } from './insights/insights-computer';
import { newId, newJoinCode } from './codes';
import { createKeyedQueue } from './queue';
import { LruCache } from './lru';
import { createThrottle } from './throttle';
import { createLiveBoards } from './live-boards';
import { createSharedBoards } from './shared-boards';
import { createClassRosters } from './class-roster';
import { announceJoin, announceKick } from './players-feed';
import { ApiError } from './errors';
import {
  activePlayerCount,
  currentRound,
  requireHost,
  requirePlayer,
  requireRound,
  requireTournament,
  roundPublic,
} from './lookups';
import { PLAYERS_BOARD_INTERVAL_MS, YOU_INTERVAL_MS, emitStandings, retellYou, roundBoard, scheduleBoard, scheduleYou, tournamentStandings } from './boards';
import { saveResults } from './audit-scheduler';
import { openRound, recoverRounds, shutRound } from './round-lifecycle';
import { reportProgress, submit } from './submissions';
import { createRateLimiter } from './rate-limit';
import { hashSecret, newSecret } from './tokens';
import { toPlayerPublic, toTournamentPublic } from './public-shapes';
import { NicknameTakenError } from '../db/storage';
import type { RoundRow, TournamentRow } from '../db/storage';
import { createReadModels } from './read-models';
import { localLeases } from './round-leases';
import { startRoundOwnership, type RoundOwnership } from './round-ownership';
import { nicknameKey } from '../game/nickname-key';
import { blockAddresses, checkNewJoin, setLocked } from './host-controls';
import type { ReadModels } from './read-models';

/** Players (not kicked) one tournament may hold unless configured otherwise. */
export const DEFAULT_MAX_PLAYERS_PER_TOURNAMENT = 2_500;

export interface GameService extends ReadModels {
  createTournament(msg: Message<'tournament:create'>): Promise<AckData['tournament:create'] & { tournamentId: string }>;
  hostResume(msg: Message<'host:resume'>): Promise<AckData['host:resume'] & { tournamentId: string }>;
  createRound(msg: Message<'round:create'>): Promise<AckData['round:create']>;
  startRound(msg: Message<'round:start'>): Promise<AckData['round:start']>;
  closeRound(msg: Message<'round:close'>): Promise<AckData['round:close']>;
  /**
   * `addressesOf` names the client addresses of the player's open sockets; with `block: true`
   * they are kept out of the tournament (server/host-controls.ts).
   */
  kickPlayer(
    msg: Message<'player:kick'>,
    addressesOf?: (playerId: string) => Promise<string[]>,
  ): Promise<{ playerId: string; tournamentId: string }>;
  /** Locks or unlocks the lobby against new nicknames (host only). */
  lockTournament(msg: Message<'tournament:lock'>): Promise<AckData['tournament:lock']>;
  /**
   * `allow` is the per-connection join limit, consulted last (step 8); `address` is the client's,
   * checked against the tournament's blocks for a join by nickname.
   */
  joinPlayer(
    msg: Message<'player:join'>,
    allow?: () => boolean,
    address?: string,
  ): Promise<AckData['player:join'] & { tournamentId: string }>;
  submit(msg: Message<'submission:create'>): Promise<AckData['submission:create']>;
  /**
   * Fire and forget: invalid or excess reports are dropped. `boundPlayerId` is the player the
   * socket joined as (its token was checked then), so the report needs no token hashing.
   */
  progress(msg: Message<'training:progress'>, boundPlayerId?: string): Promise<void>;
  spectate(msg: Message<'spectate'>): Promise<AckData['spectate'] & { tournamentId: string }>;
  /** Re-arms timers and resumes audits from the stored state (call once at start-up). */
  recover(): Promise<void>;
  /** Stops timers and waits for queued work; background audits are abandoned (they resume on restart). */
  close(): Promise<void>;
  /** Resolves once every background audit started so far has settled (tests). */
  settled(): Promise<void>;
  /**
   * Starts claiming round leases every `intervalMs` (several servers on one database): this
   * process then runs the timers and audits of the rounds it holds and takes over lapsed ones.
   */
  ownRounds(intervalMs: number): RoundOwnership;
  /**
   * A socket of the player joined this server (a resume after a reconnect, perhaps from another
   * server): their `leaderboard:you` for the round is sent again within a second, changed or not.
   */
  playerSocketJoined(playerId: string, roundId: string): void;
}

/**
 * Follows the other servers' board moves: this server's board of the round looks at storage on its
 * next read, and this server's own players hear their entry (server/broadcaster.ts `boardMoved`).
 */
function followBoardMoves(ctx: ServiceContext): void {
  ctx.broadcaster.onBoardMoved((roundId) => {
    ctx.boards.moved(roundId);
    scheduleYou(ctx, roundId);
  });
}

/**
 * @example const service = createGameService({ store, clock: systemClock, broadcaster, verifier }); await service.recover();
 */
export function createGameService(deps: ServiceDeps): GameService {
  const interval = deps.broadcastIntervalMs ?? 250;
  const ctx: ServiceContext = {
    store: deps.store,
    sharedStore: deps.sharedStore ?? false,
    clock: deps.clock,
    broadcaster: deps.broadcaster,
    verifier: deps.verifier,
    loader: deps.loader,
    log: deps.log ?? (() => undefined),
    broadcastIntervalMs: interval,
    queue: createKeyedQueue(),
    boardThrottle: deps.boardThrottle ?? createThrottle(deps.clock, interval),
    youThrottle: createThrottle(deps.clock, YOU_INTERVAL_MS),
    playersBoardThrottle: deps.playersBoardThrottle ?? createThrottle(deps.clock, PLAYERS_BOARD_INTERVAL_MS),
    playersThrottle: createThrottle(deps.clock, interval),
    // Several servers on one database: boards follow the other servers' rows (server/shared-boards.ts).
    boards: deps.sharedStore ? createSharedBoards(deps.store, { changed: (roundId) => scheduleYou(ctx, roundId) }) : createLiveBoards(deps.store),
    rosters: createClassRosters(deps.store, { shared: deps.sharedStore }),
    progressThrottle: createThrottle(deps.clock, interval),
    timers: new Map(),
    trainRows: new LruCache(64),
    background: new Set(),
    closed: { value: false },
    leases: deps.leases ?? localLeases(),
    owned: new Set(),
    auditing: new Set(),
    openReplays: NO_OPEN_REPLAYS,
    insights: deps.insights ?? inThreadInsights,
    insightsCache: new LruCache(32),
    joinAddresses: new LruCache(10_000),
    inFlight: createInFlightState(),
  };
  ctx.openReplays = createOpenReplays(ctx);
  followBoardMoves(ctx);
  const maxPlayers = deps.maxPlayersPerTournament ?? DEFAULT_MAX_PLAYERS_PER_TOURNAMENT;
  const progressLimiter = createRateLimiter({ limit: 4, windowMs: 1000, clock: deps.clock });

  const tournamentPublic = async (t: TournamentRow): Promise<TournamentPublic> =>
    toTournamentPublic(t, await activePlayerCount(ctx, t.id));
  const roundsPublic = async (rows: RoundRow[]): Promise<RoundPublic[]> => Promise.all(rows.map((r) => roundPublic(ctx, r)));
  const hostRound = async (code: string, hostKey: string | undefined, roundId: string) => {
    const t = await requireTournament(ctx, code);
    requireHost(t, hostKey);
    return { t, round: await requireRound(ctx, t.id, roundId) };
  };

  return {
    ...createReadModels(ctx),

    async createTournament(msg) {
      let code = newJoinCode();
      for (let i = 0; i < 20 && (await ctx.store.getTournamentByCode(code)); i++) code = newJoinCode();
      const hostKey = newSecret();
      const row: TournamentRow = {
        id: newId(),
        code,
        title: msg.title,
        hostKeyHash: hashSecret(hostKey),
        status: 'active',
        createdAt: isoNow(ctx.clock),
        locked: false,
      };
      await ctx.store.createTournament(row);
      return { tournament: toTournamentPublic(row, 0), hostKey, tournamentId: row.id };
    },

    async hostResume(msg) {
      const t = await requireTournament(ctx, msg.code);
      requireHost(t, msg.hostKey);
      return { tournament: await tournamentPublic(t), rounds: await roundsPublic(await ctx.store.listRounds(t.id)), tournamentId: t.id };
    },

    async createRound(msg) {
      const t = await requireTournament(ctx, msg.code);
      requireHost(t, msg.hostKey);
      if (msg.preset !== undefined && !PRESETS.some((p) => p.id === msg.preset)) {
        throw new ApiError('NOT_FOUND', `No preset is called "${msg.preset}".`);
      }
      let rules;
      try {
        rules = resolveRules(msg.taskId, msg.preset, msg.rules);
      } catch (e) {
        throw new ApiError('RULE_VIOLATION', `These rules do not fit the task (${e instanceof Error ? e.message : String(e)}).`);
      }
      return ctx.queue.run(t.id, async () => {
        const rounds = await ctx.store.listRounds(t.id);
        const index = rounds.length + 1;
        const preset = PRESETS.find((p) => p.id === msg.preset);
        const row: RoundRow = {
          id: newId(),
          tournamentId: t.id,
          index,
          title: msg.title ?? (preset ? preset.title : `Round ${index}`),
          presetId: preset?.id ?? null,
          status: 'draft',
          rules,
          trainSeed: null,
          testSeed: null,
          createdAt: isoNow(ctx.clock),
          startedAt: null,
          endsAt: null,
          closedAt: null,
          finalizedAt: null,
          insightsVersion: INSIGHTS_VERSION,
        };
        await ctx.store.createRound(row);
        const round = await roundPublic(ctx, row);
        ctx.broadcaster.toTournament(t.id, 'round:update', round);
        return { round };
      });
    },

    async startRound(msg) {
      const { t, round } = await hostRound(msg.code, msg.hostKey, msg.roundId);
      return ctx.queue.run(t.id, async () => {
        const fresh = (await ctx.store.getRound(round.id)) ?? round;
        const opened = await roundPublic(ctx, await openRound(ctx, t, fresh));
        ctx.broadcaster.toTournament(t.id, 'round:update', opened);
        scheduleBoard(ctx, round.id);
        return { round: opened };
      });
    },

    async closeRound(msg) {
      const { t, round } = await hostRound(msg.code, msg.hostKey, msg.roundId);
      return ctx.queue.run(t.id, async () => {
        const fresh = (await ctx.store.getRound(round.id)) ?? round;
        return { round: await roundPublic(ctx, await shutRound(ctx, fresh)) };
      });
    },

    async lockTournament(msg) {
      const t = await requireTournament(ctx, msg.code);
      requireHost(t, msg.hostKey);
      return ctx.queue.run(t.id, async () => ({ tournament: await tournamentPublic(await setLocked(ctx, t, msg.locked)) }));
    },

    async kickPlayer(msg, addressesOf) {
      const t = await requireTournament(ctx, msg.code);
      requireHost(t, msg.hostKey);
      return ctx.queue.run(t.id, async () => {
        const p = await ctx.store.getPlayer(msg.playerId);
        if (!p || p.tournamentId !== t.id) throw new ApiError('NOT_FOUND', `No player ${msg.playerId} in this tournament.`);
        if (p.kickedAt !== null) throw new ApiError('CONFLICT', `${p.nickname} was already removed.`);
        // The addresses are read before the eviction below takes the sockets out of the player's room.
        if (msg.block) {
          const known = ctx.joinAddresses.get(p.id);
          const open = addressesOf ? await addressesOf(p.id) : [];
          await blockAddresses(ctx, t.id, known === undefined ? open : [known, ...open], isoNow(ctx.clock));
        }
        await ctx.store.kickPlayer(p.id, isoNow(ctx.clock));
        ctx.boards.kicked(p.id);
        ctx.rosters.kicked(t.id);
        ctx.broadcaster.toPlayer(p.id, 'player:kicked', {});
        ctx.broadcaster.evictPlayer(p.id, t.id);
        announceKick(ctx, t, p.id, await activePlayerCount(ctx, t.id));
        for (const r of await ctx.store.listRounds(t.id)) {
          if (r.status === 'draft') continue;
          // The final board leaves the kicked player out, so the points that follow its ranks must too.
          if (r.status === 'final') await saveResults(ctx, r);
          scheduleBoard(ctx, r.id);
        }
        await emitStandings(ctx, t.id, t.code);
        return { playerId: p.id, tournamentId: t.id };
      });
    },

    async joinPlayer(msg, allow, address) {
      const t = await requireTournament(ctx, msg.code);
      return ctx.queue.run(t.id, async () => {
        let player;
        let playerToken: string;
        // The roster (read once per tournament, then kept by joins and kicks) answers the nickname check and the count.
        let active: number;
        if ('playerToken' in msg) {
          player = await requirePlayer(ctx, msg.playerToken, t.id);
          playerToken = msg.playerToken;
          if (allow && !allow()) throw new ApiError('RATE_LIMITED', 'Too many joins from this connection; wait a minute.');
          active = (await ctx.rosters.get(t.id)).active;
        } else {
          // The stored key is the confusable skeleton (rows from before it hold plain lower case, which
          // still catches exact repeats); the unique index on it settles races.
          const key = nicknameKey(msg.nickname);
          await checkNewJoin(ctx, t.id, address);
          const roster = await ctx.rosters.get(t.id);
          if (roster.keys.has(key)) throw new ApiError('NICKNAME_TAKEN', `The nickname "${msg.nickname}" is already taken here.`);
          if (roster.active >= maxPlayers) {
            throw new ApiError('CONFLICT', `This tournament is full (${maxPlayers} players); ask the host to start another one.`);
          }
          if (allow && !allow()) throw new ApiError('RATE_LIMITED', 'Too many joins from this connection; wait a minute.');
          playerToken = newSecret();
          player = {
            id: newId(),
            tournamentId: t.id,
            nickname: msg.nickname,
            nicknameKey: key,
            tokenHash: hashSecret(playerToken),
            joinedAt: isoNow(ctx.clock),
            kickedAt: null,
          };
          try {
            await ctx.store.createPlayer(player);
          } catch (e) {
            if (e instanceof NicknameTakenError) throw new ApiError('NICKNAME_TAKEN', e.message);
            throw e;
          }
          ctx.rosters.joined(player);
          active = roster.active;
          announceJoin(ctx, t, player, active);
        }
        if (address !== undefined) ctx.joinAddresses.set(player.id, address);
        const rounds = await ctx.store.listRounds(t.id);
        const cur = currentRound(rounds);
        return {
          player: toPlayerPublic(player),
          playerToken,
          tournament: toTournamentPublic(t, active),
          round: cur ? await roundPublic(ctx, cur) : null,
          tournamentId: t.id,
        };
      });
    },

    submit: (msg) => submit(ctx, msg),
    progress: (msg, boundPlayerId) => reportProgress(ctx, msg, progressLimiter, boundPlayerId),

    async spectate(msg) {
      const t = await requireTournament(ctx, msg.code);
      const cur = currentRound(await ctx.store.listRounds(t.id));
      const board = cur ? await roundBoard(ctx, cur) : null;
      return {
        tournament: await tournamentPublic(t),
        round: cur ? await roundPublic(ctx, cur) : null,
        leaderboard: board?.entries ?? [],
        total: board?.total ?? 0,
        tournamentId: t.id,
      };
    },

    recover: () => recoverRounds(ctx),
    ownRounds: (intervalMs) => startRoundOwnership(ctx, intervalMs),
    playerSocketJoined: (playerId, roundId) => retellYou(ctx, roundId, playerId),

    async close() {
      ctx.closed.value = true;
      for (const h of ctx.timers.values()) ctx.clock.clearTimeout(h);
      ctx.timers.clear();
      ctx.boardThrottle.cancelAll();
      ctx.youThrottle.cancelAll();
      ctx.playersBoardThrottle.cancelAll();
      ctx.playersThrottle.cancelAll();
      ctx.progressThrottle.cancelAll();
      await ctx.queue.idle();
    },

    async settled() {
      while (ctx.background.size > 0) await Promise.all([...ctx.background]);
      await ctx.queue.idle();
    },
  };
}

export type { StandingEntry };
